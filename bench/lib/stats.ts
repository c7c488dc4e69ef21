// Statistics over repetitions: median and spread (min–max), formatted for the tables.

/** The summary of one figure over its repetitions. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median and spread of finite values; undefined when there are none. */
export function summarize(values: readonly number[]): Summary | undefined {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
  return { n: v.length, median, min: v[0] as number, max: v[v.length - 1] as number };
}

/** A number with about three significant digits, thousands grouped. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(3);
}

/** `median (min–max, n=K)`, or n/a. */
export function fmtSummary(s: Summary | undefined): string {
  if (s === undefined) return 'n/a';
  if (s.n === 1) return `${fmt(s.median)} (n=1)`;
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)}, n=${s.n})`;
}
