// Query batching: several instant-vector expressions of one group iteration sent as ONE instant
// query, `label_replace(<e0>, "__vigil_q", "0", "", "") or label_replace(<e1>, …) or …`, and the
// result split locally by that label. Exact in Prometheus: `label_replace` keeps `__name__` and
// every label, and `or` (VectorOr) keeps every left-hand series and drops a right-hand one only
// when its labels except `__name__` equal a left-hand series' — impossible across operands,
// whose `__vigil_q` values differ. Any error of the batched query is answered by querying each
// expression on its own, so every rule gets the result or error it would get unbatched.
import type { Sample } from './types.js';

/** The label that tells the operands of a batched query apart (removed from the results). */
export const BATCH_LABEL = '__vigil_q';

/** How a group batches its queries. */
export interface QueryBatchOptions {
  /** Most expressions per batched query; 1 or less turns batching off. Default 10. */
  readonly maxExprs?: number;
  /** Most characters of the expressions of one batched query. Default 16,000. */
  readonly maxChars?: number;
  /** Iterations an expression is queried on its own after its batch failed. Default 10. */
  readonly backoffIterations?: number;
  /** Whether an expression is statically an instant vector; default `isInstantVector`. */
  readonly isInstantVector?: (expr: string) => boolean;
}

/** Defaults of `QueryBatchOptions`, chosen by the ruler benchmark (see bench/dev/). */
export const DEFAULT_BATCH = { maxExprs: 10, maxChars: 16_000, backoffIterations: 10 } as const;

/** The batched query of `exprs` (each on its own lines, so a trailing `# comment` stays harmless). */
export function buildBatchQuery(exprs: readonly string[]): string {
  return exprs.map((e, i) => `label_replace(\n${e}\n, "${BATCH_LABEL}", "${i}", "", "")`).join(' or ');
}

/**
 * Splits the result of `buildBatchQuery` of `n` expressions into each expression's samples,
 * without the batch label. Throws when a sample does not carry a valid operand number.
 */
export function splitBatchResult(samples: readonly Sample[], n: number): Sample[][] {
  const out: Sample[][] = Array.from({ length: n }, () => []);
  for (const s of samples) {
    const tag = s.labels[BATCH_LABEL];
    const i = tag !== undefined && /^\d+$/.test(tag) ? Number(tag) : -1;
    const bucket = out[i];
    if (bucket === undefined) throw new Error(`batched query: a series without a valid ${BATCH_LABEL} label`);
    const labels: Record<string, string> = {};
    for (const k in s.labels) if (k !== BATCH_LABEL) labels[k] = s.labels[k] ?? '';
    bucket.push({ ...s, labels });
  }
  return out;
}

/**
 * Cuts `exprs` into chunks of at most `maxExprs` expressions and `maxChars` characters, as even
 * as possible (25 expressions at 10 give 9 + 8 + 8, so the chunks' queries take similar time).
 */
export function chunkExprs(exprs: readonly string[], maxExprs: number, maxChars: number): string[][] {
  const max = Math.max(1, Math.floor(maxExprs));
  const chunks: string[][] = [];
  let cur: string[] = [];
  let chars = 0;
  let target = 0;
  exprs.forEach((e, i) => {
    const full = cur.length >= target || chars + e.length > maxChars;
    if (cur.length === 0 || full) {
      if (cur.length > 0) chunks.push(cur);
      const left = exprs.length - i;
      target = Math.ceil(left / Math.ceil(left / max));
      cur = [];
      chars = 0;
    }
    cur.push(e);
    chars += e.length;
  });
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

/** A rule as the batch planner sees it. */
export interface BatchCandidate {
  /** The expression the rule queries (the folded `<inner>` or its own). */
  readonly queryExpr: string;
  /** True when the rule waits for earlier rules of the group (it must not be queried up front). */
  readonly hasDeps: boolean;
  /** True for an alerting rule whose templates may call `query` (the app prefetches those by expression). */
  readonly templateQueries: boolean;
}

/**
 * Which of a group's expressions may be batched: statically instant vectors that do not name
 * the batch label, queried only by rules without dependencies or template queries.
 */
export function batchableExprs(rules: readonly BatchCandidate[], isVector: (expr: string) => boolean): string[] {
  const ok = new Map<string, boolean>();
  for (const r of rules) {
    const fine = !r.hasDeps && !r.templateQueries;
    ok.set(r.queryExpr, (ok.get(r.queryExpr) ?? true) && fine);
  }
  const out: string[] = [];
  for (const [expr, fine] of ok) {
    if (!fine || expr.includes(BATCH_LABEL)) continue;
    let vector = false;
    try {
      vector = isVector(expr);
    } catch {
      vector = false;
    }
    if (vector) out.push(expr);
  }
  return out;
}

/** A group's batching state across iterations: which expressions are queried alone for a while. */
export class BatchPlanner {
  readonly #exprs: readonly string[];
  readonly #maxExprs: number;
  readonly #maxChars: number;
  readonly #backoff: number;
  /** Expression → first iteration at which it may be batched again. */
  readonly #soloUntil = new Map<string, number>();
  #iteration = 0;

  constructor(exprs: readonly string[], opts: QueryBatchOptions) {
    this.#exprs = exprs;
    this.#maxExprs = opts.maxExprs ?? DEFAULT_BATCH.maxExprs;
    this.#maxChars = opts.maxChars ?? DEFAULT_BATCH.maxChars;
    this.#backoff = opts.backoffIterations ?? DEFAULT_BATCH.backoffIterations;
  }

  /** The chunks of this iteration (only chunks of two or more expressions); advances the iteration. */
  next(): string[][] {
    const it = ++this.#iteration;
    if (this.#maxExprs <= 1) return [];
    const active = this.#exprs.filter((e) => (this.#soloUntil.get(e) ?? 0) <= it);
    if (active.length < 2) return [];
    return chunkExprs(active, this.#maxExprs, this.#maxChars).filter((c) => c.length >= 2);
  }

  /**
   * Records a failed batch of `chunk` and which of its expressions then failed on their own:
   * those stay alone while they keep failing (and `backoff` iterations more); when none failed
   * (a sample limit, a timeout), the whole chunk is queried alone for `backoff` iterations.
   */
  failed(chunk: readonly string[], soloFailed: readonly boolean[]): void {
    const any = soloFailed.some(Boolean);
    const until = this.#iteration + 1 + this.#backoff;
    chunk.forEach((e, i) => {
      if (!any || soloFailed[i]) this.#soloUntil.set(e, until);
    });
  }

  /** An expression queried alone failed again: it keeps out of batches for `backoff` more iterations. */
  stillFailing(expr: string): void {
    if (this.#soloUntil.has(expr)) this.#soloUntil.set(expr, this.#iteration + 1 + this.#backoff);
  }
}
