import type { SyntaxNode, Tree } from '@lezer/common';
import { parseDuration } from '../model/duration.js';
import { childNodes, firstErrorNode, parsePromql } from './syntax.js';

/** A comparison operator as written in a threshold rule. */
export type ComparisonOp = '>' | '<' | '>=' | '<=' | '==' | '!=';

/** A rule expression of the form `<expr> <cmp> <number>` (or the number on the left). */
export interface ThresholdRule {
  /** The non-number side, without enclosing parentheses. */
  readonly inner: string;
  /** The operator as written (not flipped when the number is on the left). */
  readonly op: ComparisonOp;
  readonly threshold: number;
  readonly bool: boolean;
  readonly numberOnLeft: boolean;
}

const OPS: Record<string, ComparisonOp> = { Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=', Eql: '==', Neq: '!=' };

/**
 * Recognises a top-level comparison of an expression with a number literal, so a later query
 * folding step can evaluate `inner` once and apply the threshold itself. Exact on purpose:
 * anything else (vector matching, set operators, a unary minus, two numbers) is `undefined`.
 */
export function parseThresholdRule(expr: string): ThresholdRule | undefined {
  return thresholdOfTree(parsePromql(expr), expr);
}

/** `parseThresholdRule` of an expression already parsed into `tree`. */
export function thresholdOfTree(tree: Tree, expr: string): ThresholdRule | undefined {
  if (firstErrorNode(tree)) return undefined;
  const top = tree.topNode.firstChild;
  if (!top || top.name !== 'BinaryExpr') return undefined;
  const parts = childNodes(top);
  const [lhs, opNode] = parts;
  if (!lhs || !opNode) return undefined;
  const op = OPS[opNode.name];
  if (!op) return undefined;
  const bool = parts[2]?.name === 'BoolModifier';
  const rhs = parts[bool ? 3 : 2];
  if (!rhs || parts.length !== (bool ? 4 : 3)) return undefined;
  const left = stripParens(lhs);
  const right = stripParens(rhs);
  const leftNum = numberOf(left, expr);
  const rightNum = numberOf(right, expr);
  if ((leftNum === undefined) === (rightNum === undefined)) return undefined;
  const numberOnLeft = leftNum !== undefined;
  const innerNode = numberOnLeft ? right : left;
  const threshold = numberOnLeft ? leftNum : rightNum;
  if (threshold === undefined) return undefined;
  return { inner: expr.slice(innerNode.from, innerNode.to), op, threshold, bool, numberOnLeft };
}

function stripParens(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.name === 'ParenExpr') {
    const inner = childNodes(n)[0];
    if (!inner) return n;
    n = inner;
  }
  return n;
}

function numberOf(node: SyntaxNode, expr: string): number | undefined {
  if (node.name !== 'NumberDurationLiteral') return undefined;
  return parsePromqlNumber(expr.slice(node.from, node.to));
}

/** Reads a PromQL number literal: decimal, exponent, hex, Inf/NaN, or a duration in seconds. */
export function parsePromqlNumber(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  if (/^inf(inity)?$/i.test(body)) return sign * Infinity;
  if (/^nan$/i.test(body)) return NaN;
  if (/^0x[0-9a-f]+$/i.test(body)) return sign * parseInt(body.slice(2), 16);
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body)) return sign * Number(body);
  const d = parseDuration(body);
  return d.ok ? (sign * d.ms) / 1000 : undefined;
}
