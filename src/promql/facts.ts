import type { Tree } from '@lezer/common';
import { typeCheck } from './analyze.js';
import { extraChecks } from './extra-checks.js';
import { metricsOfTree } from './metrics.js';
import { parsePromql, syntaxError } from './syntax.js';
import type { PromqlDiagnostic } from './syntax.js';
import { thresholdOfTree } from './threshold.js';
import type { ThresholdRule } from './threshold.js';

// Loading rules asks three things of every expression: the rule loader whether it is valid, the
// ruler which metrics it reads and whether it is a threshold rule. Parsing is most of the cost
// of each, so one parse answers all three and the answers are kept by expression text (rule
// sets repeat expressions, and a reload sees the same ones again). The answers depend on the
// text alone; offsets are relative to the expression.

/** The metric names an expression selects (see `referencedMetrics`). */
export interface ExprMetrics {
  readonly names: readonly string[];
  readonly hasNameless: boolean;
}

interface Entry {
  readonly threshold: ThresholdRule | undefined;
  readonly metrics: ExprMetrics;
  /** Computed on the first `checkedExpr` call: the type analysis is the costly part. */
  diagnostics: readonly PromqlDiagnostic[] | undefined;
}

/** Entries kept at most; the whole cache is dropped when full (rule sets are far smaller). */
const CACHE_LIMIT = 50_000;
const cache = new Map<string, Entry>();

function entryFor(expr: string, withDiagnostics: boolean): Entry {
  let entry = cache.get(expr);
  if (entry !== undefined && (entry.diagnostics !== undefined || !withDiagnostics)) return entry;
  const tree = parsePromql(expr);
  if (entry === undefined) {
    const metrics = metricsOfTree(tree, expr);
    const threshold = thresholdOfTree(tree, expr);
    entry = {
      threshold: threshold && Object.freeze(threshold),
      metrics: Object.freeze({ names: Object.freeze(metrics.names), hasNameless: metrics.hasNameless }),
      diagnostics: undefined,
    };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(expr, entry);
  }
  if (withDiagnostics) entry.diagnostics = Object.freeze(diagnosticsOf(tree, expr));
  return entry;
}

/** The first syntax error, or else every problem of the extra checks and the type analysis. */
function diagnosticsOf(tree: Tree, expr: string): PromqlDiagnostic[] {
  const syntax = syntaxError(expr, tree);
  if (syntax) return [syntax];
  return [...extraChecks(tree, expr), ...typeCheck(expr, tree)];
}

/** `checkExpr`'s problems of an expression, from the shared cache (the array is frozen). */
export function checkedExpr(expr: string): readonly PromqlDiagnostic[] {
  return entryFor(expr, true).diagnostics ?? [];
}

/** `referencedMetrics` from the shared cache (frozen: the same object for every caller). */
export function cachedReferencedMetrics(expr: string): ExprMetrics {
  return entryFor(expr, false).metrics;
}

/** `parseThresholdRule` from the shared cache (frozen: the same object for every caller). */
export function cachedThresholdRule(expr: string): ThresholdRule | undefined {
  return entryFor(expr, false).threshold;
}

/** Forgets every kept answer (tests, and callers measuring cold costs). */
export function clearExprFacts(): void {
  cache.clear();
}
