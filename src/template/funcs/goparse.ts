/** Go's `strconv.ParseFloat(s, 64)` and `strconv.Quote`, with Go's error texts. */
import { TemplateFuncError } from '../errors.js';

const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_RE = /^([+-]?)0[xX]((?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+))[pP]([+-]?\d+)$/;
const SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;

function parseHex(m: RegExpExecArray): number {
  const [, sign, mantissa = '', exp = '0'] = m;
  const [intPart = '', fracPart = ''] = mantissa.replace(/_/g, '').split('.');
  let v = 0;
  for (const c of intPart + fracPart) v = v * 16 + parseInt(c, 16);
  v *= 2 ** (Number(exp) - 4 * fracPart.length);
  return sign === '-' ? -v : v;
}

/** `strconv.ParseFloat(s, 64)`; throws `strconv.ParseFloat: parsing "s": invalid syntax`. */
export function parseGoFloat(s: string): number {
  const special = SPECIAL_RE.exec(s);
  if (special) {
    const word = (special[2] ?? '').toLowerCase();
    if (word === 'nan') {
      if (special[1] === '') return NaN;
    } else {
      return special[1] === '-' ? -Infinity : Infinity;
    }
  }
  let v: number | undefined;
  if (DECIMAL_RE.test(s)) v = Number(s);
  const hex = HEX_RE.exec(s);
  if (hex) v = parseHex(hex);
  if (v === undefined)
    throw new TemplateFuncError(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
  if (!Number.isFinite(v))
    throw new TemplateFuncError(`strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`);
  return v;
}

const PRINTABLE_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's `strconv.Quote`: double-quoted, printable Unicode kept, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) {
      out += short;
      continue;
    }
    if (PRINTABLE_RE.test(ch)) {
      out += ch;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
