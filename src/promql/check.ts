import { checkedExpr } from './facts.js';
import type { PromqlDiagnostic } from './syntax.js';

export type { PromqlDiagnostic } from './syntax.js';

/**
 * Checks one PromQL expression the way Prometheus' parser would before accepting a rule: the
 * first syntax error if it does not parse, otherwise every type error the static analyzer finds.
 * Results are kept by expression text (see facts.ts), so repeated expressions parse once.
 */
export function checkExpr(expr: string): PromqlDiagnostic[] {
  return [...checkedExpr(expr)];
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
