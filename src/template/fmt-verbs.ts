/** Go fmt's per-kind verb formatters (integers, floats, strings) and the flag/padding rules. */
import { formatFloat } from './ftoa.js';
import { goQuoteString, isPrintRune, quoteRune } from './quote.js';

/** Formatting flags of one verb. */
/** Formatting flags of one verb. */
export interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number | undefined;
  prec: number | undefined;
}

/** Fresh flags for a verb. */
export const noFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  plusV: false,
  sharpV: false,
  wid: undefined,
  prec: undefined,
});

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Pads to the width (runes), left or right, with spaces or zeros. */
export function pad(s: string, f: Flags, zeroOK = true): string {
  if (f.wid === undefined || f.wid === 0) return s;
  const n = f.wid - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero && zeroOK ? '0' : ' ').repeat(n) + s;
}

/** Cuts a string to the precision, in runes. */
export function truncate(s: string, f: Flags): string {
  if (f.prec === undefined) return s;
  return [...s].slice(0, f.prec).join('');
}

/** Calls String() or Error() for verbs v s x X q, as fmt's handleMethods does. */

/** Formats one value of that kind; undefined when the verb does not apply (a bad verb). */
export function fmtInteger(n: bigint, verb: string, f: Flags): string | undefined {
  let base = 10;
  let digits = '';
  switch (verb) {
    case 'v':
    case 'd':
      break;
    case 'b':
      base = 2;
      break;
    case 'o':
    case 'O':
      base = 8;
      break;
    case 'x':
    case 'X':
      base = 16;
      break;
    case 'c':
      return pad(String.fromCodePoint(validRune(n)), f);
    case 'q':
      return pad(quoteRune(validRune(n), f.plus), f);
    case 'U':
      return fmtUnicode(n, f);
    default:
      return undefined;
  }
  const neg = n < 0n;
  if (f.prec === 0 && n === 0n) return pad('', { ...f, zero: false });
  digits = (neg ? -n : n).toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  let prec = 0;
  let zero = f.zero;
  if (f.prec !== undefined) {
    prec = f.prec;
    zero = false;
  } else if (f.zero && f.wid !== undefined && !f.minus && f.wid > 0) {
    prec = f.wid - (neg || f.plus || f.space ? 1 : 0);
  }
  digits = digits.padStart(prec, '0');
  if (f.sharp) {
    if (base === 8 && !digits.startsWith('0')) digits = '0' + digits;
    if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
    if (base === 2) digits = '0b' + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + digits, { ...f, zero });
}

function fmtUnicode(n: bigint, f: Flags): string {
  const prec = f.prec !== undefined && f.prec > 4 ? f.prec : 4;
  let u = 'U+' + BigInt.asUintN(64, n).toString(16).toUpperCase().padStart(prec, '0');
  const r = Number(n);
  if (f.sharp && n >= 0n && r <= 0x10ffff && isPrintRune(r)) u += ` '${String.fromCodePoint(r)}'`;
  return pad(u, { ...f, zero: false });
}

function validRune(n: bigint): number {
  const r = Number(n);
  return r < 0 || r > 0x10ffff || (r >= 0xd800 && r < 0xe000) ? 0xfffd : r;
}

/** Formats one value of that kind; undefined when the verb does not apply (a bad verb). */
export function fmtFloat(x: number, verb: string, f: Flags): string | undefined {
  let fmt: string;
  let prec: number;
  switch (verb) {
    case 'v':
      fmt = 'g';
      prec = -1;
      break;
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      fmt = verb;
      prec = -1;
      break;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
      fmt = verb === 'F' ? 'f' : verb;
      prec = 6;
      break;
    default:
      return undefined;
  }
  if (f.prec !== undefined && fmt !== 'b') prec = f.prec;
  let num = formatFloat(x, fmt, prec);
  if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
  if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return pad(num, f, false);
  }
  if (f.sharp && fmt !== 'b') num = sharpFloat(num, fmt, prec);
  if (f.plus || num[0] !== '+') {
    if (f.zero && f.wid !== undefined && f.wid > num.length && !f.minus) {
      return num[0] + pad(num.slice(1), { ...f, wid: f.wid - 1 });
    }
    return pad(num, f);
  }
  return pad(num.slice(1), f);
}

/** Go's `#` flag on floats: always a decimal point, and %g keeps its trailing zeros. */
function sharpFloat(signed: string, fmt: string, prec: number): string {
  let digits = fmt === 'g' || fmt === 'G' || fmt === 'x' ? (prec === -1 ? 6 : prec) : 0;
  let num = signed;
  let tail = '';
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 1; i < num.length; i++) {
    const c = num[i];
    if (c === '.') hasPoint = true;
    else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && fmt !== 'x' && fmt !== 'X')) {
      tail = num.slice(i);
      num = num.slice(0, i);
      break;
    } else {
      if (c !== '0') sawNonzero = true;
      if (sawNonzero) digits--;
    }
  }
  if (!hasPoint) {
    if (num.length === 2 && num[1] === '0') digits--;
    num += '.';
  }
  return num + '0'.repeat(Math.max(digits, 0)) + tail;
}

/** Formats one value of that kind; undefined when the verb does not apply (a bad verb). */
export function fmtString(s: string, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v':
      if (f.sharpV) return pad(goQuoteString(truncate(s, f), false), f);
      return pad(truncate(s, f), f);
    case 's':
      return pad(truncate(s, f), f);
    case 'x':
    case 'X':
      return fmtHexString(s, verb === 'X', f);
    case 'q':
      return pad(
        f.sharp && canBackquote(s) ? '`' + truncate(s, f) + '`' : goQuoteString(truncate(s, f), f.plus),
        f,
      );
    default:
      return undefined;
  }
}

/** strconv.CanBackquote: no backquote, no control characters other than tab, no BOM. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '`' || cp === 0xfeff || cp === 0x7f || (cp < 0x20 && cp !== 9)) return false;
  }
  return true;
}

function fmtHexString(s: string, upper: boolean, f: Flags): string {
  let bytes = [...Buffer.from(s, 'utf8')];
  if (f.prec !== undefined && f.prec < bytes.length) bytes = bytes.slice(0, f.prec);
  const hex = (b: number): string => {
    const h = b.toString(16).padStart(2, '0');
    return upper ? h.toUpperCase() : h;
  };
  const prefix = upper ? '0X' : '0x';
  let out: string;
  if (f.space) out = bytes.map((b) => (f.sharp ? prefix : '') + hex(b)).join(' ');
  else out = (f.sharp && bytes.length > 0 ? prefix : '') + bytes.map(hex).join('');
  return pad(out, f);
}

/** Formats one operand with a verb, as fmt's printArg/printValue do. */
