// Prometheus relabeling (`model/relabel`), for `write_relabel_configs` and `alert_relabel_configs`.
import { createHash } from 'node:crypto';
import type { RelabelConfig } from '../config/types.js';
import { isValidLabelName, type Labels } from '../model/labels.js';

/** Go's `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups expand to "". */
export function expandReplacement(template: string, m: RegExpExecArray): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_all, what: string, braced?: string, bare?: string) => {
      if (what === '$') return '$';
      const name = braced ?? bare ?? '';
      if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
      return m.groups?.[name] ?? '';
    },
  );
}

function hashMod(val: string, modulus: number): string {
  const digest = createHash('md5').update(val).digest();
  return (digest.readBigUInt64BE(8) % BigInt(modulus)).toString();
}

function replace(cfg: RelabelConfig, val: string, out: Record<string, string>): void {
  const m = cfg.regexp.exec(val);
  if (!m) return;
  const target = expandReplacement(cfg.target_label ?? '', m);
  if (!isValidLabelName(target)) return;
  const res = expandReplacement(cfg.replacement, m);
  if (res === '') delete out[target];
  else out[target] = res;
}

function byName(cfg: RelabelConfig, out: Record<string, string>): void {
  for (const [name, value] of Object.entries(out)) {
    const matches = cfg.regexp.test(name);
    if (cfg.action === 'labeldrop' && matches) delete out[name];
    else if (cfg.action === 'labelkeep' && !matches) delete out[name];
    else if (cfg.action === 'labelmap' && matches) {
      const m = cfg.regexp.exec(name);
      if (m) out[expandReplacement(cfg.replacement, m)] = value;
    }
  }
}

/** Applies one step; returns false when the series or alert is dropped. */
function step(cfg: RelabelConfig, out: Record<string, string>): boolean {
  const val = cfg.source_labels.map((n) => out[n] ?? '').join(cfg.separator);
  const target = cfg.target_label ?? '';
  switch (cfg.action) {
    case 'drop':
      return !cfg.regexp.test(val);
    case 'keep':
      return cfg.regexp.test(val);
    case 'dropequal':
      return (out[target] ?? '') !== val;
    case 'keepequal':
      return (out[target] ?? '') === val;
    case 'replace':
      replace(cfg, val, out);
      return true;
    case 'lowercase':
      out[target] = val.toLowerCase();
      return true;
    case 'uppercase':
      out[target] = val.toUpperCase();
      return true;
    case 'hashmod':
      out[target] = hashMod(val, cfg.modulus ?? 1);
      return true;
    default:
      byName(cfg, out);
      return true;
  }
}

/**
 * Runs the relabel steps in order on a copy of `labels`; `undefined` when a step drops it or
 * no label is left. Empty values are removed, as Prometheus' label builder does.
 */
export function relabel(labels: Labels, configs: readonly RelabelConfig[]): Labels | undefined {
  if (configs.length === 0) return labels;
  const out: Record<string, string> = { ...labels };
  for (const cfg of configs) if (!step(cfg, out)) return undefined;
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return Object.keys(out).length > 0 ? out : undefined;
}
