// Loads one or more config files: YAML with positions → merge by top-level key → ajv schema
// (unknown keys, types, defaults) → semantic pass → one deep-frozen Config, or every problem.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { glob } from 'tinyglobby';
import type { Diagnostic } from '../model/diagnostic.js';
import { hasErrors } from '../model/diagnostic.js';
import { BuildContext } from './context.js';
import { mergeFiles } from './merge.js';
import { validateConfigSchema } from './schema/root.js';
import { buildConfig } from './semantic.js';
import { checkReceiverTemplates, checkTemplateFiles } from './templates-check.js';
import type { Config } from './types.js';
import type { JsonPath, YamlFile } from './yaml.js';
import { formatPath, parseYamlFile } from './yaml.js';

/** Converts ajv's JSON pointer into a path, with numeric segments where the data has arrays. */
function pointerToPath(data: unknown, pointer: string): Array<string | number> {
  const out: Array<string | number> = [];
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

const GO_TYPE: Readonly<Record<string, string>> = {
  string: 'string',
  boolean: 'bool',
  integer: 'int',
  number: 'float64',
  object: 'map[string]string',
};

/** The Go type a schema stands for, as yaml.v2's "cannot unmarshal ... into T" names it. */
function goType(schema: unknown): string {
  const s = (schema ?? {}) as { type?: unknown; items?: unknown; properties?: unknown };
  const t = Array.isArray(s.type) ? 'string' : String(s.type);
  if (t === 'array') return `[]${goType(s.items)}`;
  if (t === 'object' && s.properties !== undefined) return 'struct';
  return GO_TYPE[t] ?? 'interface {}';
}

/** yaml.v2's description of a value: its tag, and the text for scalars. */
function yamlKind(v: unknown): string {
  if (Array.isArray(v)) return '!!seq';
  if (v !== null && typeof v === 'object') return '!!map';
  if (typeof v === 'string') return `!!str \`${v}\``;
  if (typeof v === 'boolean') return `!!bool \`${v}\``;
  if (typeof v === 'number') return `${Number.isInteger(v) ? '!!int' : '!!float'} \`${v}\``;
  return '!!null';
}

function valueAt(data: unknown, path: JsonPath): unknown {
  let cur = data;
  for (const seg of path)
    cur =
      cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** Reports one ajv error; returns the path of a value the semantic pass must not see. */
function reportSchemaError(ctx: BuildContext, data: unknown, e: ErrorObject): JsonPath | undefined {
  const path = pointerToPath(data, e.instancePath);
  const where = formatPath(path);
  if (e.keyword === 'additionalProperties') {
    const prop = String((e.params as { additionalProperty?: unknown }).additionalProperty);
    ctx.error(
      [...path, prop],
      `field ${prop} not found in ${where === '' ? 'config' : where}`,
      'config.unknown_field',
      true,
    );
    return undefined;
  }
  const value = valueAt(data, path);
  if (e.keyword === 'type') {
    ctx.error(
      path,
      `${where}: cannot unmarshal ${yamlKind(value)} into ${goType(e.parentSchema)}`,
      'config.type',
    );
  } else if (e.keyword === 'enum') {
    const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((x) =>
      JSON.stringify(x),
    );
    ctx.error(path, `${where}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}`, 'config.enum');
  } else {
    ctx.error(path, `${where}: ${e.message ?? 'invalid value'}`, 'config.schema');
  }
  return path;
}

/** Deletes the value at a path so later passes skip it. */
function deleteAt(data: unknown, path: JsonPath): void {
  const parent = valueAt(data, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined || parent === null || typeof parent !== 'object') return;
  // Array items become holes, which forEach/map skip.
  delete (parent as Record<string, unknown>)[String(last)];
}

/** Freezes plain objects and arrays recursively (class instances such as Secret freeze themselves). */
function deepFreeze<T>(v: T): T {
  if (
    v !== null &&
    typeof v === 'object' &&
    (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)
  ) {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

async function readYamlFiles(files: readonly string[], diagnostics: Diagnostic[]): Promise<YamlFile[]> {
  const out: YamlFile[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : String(code);
      diagnostics.push({
        severity: 'error',
        file,
        message: `open ${file}: ${why}`,
        code: 'config.unreadable_file',
      });
      continue;
    }
    const parsed = parseYamlFile(file, text);
    diagnostics.push(...parsed.diagnostics);
    out.push(parsed.yaml);
  }
  return out;
}

/**
 * Loads and validates the given config files as one configuration. Returns the frozen config only
 * when there is no error; every problem (with file:line:col) is in `diagnostics` either way.
 */
export async function loadConfig(files: string[]): Promise<{ config?: Config; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const yamls = await readYamlFiles(files, diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const merged = mergeFiles(yamls, diagnostics);
  const ctx = new BuildContext(merged.sourceOf);
  const data = merged.value;
  const bad = validateConfigSchema(data)
    .map((e) => reportSchemaError(ctx, data, e))
    .filter((p): p is JsonPath => p !== undefined);
  for (const p of bad.sort((a, b) => b.length - a.length)) deleteAt(data, p);
  const config = buildConfig(
    ctx,
    data,
    merged.present,
    files.map((f) => resolve(f)),
  );
  checkReceiverTemplates(ctx, (data as Record<string, unknown> | undefined)?.['receivers']);
  diagnostics.push(...ctx.diagnostics);
  if (!hasErrors(diagnostics))
    diagnostics.push(...(await checkTemplateFiles(await expandTemplateFiles(config))));
  diagnostics.sort(byPosition(files));
  if (hasErrors(diagnostics)) return { diagnostics };
  return { config: deepFreeze(config), diagnostics };
}

/** Orders diagnostics by file (in argument order), then line and column. */
function byPosition(files: readonly string[]): (a: Diagnostic, b: Diagnostic) => number {
  return (a, b) =>
    files.indexOf(a.file) - files.indexOf(b.file) ||
    (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
    (a.position?.column ?? 0) - (b.position?.column ?? 0);
}

/** Expands the glob patterns in order; a pattern matching nothing is not an error. */
async function expand(patterns: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of patterns) {
    const found = await glob(p, { absolute: true, onlyFiles: true, expandDirectories: false });
    for (const f of found.sort()) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** The rule files the config's `rule_files` globs match, absolute and de-duplicated. */
export async function expandRuleFiles(config: Config): Promise<string[]> {
  return expand(config.rule_files);
}

/** The template files the config's `templates` globs match, absolute and de-duplicated. */
export async function expandTemplateFiles(config: Config): Promise<string[]> {
  return expand(config.templates);
}
