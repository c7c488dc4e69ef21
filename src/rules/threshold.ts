// Folding of `<expr> <cmp> <number>` rules: one query of `<expr>` answers every rule sharing it.
import { dropMetricName, labelsKey } from './labelset.js';
import type { Sample } from './types.js';

/** A parsed `<inner> <op> <number>` rule expression (the shape src/promql's parser returns). */
export interface ThresholdExpr {
  readonly inner: string;
  readonly op: '>' | '<' | '>=' | '<=' | '==' | '!=';
  readonly threshold: number;
  readonly bool: boolean;
  readonly numberOnLeft: boolean;
}

/** Recognises a threshold expression; injected so the rules engine does not parse PromQL itself. */
export type ParseThreshold = (expr: string) => ThresholdExpr | undefined;

function compare(op: ThresholdExpr['op'], a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/** Prometheus' error for a `bool` result with duplicate label sets, as its query API reports it. */
export const DUPLICATE_LABELSET = 'execution: vector cannot contain metrics with the same labelset';

/**
 * PromQL's vector–scalar comparison, applied to the result of `inner`. Without `bool` it keeps
 * the samples for which the comparison holds, with their labels (including `__name__`) and the
 * vector's value even when the number is on the left. With `bool` every sample is kept, its
 * metric name dropped and its value 1 or 0; two samples left with the same labels are the error
 * Prometheus raises. NaN compares false except with `!=`, as in Go.
 */
export function applyThreshold(t: ThresholdExpr, samples: readonly Sample[]): Sample[] {
  const holds = (s: Sample) => (t.numberOnLeft ? compare(t.op, t.threshold, s.value) : compare(t.op, s.value, t.threshold));
  if (!t.bool) return samples.filter(holds);
  const seen = new Set<string>();
  return samples.map((s) => {
    const labels = '__name__' in s.labels ? dropMetricName(s.labels) : s.labels;
    const key = labelsKey(labels);
    if (seen.has(key)) throw new Error(DUPLICATE_LABELSET);
    seen.add(key);
    return { ...s, labels, value: holds(s) ? 1 : 0 };
  });
}

/**
 * For each rule expression, the threshold to fold it into, when at least two expressions of
 * the group would then share one query (folding a lone rule would only fetch more data). The
 * folded query is `inner` exactly as written (the app's template-query prefetch keys on it).
 */
export function planFolding(exprs: readonly string[], parse: ParseThreshold | undefined): Array<ThresholdExpr | undefined> {
  if (!parse) return exprs.map(() => undefined);
  const parsed = exprs.map((e) => {
    try {
      return parse(e);
    } catch {
      return undefined;
    }
  });
  const uses = new Map<string, number>();
  parsed.forEach((t, i) => {
    const key = t ? t.inner : exprs[i];
    if (key !== undefined) uses.set(key, (uses.get(key) ?? 0) + 1);
  });
  return parsed.map((t) => (t && (uses.get(t.inner) ?? 0) >= 2 ? t : undefined));
}
