/** Go literal syntax used by templates: number literals (strconv rules) and quoted strings. */
import type { NumberNode } from './ast.js';
import { goQuote } from './lexer.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s: string): boolean {
  if (!s.includes('_')) return true;
  const body = s.replace(/^[+-]/, '');
  const prefixed = /^0[xXbBoO]/.test(body);
  const digits = prefixed ? body.slice(2) : body;
  if (prefixed && digits.startsWith('_')) return !/__|_$|_[^0-9a-fA-F]|[^0-9a-fA-F]_/.test(digits.slice(1));
  return !/^_|__|_$|_[^0-9a-fA-F]|[^0-9a-fA-F]_/.test(digits);
}

/** strconv.ParseInt/ParseUint with base 0; undefined when not an integer literal. */
function parseGoInt(text: string): bigint | undefined {
  if (!underscoreOK(text)) return undefined;
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1n : 1n;
  let body = (m[2] ?? '').replace(/_/g, '');
  if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
  if (/^0[oO]$|^0[xX]$|^0[bB]$/.test(body)) return undefined;
  return sign * BigInt(body.toLowerCase().replace(/^0o/, '0o'));
}

/** strconv.ParseFloat for decimal (and simple hex) literals; undefined when invalid. */
function parseGoFloat(text: string): number | undefined {
  if (!underscoreOK(text)) return undefined;
  const s = text.replace(/_/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (hex) {
    const intPart = hex[2] ?? '';
    const frac = hex[3] ?? '';
    if (intPart + frac === '') return undefined;
    const mant = parseInt(intPart + frac || '0', 16) / 16 ** frac.length;
    const v = mant * 2 ** Number(hex[4]);
    return hex[1] === '-' ? -v : v;
  }
  return undefined;
}

/** Parses a number literal the way Go's parse.newNumber and exec's idealConstant do. */
export function parseNumber(text: string): Omit<NumberNode, 'pos'> | { error: string } {
  if (text.endsWith('i')) return { error: `complex constants are not supported: ${goQuote(text)}` };
  let isInt = false;
  let isUint = false;
  let isFloat = false;
  let int = 0n;
  let float = 0;
  const i = parseGoInt(text);
  if (i !== undefined && i >= 0n && i <= UINT64_MAX && !text.startsWith('-') && !text.startsWith('+'))
    isUint = true;
  if (i !== undefined && i >= INT64_MIN && i <= INT64_MAX) {
    isInt = true;
    int = i;
  }
  if (isInt || isUint) {
    isFloat = true;
    float = Number(i);
  } else {
    const f = parseGoFloat(text);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) return { error: `integer overflow: ${goQuote(text)}` };
      isFloat = true;
      float = f;
      if (Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63) {
        isInt = true;
        int = BigInt(f);
      }
    }
  }
  if (!isInt && !isUint && !isFloat) return { error: `illegal number syntax: ${goQuote(text)}` };
  return {
    kind: 'number',
    text,
    isInt,
    isFloat,
    int,
    float,
    ideal: idealConstant(text, isInt, isFloat, int, float),
  };
}

function idealConstant(
  text: string,
  isInt: boolean,
  isFloat: boolean,
  int: bigint,
  float: number,
): bigint | number | { error: string } {
  const isHexInt = /^[+-]?0[xX]/.test(text) && !/[pP]/.test(text);
  if (isFloat && !isHexInt && /[.eEpP]/.test(text)) return float;
  if (isInt) return int;
  return { error: `${text} overflows int` };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Decodes one escape or character at `i` of a quoted literal; returns [text, next index] or an error. */
function decodeChar(s: string, i: number, quote: string): [string, number] | undefined {
  const c = s[i];
  if (c === undefined) return undefined;
  if (c !== '\\') {
    const cp = s.codePointAt(i) ?? 0;
    if (c === quote || c === '\n') return undefined;
    return [String.fromCodePoint(cp), i + (cp > 0xffff ? 2 : 1)];
  }
  const e = s[i + 1];
  if (e === undefined) return undefined;
  if (e in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[e] ?? '', i + 2];
  if (e === quote) return [e, i + 2];
  const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (hexLen > 0) {
    const h = s.slice(i + 2, i + 2 + hexLen);
    if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(h)) return undefined;
    const v = parseInt(h, 16);
    if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000 && hexLen > 2)) return undefined;
    return [String.fromCodePoint(v), i + 2 + hexLen];
  }
  if (/[0-7]/.test(e)) {
    const o = s.slice(i + 1, i + 4);
    if (!/^[0-7]{3}$/.test(o)) return undefined;
    const v = parseInt(o, 8);
    if (v > 255) return undefined;
    return [String.fromCharCode(v), i + 4];
  }
  return undefined;
}

/** strconv.Unquote of a double-quoted Go string; undefined on invalid syntax. */
export function unquoteString(q: string): string | undefined {
  if (q.length < 2 || !q.startsWith('"') || !q.endsWith('"')) return undefined;
  const body = q.slice(1, -1);
  if (!body.includes('\\')) return body.includes('"') ? undefined : body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const r = decodeChar(body, i, '"');
    if (!r) return undefined;
    out += r[0];
    i = r[1];
  }
  return out;
}

/** Decodes a character constant like `'a'` or `'\n'`; returns the code point or Go's error text. */
export function unquoteChar(q: string): number | string {
  const r = decodeChar(q, 1, "'");
  if (!r) return 'invalid syntax';
  if (q.slice(r[1]) !== "'") return `malformed character constant: ${q}`;
  return r[0].codePointAt(0) ?? 0;
}
