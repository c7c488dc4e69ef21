import { isScalar } from 'yaml';
import type { Node } from 'yaml';

/**
 * Maps an offset inside a scalar's parsed value to the offset of the same character in the
 * file, so a PromQL error points into the YAML source. The value is aligned with the source
 * text: characters the YAML syntax adds (quotes, escapes, folding whitespace, indentation, a
 * block scalar's header line) are skipped. Returns the scalar's start when alignment fails.
 */
export function sourceOffset(text: string, node: Node, valueOffset: number): number {
  if (!isScalar(node) || !node.range) return 0;
  const [start, valueEnd] = node.range;
  const value = String(node.value);
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  let p = start;
  if (block) {
    const nl = text.indexOf('\n', start);
    if (nl < 0 || nl >= valueEnd) return start;
    p = nl + 1;
  }
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if (quoted) p++;
  const target = Math.min(valueOffset, value.length);
  for (let i = 0; i < target; i++) {
    const next = matchChar(text, p, valueEnd, value[i] ?? '');
    if (next < 0) return start;
    p = next + 1;
  }
  return skipSyntax(text, p, valueEnd, value[target]);
}

/** Finds the source position of one value character at or after `p`. */
function matchChar(text: string, p: number, end: number, c: string): number {
  const white = /\s/.test(c);
  for (let q = p; q < end; q++) {
    const s = text[q] ?? '';
    if (s === c || (white && /\s/.test(s))) return q;
    if (!isSyntax(s)) return -1;
  }
  return -1;
}

/** Moves past YAML-only characters to where the next value character is written. */
function skipSyntax(text: string, p: number, end: number, next: string | undefined): number {
  if (next === undefined) return Math.min(p, end);
  const q = matchChar(text, p, end, next);
  return q < 0 ? p : q;
}

function isSyntax(s: string): boolean {
  return /\s/.test(s) || s === '\\' || s === '"' || s === "'";
}
