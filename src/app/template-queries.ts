// Template `query` support for the ruler: the template engine is synchronous and the datasource
// is not, so the literal queries of a rule's templates are fetched while the rule's own query
// runs, and the expansion reads them from this cache.
import type { RuleGroupDef } from '../model/rule.js';
import type { ParseThreshold } from '../rules/threshold.js';
import type { QueryFn, Sample } from '../rules/types.js';
import { findQueries } from '../template/funcs/alert-prelude.js';
import type { TemplateQueryFunc } from '../template/funcs/prometheus.js';

/** Results older than this (in evaluation time) than the newest one are dropped. */
const KEEP_MS = 3600_000;

/** Upper bound on cached results, whatever their age. */
const MAX_ENTRIES = 10_000;

interface Prefetch {
  /** The group's `query_offset`: the rule query runs at `slot − offset`, template queries at the slot. */
  readonly offsetMs: number;
  readonly queries: readonly string[];
}

interface Entry {
  readonly atMs: number;
  result: readonly Sample[] | Error | undefined;
  readonly done: Promise<void>;
}

/** The error a template `query` call gets when its text was not known before the expansion. */
export function notPrefetchedError(query: string): Error {
  return new Error(
    `query ${JSON.stringify(query)} was not run: only queries written as string literals ` +
      'in the template (query "…") can be run',
  );
}

/** Runs the literal template queries of alerting rules next to the rule queries and answers them synchronously. */
export class TemplateQueryCache {
  #byExpr = new Map<string, Prefetch[]>();
  readonly #results = new Map<string, Entry>();
  #newestMs = 0;

  /**
   * Indexes the template queries of the groups' alerting rules by the expression the group
   * will query: the rule's own, and the folded `<inner>` when `parseThreshold` recognises it.
   */
  setGroups(groups: readonly RuleGroupDef[], parseThreshold?: ParseThreshold): void {
    const byExpr = new Map<string, Prefetch[]>();
    const add = (expr: string, p: Prefetch): void => {
      const list = byExpr.get(expr) ?? [];
      list.push(p);
      byExpr.set(expr, list);
    };
    for (const g of groups) {
      for (const r of g.rules) {
        if (r.kind !== 'alerting') continue;
        const texts = [...Object.values(r.labels), ...Object.values(r.annotations)];
        const queries = [...new Set(texts.filter((t) => t.includes('query')).flatMap(findQueries))];
        if (queries.length === 0) continue;
        const p = { offsetMs: g.queryOffset, queries };
        add(r.expr, p);
        const inner = parseThreshold?.(r.expr)?.inner;
        if (inner !== undefined && inner !== r.expr) add(inner, p);
      }
    }
    this.#byExpr = byExpr;
  }

  /** Wraps the rules' query function so that a rule's template queries are fetched with it. */
  wrap(query: QueryFn): QueryFn {
    return async (expr, atMs) => {
      const prefetch = this.#byExpr.get(expr);
      if (prefetch === undefined) return query(expr, atMs);
      const fetched = prefetch.flatMap((p) => p.queries.map((q) => this.#fetch(query, q, atMs + p.offsetMs)));
      const [samples] = await Promise.all([query(expr, atMs), ...fetched]);
      return samples;
    };
  }

  /** The synchronous `query` function for templates expanded at evaluation time `evalTimeMs`. */
  lookup(evalTimeMs: number): TemplateQueryFunc {
    return (q) => {
      const r = this.#results.get(key(q, evalTimeMs))?.result;
      if (r === undefined) throw notPrefetchedError(q);
      if (r instanceof Error) throw r;
      return r;
    };
  }

  /** Forgets every result (the groups changed). */
  clear(): void {
    this.#results.clear();
    this.#newestMs = 0;
  }

  #fetch(query: QueryFn, q: string, atMs: number): Promise<void> {
    const k = key(q, atMs);
    const have = this.#results.get(k);
    if (have) return have.done;
    const entry: { atMs: number; result: Entry['result']; done: Promise<void> } = {
      atMs,
      result: undefined,
      done: Promise.resolve(),
    };
    entry.done = query(q, atMs).then(
      (samples) => void (entry.result = samples),
      (err: unknown) => void (entry.result = err instanceof Error ? err : new Error(String(err))),
    );
    this.#results.set(k, entry);
    this.#evict(atMs);
    return entry.done;
  }

  #evict(atMs: number): void {
    this.#newestMs = Math.max(this.#newestMs, atMs);
    for (const [k, e] of this.#results) {
      if (this.#results.size <= MAX_ENTRIES && e.atMs >= this.#newestMs - KEEP_MS) continue;
      this.#results.delete(k);
    }
  }
}

function key(query: string, atMs: number): string {
  return `${atMs}\u0000${query}`;
}
