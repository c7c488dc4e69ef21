// Folding of `<expr> <cmp> <number>` rules: one query of `<expr>` answers every rule sharing it.
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

/**
 * PromQL's vector–scalar comparison without `bool`: keeps the samples for which the comparison
 * holds, with their labels (including `__name__`) and the vector's value.
 */
export function applyThreshold(t: ThresholdExpr, samples: readonly Sample[]): Sample[] {
  return samples.filter((s) => (t.numberOnLeft ? compare(t.op, t.threshold, s.value) : compare(t.op, s.value, t.threshold)));
}

/**
 * For each rule expression, the threshold to fold it into, when at least two expressions of
 * the group would then share one query (folding a lone rule would only fetch more data).
 */
export function planFolding(exprs: readonly string[], parse: ParseThreshold | undefined): Array<ThresholdExpr | undefined> {
  if (!parse) return exprs.map(() => undefined);
  const parsed = exprs.map((e) => {
    try {
      const t = parse(e);
      return t && !t.bool ? t : undefined;
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
