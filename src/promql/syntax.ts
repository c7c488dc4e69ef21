import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';

/** One problem in a PromQL expression; offsets are UTF-16 indexes into the expression text. */
export interface PromqlDiagnostic {
  readonly from: number;
  readonly to: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** Where Prometheus' message places it when that differs from `from` (its lexer reports after the character). */
  readonly reportedAt?: number;
}

/** Parses an expression with the Prometheus maintainers' lezer grammar (never throws). */
export function parsePromql(expr: string): Tree {
  return parser.parse(expr);
}

/** The direct children of a node, without comments (lezer keeps `# ...` as LineComment nodes). */
export function childNodes(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

/** The first error node of the tree in document order, if the expression does not parse. */
export function firstErrorNode(tree: Tree): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  tree.iterate({
    enter: (n) => {
      if (found) return false;
      if (n.type.isError) {
        found = n.node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The first syntax error of an expression, worded like Prometheus' own parser where the lezer
 * tree lets us tell which case it is (Prometheus, too, stops at the first syntax error).
 */
export function syntaxError(expr: string, tree: Tree = parsePromql(expr)): PromqlDiagnostic | undefined {
  if (expr.replace(/#[^\n]*/g, '').trim() === '')
    return { from: 0, to: 0, message: 'no expression found in input', severity: 'error' };
  const err = firstErrorNode(tree);
  if (!err) return undefined;
  const str = unterminatedString(expr);
  if (str !== undefined)
    return { from: str, to: expr.length, message: 'unterminated quoted string', severity: 'error' };
  let pos = err.from;
  while (pos < expr.length && /\s/.test(expr[pos] ?? '')) pos++;
  if (pos >= expr.length || isCommentFrom(expr, pos)) {
    const end = expr.trimEnd().length;
    return { from: end, to: end, message: endOfInputMessage(expr), severity: 'error' };
  }
  const fn = unknownFunctionAt(expr, pos);
  if (fn) return fn;
  const { text, message: token } = unexpectedToken(expr, pos);
  const message =
    insideLabelMatchers(err) && !LEXER_ERRORS.has(text)
      ? `${token} in label matching, expected "," or "}"`
      : token;
  // Prometheus' lexer reports stray closing brackets and unknown characters after consuming
  // them, so its column is one past the character; the message keeps the same numbers.
  const lexer = LEXER_ERRORS.has(text) || message.startsWith('unexpected character');
  return {
    from: pos,
    to: pos + text.length,
    message,
    severity: 'error',
    ...(lexer ? { reportedAt: pos + 1 } : {}),
  };
}

/** The offset of a string literal that is never closed, if any. */
function unterminatedString(expr: string): number | undefined {
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
    } else if (c === '"' || c === "'" || c === '`') {
      const end = skipString(expr, i);
      if (end >= expr.length) return i;
      i = end;
    }
  }
  return undefined;
}

function insideLabelMatchers(node: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = node.parent; p; p = p.parent) if (p.name === 'LabelMatchers') return true;
  return false;
}

function isCommentFrom(expr: string, pos: number): boolean {
  return (
    expr
      .slice(pos)
      .replace(/#[^\n]*/g, '')
      .trim() === ''
  );
}

/** Which bracket is still open at the end of the input decides Prometheus' wording. */
function endOfInputMessage(expr: string): string {
  const open = openBrackets(expr);
  const last = open[open.length - 1];
  if (last === '(') return 'unclosed left parenthesis';
  if (last === '[') return 'unclosed left bracket';
  if (last === '{') return 'unexpected end of input inside braces';
  return 'unexpected end of input';
}

/** The brackets left open at the end of the expression, ignoring strings and comments. */
function openBrackets(expr: string): string[] {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i);
    } else if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      stack.push(c);
    } else if (pairs[c] !== undefined && stack[stack.length - 1] === pairs[c]) {
      stack.pop();
    }
  }
  return stack;
}

function skipString(expr: string, start: number): number {
  const quote = expr[start];
  let i = start + 1;
  while (i < expr.length && expr[i] !== quote) i += expr[i] === '\\' && quote !== '`' ? 2 : 1;
  return i;
}

/** `foo(x)` where `foo` is not a PromQL function: lezer stops at the `(`. */
function unknownFunctionAt(expr: string, pos: number): PromqlDiagnostic | undefined {
  if (expr[pos] !== '(') return undefined;
  const m = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(expr.slice(0, pos));
  if (!m || m.index === undefined) return undefined;
  const name = m[1] ?? '';
  return {
    from: m.index,
    to: m.index + name.length,
    message: `unknown function with name ${JSON.stringify(name)}`,
    severity: 'error',
  };
}

const LEXER_ERRORS = new Set([')', ']', '}']);

const PUNCTUATION: Record<string, string> = {
  '(': "unexpected left parenthesis '('",
  ')': "unexpected right parenthesis ')'",
  '{': "unexpected left brace '{'",
  '}': "unexpected right brace '}'",
  '[': "unexpected left bracket '['",
  ']': "unexpected right bracket ']'",
  ',': 'unexpected ","',
  '=': 'unexpected "="',
};

/** Names the token at `pos` the way Prometheus' lexer items print. */
function unexpectedToken(expr: string, pos: number): { text: string; message: string } {
  const rest = expr.slice(pos);
  const c = rest[0] ?? '';
  const punct = PUNCTUATION[c];
  if (punct) return { text: c, message: punct };
  const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
  if (ident) return { text: ident[0], message: `unexpected identifier ${JSON.stringify(ident[0])}` };
  const num = /^[0-9][0-9a-zA-Z.]*/.exec(rest);
  if (num) return { text: num[0], message: `unexpected number ${JSON.stringify(num[0])}` };
  if (c === '"' || c === "'" || c === '`') {
    const end = skipString(expr, pos);
    const text = expr.slice(pos, end + 1);
    return { text, message: `unexpected string ${text}` };
  }
  return { text: c, message: `unexpected character: '${c}'` };
}
