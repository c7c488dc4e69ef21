// Merges several parsed config files into one raw value by top-level key (and `global` by its
// own keys), remembering which file set each key so diagnostics point into the right file.
import type { Diagnostic } from '../model/diagnostic.js';
import { PROMETHEUS_ONLY_SECTIONS } from './schema/prometheus.js';
import type { JsonPath, YamlFile } from './yaml.js';

/** The merged raw value and the file every top-level (and `global.*`) key came from. */
export interface Merged {
  readonly value: Record<string, unknown>;
  /** Top-level keys the files set (before defaults). */
  readonly present: ReadonlySet<string>;
  sourceOf(path: JsonPath): YamlFile | undefined;
}

/** Go's YAML decoder leaves a field at its zero value for `key:` with no value; so do we. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === null ? {} : dropNulls(x)));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = dropNulls(x);
    return out;
  }
  return v;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Merges the files; duplicate keys across files and non-mapping documents are errors. */
export function mergeFiles(files: readonly YamlFile[], diagnostics: Diagnostic[]): Merged {
  const value: Record<string, unknown> = {};
  const top = new Map<string, YamlFile>();
  const global = new Map<string, YamlFile>();
  let firstGlobal: YamlFile | undefined;
  const dup = (f: YamlFile, path: JsonPath, name: string, other: YamlFile): void => {
    diagnostics.push({
      severity: 'error',
      file: f.file,
      position: f.locate(path, true),
      message: `${name} is set in both ${other.file} and ${f.file}`,
      code: 'config.duplicate_key',
    });
  };
  for (const f of files) {
    if (f.value === undefined) continue;
    if (!isMap(f.value)) {
      diagnostics.push({
        severity: 'error',
        file: f.file,
        position: f.locate([]),
        message: 'a config file must be a YAML mapping',
        code: 'config.not_a_map',
      });
      continue;
    }
    const v = dropNulls(f.value) as Record<string, unknown>;
    for (const [key, val] of Object.entries(v)) {
      if (PROMETHEUS_ONLY_SECTIONS.includes(key)) {
        diagnostics.push({
          severity: 'info',
          file: f.file,
          position: f.locate([key], true),
          message: `${key}: Prometheus-only section, ignored by Vigil`,
          code: 'config.ignored_section',
        });
        continue;
      }
      if (key === 'global' && isMap(val)) {
        firstGlobal ??= f;
        const g = (value['global'] ??= {}) as Record<string, unknown>;
        for (const [gk, gv] of Object.entries(val)) {
          const other = global.get(gk);
          if (other) dup(f, ['global', gk], `global.${gk}`, other);
          else {
            global.set(gk, f);
            g[gk] = gv;
          }
        }
        continue;
      }
      const other = top.get(key);
      if (other) dup(f, [key], key, other);
      else {
        top.set(key, f);
        value[key] = val;
      }
    }
  }
  const first = files[0];
  return {
    value,
    present: new Set(top.keys()),
    sourceOf: (path) => {
      const head = path[0];
      if (head === undefined) return first;
      if (head === 'global')
        return (path[1] !== undefined ? global.get(String(path[1])) : undefined) ?? firstGlobal;
      return top.get(String(head));
    },
  };
}
