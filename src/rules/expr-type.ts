// The static PromQL type of a rule expression, as far as query batching needs it.
import type { SyntaxNode } from '@lezer/common';
import { childNodes, firstErrorNode, parsePromql } from '../promql/syntax.js';

/** PromQL's value types (Prometheus' `parser.ValueType`), plus `none` for what cannot be typed. */
export type StaticType = 'vector' | 'scalar' | 'string' | 'matrix' | 'none';

/** Functions whose result is a scalar; every other PromQL function returns an instant vector. */
const SCALAR_FUNCTIONS = new Set(['Scalar', 'Time', 'Pi']);

function typeOf(node: SyntaxNode | undefined): StaticType {
  if (!node) return 'none';
  const kids = childNodes(node);
  switch (node.name) {
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'vector';
    case 'NumberDurationLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'ParenExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
      return typeOf(kids[0]);
    case 'UnaryExpr':
      return typeOf(kids[1]);
    case 'BinaryExpr': {
      const l = typeOf(kids[0]);
      const r = typeOf(kids[kids.length - 1]);
      if (l === 'none' || r === 'none') return 'none';
      return l === 'scalar' && r === 'scalar' ? 'scalar' : 'vector';
    }
    case 'FunctionCall': {
      const fn = kids[0]?.firstChild?.name;
      if (fn === undefined) return 'none';
      return SCALAR_FUNCTIONS.has(fn) ? 'scalar' : 'vector';
    }
    default:
      return 'none';
  }
}

/**
 * The type Prometheus' parser gives an expression (`none` when it does not parse). Only an
 * instant vector can be an argument of `label_replace`, so only those are batched.
 */
export function staticType(expr: string): StaticType {
  const tree = parsePromql(expr);
  if (firstErrorNode(tree)) return 'none';
  const top = childNodes(tree.topNode);
  return top.length === 1 ? typeOf(top[0]) : 'none';
}

/** Whether `expr` is statically an instant vector (the default batching predicate). */
export function isInstantVector(expr: string): boolean {
  return staticType(expr) === 'vector';
}
