// Results tables: one row per figure with the anchor's and Vigil's medians, the ratio
// Vigil / anchor, the bar from issue 7 and whether it is met.
import { fmt, fmtSummary } from './stats.js';
import type { Summary } from './stats.js';

/** The bar a figure must clear: a ratio to the anchor, an absolute limit, or a margin. */
export type Bar =
  | { readonly kind: 'ratio>='; readonly value: number }
  | { readonly kind: 'ratio<='; readonly value: number }
  | { readonly kind: 'max'; readonly value: number }
  | { readonly kind: 'within'; readonly value: number };

/** One figure of a benchmark. */
export interface Row {
  readonly figure: string;
  readonly unit: string;
  readonly anchor: string;
  readonly anchorValue: Summary | undefined;
  readonly vigil: Summary | undefined;
  readonly bar?: Bar;
}

/** A benchmark's output: its rows plus free-text notes (missing endpoints, errors). */
export interface Report {
  readonly title: string;
  readonly rows: Row[];
  readonly notes: string[];
  /** Extra Markdown appended after the notes (e.g. a growth table). */
  readonly extra?: string;
}

function barText(bar: Bar | undefined, unit: string): string {
  if (bar === undefined) return '';
  switch (bar.kind) {
    case 'ratio>=':
      return `ratio ≥ ${bar.value}`;
    case 'ratio<=':
      return `ratio ≤ ${bar.value}`;
    case 'max':
      return `Vigil < ${fmt(bar.value)} ${unit}`;
    case 'within':
      return `Vigil ≤ anchor + ${fmt(bar.value)} ${unit}`;
  }
}

/** Vigil / anchor of the medians, or NaN when either is missing. */
export function ratioOf(row: Row): number {
  if (row.vigil === undefined || row.anchorValue === undefined || row.anchorValue.median === 0) return NaN;
  return row.vigil.median / row.anchorValue.median;
}

/** "met", "missed" or "n/a" for a row's bar. */
export function status(row: Row): string {
  const bar = row.bar;
  if (bar === undefined) return '';
  if (row.vigil === undefined) return 'n/a';
  const v = row.vigil.median;
  const a = row.anchorValue?.median;
  const r = ratioOf(row);
  switch (bar.kind) {
    case 'ratio>=':
      return Number.isNaN(r) ? 'n/a' : r >= bar.value ? 'met' : 'missed';
    case 'ratio<=':
      return Number.isNaN(r) ? 'n/a' : r <= bar.value ? 'met' : 'missed';
    case 'max':
      return v < bar.value ? 'met' : 'missed';
    case 'within':
      return a === undefined ? 'n/a' : v <= a + bar.value ? 'met' : 'missed';
  }
}

/** Renders a report as a Markdown section. */
export function renderReport(report: Report): string {
  const lines = [`### ${report.title}`, ''];
  if (report.rows.length > 0) {
    lines.push(
      '| Figure | Unit | Anchor | Anchor: median (min–max) | Vigil: median (min–max) | Vigil/anchor | Bar | Status |',
      '|---|---|---|---|---|---|---|---|',
    );
  }
  for (const row of report.rows) {
    const r = ratioOf(row);
    lines.push(
      `| ${row.figure} | ${row.unit} | ${row.anchor} | ${fmtSummary(row.anchorValue)} | ${fmtSummary(row.vigil)} | ` +
        `${Number.isNaN(r) ? 'n/a' : r.toFixed(2)} | ${barText(row.bar, row.unit)} | ${status(row)} |`,
    );
  }
  if (report.notes.length > 0) {
    lines.push('', ...report.notes.map((n) => `- ${n}`));
  }
  if (report.extra !== undefined) lines.push('', report.extra);
  return lines.join('\n') + '\n';
}
