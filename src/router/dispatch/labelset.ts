// Go's text forms of label sets, as they appear inside Alertmanager group keys.
import type { Labels } from '../../model/labels.js';

/** Go's `strconv.Quote` for the characters label values realistically contain. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Prometheus' `LabelSet.String()`: `name="value"` strings sorted as strings (not by name) and
 * joined with `, ` in braces — the right half of a group key.
 */
export function labelSetString(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${goQuote(v)}`);
  parts.sort();
  return `{${parts.join(', ')}}`;
}
