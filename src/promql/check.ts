import { typeCheck } from './analyze.js';
import { extraChecks } from './extra-checks.js';
import { parsePromql, syntaxError } from './syntax.js';
import type { PromqlDiagnostic } from './syntax.js';

export type { PromqlDiagnostic } from './syntax.js';

// Rule sets repeat expressions (the same ratio in several alerts, files loaded again on reload);
// the result depends on the text alone, so it is kept. Offsets are relative to the expression,
// so every occurrence maps them to its own place in its file.
const CACHE_LIMIT = 50_000;
const cache = new Map<string, readonly PromqlDiagnostic[]>();

/**
 * Checks one PromQL expression the way Prometheus' parser would before accepting a rule: the
 * first syntax error if it does not parse, otherwise every type error the static analyzer finds.
 */
export function checkExpr(expr: string): PromqlDiagnostic[] {
  let found = cache.get(expr);
  if (found === undefined) {
    found = uncachedCheckExpr(expr);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(expr, found);
  }
  return [...found];
}

function uncachedCheckExpr(expr: string): PromqlDiagnostic[] {
  const tree = parsePromql(expr);
  const syntax = syntaxError(expr, tree);
  if (syntax) return [syntax];
  return [...extraChecks(tree, expr), ...typeCheck(expr, tree)];
}

/** 1-based line and column of an offset inside an expression, as Prometheus prints `L:C`. */
export function exprPosition(expr: string, offset: number): { line: number; column: number } {
  const before = expr.slice(0, Math.max(0, Math.min(offset, expr.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/** Prometheus' text for a PromQL problem in a rule: `L:C: parse error: message`. */
export function formatPromqlError(expr: string, d: PromqlDiagnostic): string {
  const p = exprPosition(expr, d.reportedAt ?? d.from);
  return `${p.line}:${p.column}: parse error: ${d.message}`;
}
