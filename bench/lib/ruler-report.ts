// Collected figures of the ruler benchmark (per tool, rule count and figure) and the table of
// how each tool's figures grow with the number of rules.
import { fmt, summarize } from './stats.js';

/** Values per (tool, rule count, figure), one per measured interval, plus free-text notes. */
export class RulerFigures {
  private readonly values = new Map<string, number[]>();
  /** Notes for the report (missing endpoints, errors). */
  readonly notes: string[] = [];

  /** Records one value. */
  add(tool: string, n: number, key: string, value: number): void {
    const k = `${tool}|${n}|${key}`;
    const list = this.values.get(k) ?? [];
    list.push(value);
    this.values.set(k, list);
  }

  /** All values recorded for (tool, n, key). */
  get(tool: string, n: number, key: string): number[] {
    return this.values.get(`${tool}|${n}|${key}`) ?? [];
  }

  /** Adds a note once. */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}

const FIGURES: [string, string][] = [
  ['cpuPerEvalMs', 'CPU-ms per rule evaluation'],
  ['rssMiB', 'RSS MiB'],
  ['groupMaxSec', 'longest group s'],
];

/** A Markdown table: one row per tool and figure, one column per rule count (medians). */
export function growthTable(figs: RulerFigures, sizes: readonly number[]): string {
  const head = `| Tool | Figure | ${sizes.map((n) => `${n.toLocaleString('en-US')} rules`).join(' | ')} |`;
  const lines = ['Growth with the number of rules (medians):', '', head, `|---|---|${sizes.map(() => '---|').join('')}`];
  for (const tool of ['vmalert', 'prometheus', 'vigil']) {
    for (const [key, label] of FIGURES) {
      const cells = sizes.map((n) => {
        const s = summarize(figs.get(tool, n, key));
        return s === undefined ? 'n/a' : fmt(s.median);
      });
      lines.push(`| ${tool} | ${label} | ${cells.join(' | ')} |`);
    }
  }
  const pass = sizes.map((n) => {
    const s = summarize(figs.get('datasource', n, 'passSec'));
    return s === undefined ? 'n/a' : fmt(s.median);
  });
  lines.push(`| datasource (plain client) | time for all queries s | ${pass.join(' | ')} |`);
  return lines.join('\n') + '\n';
}
