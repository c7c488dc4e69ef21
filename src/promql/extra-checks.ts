import type { SyntaxNode, Tree } from '@lezer/common';
import { childNodes } from './syntax.js';
import type { PromqlDiagnostic } from './syntax.js';
import { unquotePromqlString } from './strings.js';

// Checks Prometheus' parser makes that neither the lezer grammar nor codemirror-promql's
// analyzer does; each returns at most one diagnostic per node.

type NodeCheck = (node: SyntaxNode, expr: string) => PromqlDiagnostic | undefined;

const CHECKS: Record<string, NodeCheck> = {
  MatrixSelector: rangeOverSelector,
  StepInvariantExpr: (n) =>
    repeatedModifier(n, 'StepInvariantExpr', '@ <timestamp> may not be set multiple times'),
  OffsetExpr: (n) => repeatedModifier(n, 'OffsetExpr', 'offset may not be set multiple times'),
  UnquotedLabelMatcher: regexMatcher,
  QuotedLabelMatcher: regexMatcher,
};

/** Runs the extra checks over a syntactically valid tree. */
export function extraChecks(tree: Tree, expr: string): PromqlDiagnostic[] {
  const out: PromqlDiagnostic[] = [];
  tree.iterate({
    enter: (n) => {
      const check = CHECKS[n.name];
      const d = check?.(n.node, expr);
      if (d) out.push(d);
    },
  });
  return out;
}

const error = (node: SyntaxNode, message: string): PromqlDiagnostic => ({
  from: node.from,
  to: node.to,
  message,
  severity: 'error',
});

/** lezer reads `-up[5m]` as a range over `-up`; Prometheus as a unary minus on a range vector. */
function rangeOverSelector(node: SyntaxNode): PromqlDiagnostic | undefined {
  const inner = childNodes(node)[0];
  if (!inner || inner.name === 'VectorSelector') return undefined;
  if (inner.name === 'UnaryExpr') {
    return error(
      node,
      'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"',
    );
  }
  return error(node, 'ranges only allowed for vector selectors');
}

/** `foo @ 1 @ 2` and `foo offset 1m offset 2m`: one modifier of a kind per selector. */
function repeatedModifier(node: SyntaxNode, kind: string, message: string): PromqlDiagnostic | undefined {
  if (node.parent?.name === 'OffsetExpr' || node.parent?.name === 'StepInvariantExpr') return undefined;
  let count = 0;
  for (let n: SyntaxNode | undefined = node; n; n = childNodes(n)[0]) {
    if (n.name === kind) count++;
    else if (n.name !== 'OffsetExpr' && n.name !== 'StepInvariantExpr') break;
  }
  return count > 1 ? error(node, message) : undefined;
}

// RE2 syntax JavaScript does not know; patterns using it are left to the datasource.
const RE2_ONLY = /\(\?|\\[QEzACpP]|\[\[:/;

// Go's regexp/syntax wording for the JavaScript errors that have an exact counterpart.
const GO_WORDING: Record<string, string> = {
  'unterminated group': 'missing closing )',
  "unmatched ')'": 'unexpected )',
  'unterminated character class': 'missing closing ]',
};

/** Regex matchers must compile, as Prometheus compiles them anchored when parsing. */
function regexMatcher(node: SyntaxNode, expr: string): PromqlDiagnostic | undefined {
  const op = node.getChild('MatchOp')?.firstChild?.name;
  if (op !== 'EqlRegex' && op !== 'NeqRegex') return undefined;
  const literal = node.getChild('StringLiteral');
  if (!literal) return undefined;
  const pattern = unquotePromqlString(expr.slice(literal.from, literal.to));
  if (RE2_ONLY.test(pattern)) return undefined;
  const anchored = `^(?:${pattern})$`;
  try {
    new RegExp(anchored);
    return undefined;
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).replace(
      /^Invalid regular expression: \/.*\/[a-z]*: /s,
      '',
    );
    const text = GO_WORDING[reason.toLowerCase()] ?? reason.toLowerCase();
    return error(node, `error parsing regexp: ${text}: \`${anchored}\``);
  }
}
