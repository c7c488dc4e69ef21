/**
 * The value of a PromQL string literal (`"..."`, `'...'` with Go escapes, or raw `` `...` ``);
 * used to read metric names and label values out of selectors.
 */
export function unquotePromqlString(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/gs, (_m, esc: string) =>
    unescapeOne(esc),
  );
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function unescapeOne(esc: string): string {
  const simple = SIMPLE[esc];
  if (simple !== undefined) return simple;
  const kind = esc[0];
  if (kind === 'u' || kind === 'U' || kind === 'x') return String.fromCodePoint(parseInt(esc.slice(1), 16));
  if (/^[0-7]{3}$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
  return esc;
}
