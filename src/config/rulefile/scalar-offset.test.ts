import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { sourceOffset } from './scalar-offset.js';

/** The scalar node of `expr:` in a small document. */
function exprNode(text: string): Node {
  const doc = parseDocument(text, { schema: 'failsafe' });
  const root = doc.contents;
  if (!isMap(root)) throw new Error('not a map');
  const pair = root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'expr');
  if (!pair || !pair.value) throw new Error('no expr');
  return pair.value as Node;
}

describe('sourceOffset', () => {
  it.each([
    // [document, offset inside the value, the source text expected at the mapped offset]
    ['expr: sum(foo\n', 4, 'foo'],
    ['expr: "up{job=\\"node\\"} == 0"\n', 13, '} == 0'],
    ["expr: 'it''s(x)'\n", 4, "(x)'"],
    ['expr: |\n  sum(foo)\n    + bar)\n', 16, ')'],
    ['expr: >\n  a\n  + b)\n', 5, ')'],
    ['expr: a\n  b c)\n', 5, ')'],
    ['expr: |-\n  x\n', 1, '\n'],
  ])('%j at %i', (text, offset, rest) => {
    const at = sourceOffset(text, exprNode(text), offset);
    expect(text.slice(at, at + rest.length)).toBe(rest);
  });
});
