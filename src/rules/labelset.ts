// Small label-set helpers the rules engine uses for identity and output formatting.
import { compareStrings, type Labels } from '../model/labels.js';

/** A canonical string identity of a label set (sorted `name\xffvalue\xff` pairs). */
export function labelsKey(labels: Labels): string {
  let out = '';
  for (const name of Object.keys(labels).sort(compareStrings)) out += `${name}\xff${labels[name] ?? ''}\xff`;
  return out;
}

/** A copy of `labels` without `__name__`. */
export function dropMetricName(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (k !== '__name__') out[k] = v;
  return out;
}

/** Go's `url.QueryEscape`: spaces become `+`, everything but `A-Za-z0-9-_.~` is %-escaped. */
export function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Prometheus' `generatorURL` for a rule expression: `<externalURL>/graph?g0.expr=…&g0.tab=1`. */
export function generatorURL(externalURL: string, expr: string): string {
  return `${externalURL.replace(/\/+$/, '')}/graph?g0.expr=${goQueryEscape(expr)}&g0.tab=1`;
}
