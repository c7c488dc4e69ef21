import type { SyntaxNode, Tree } from '@lezer/common';
import { childNodes, parsePromql } from './syntax.js';
import { unquotePromqlString } from './strings.js';

/**
 * The metric names an expression selects, for rule dependency analysis. `hasNameless` is true
 * when some selector does not pin one name (`{job="a"}`, `{__name__=~"x.*"}`), so the
 * expression may read any metric.
 */
export function referencedMetrics(expr: string): { names: string[]; hasNameless: boolean } {
  return metricsOfTree(parsePromql(expr), expr);
}

/** `referencedMetrics` of an expression already parsed into `tree`. */
export function metricsOfTree(tree: Tree, expr: string): { names: string[]; hasNameless: boolean } {
  const names: string[] = [];
  let hasNameless = false;
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'VectorSelector') return undefined;
      const name = selectorName(n.node, expr);
      if (name === undefined) hasNameless = true;
      else if (!names.includes(name)) names.push(name);
      return false;
    },
  });
  return { names, hasNameless };
}

/** The one metric name a vector selector pins, if any. */
function selectorName(node: SyntaxNode, expr: string): string | undefined {
  const text = (n: SyntaxNode): string => expr.slice(n.from, n.to);
  const ident = node.getChild('Identifier');
  if (ident) return text(ident);
  const matchers = node.getChild('LabelMatchers');
  if (!matchers) return undefined;
  for (const m of childNodes(matchers)) {
    if (m.name === 'QuotedLabelName') {
      const s = m.getChild('StringLiteral');
      if (s) return unquotePromqlString(text(s));
    }
    const name = nameOfMatcher(m, text);
    if (name !== '__name__') continue;
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (op && value && op.firstChild?.name === 'EqlSingle') return unquotePromqlString(text(value));
  }
  return undefined;
}

function nameOfMatcher(m: SyntaxNode, text: (n: SyntaxNode) => string): string | undefined {
  if (m.name === 'UnquotedLabelMatcher') {
    const l = m.getChild('LabelName');
    return l ? text(l) : undefined;
  }
  if (m.name === 'QuotedLabelMatcher') {
    const q = m.getChild('QuotedLabelName')?.getChild('StringLiteral');
    return q ? unquotePromqlString(text(q)) : undefined;
  }
  return undefined;
}
