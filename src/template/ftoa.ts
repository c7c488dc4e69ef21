/** Float-to-text conversion with Go strconv.FormatFloat's exact results ('e', 'f', 'g', 'b', 'x'). */

/** Decimal digits of |x|: value = 0.d1d2d3… × 10^dp; `nd` = digits.length (0 for zero). */
interface Digits {
  d: string;
  dp: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Splits a finite float into mantissa and binary exponent: |x| = mant × 2^exp. */
function decompose(x: number): { mant: bigint; exp: number } {
  f64[0] = Math.abs(x);
  const bits = u64[0] ?? 0n;
  const e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = e - 1075;
  }
  return { mant, exp };
}

/** All decimal digits of |x|, exactly (the binary value is a finite decimal). */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const { mant, exp } = decompose(x);
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  s = s.replace(/0+$/, '');
  return { d: s, dp };
}

/** Shortest digits that round-trip (what Go's Ryu shortest mode produces). */
function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const e = Math.abs(x).toExponential();
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e);
  const d = ((m?.[1] ?? '') + (m?.[2] ?? '')).replace(/0+$/, '');
  return { d, dp: Number(m?.[3] ?? 0) + 1 };
}

/** Rounds digits to `nd` significant digits, half to even on exact ties (Go's decimal.Round). */
function roundDigits(dg: Digits, nd: number): Digits {
  if (nd < 0 || nd >= dg.d.length) return dg;
  const c = dg.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (c > 5) up = true;
  else if (c < 5) up = false;
  else if (nd + 1 < dg.d.length) up = true;
  else up = nd > 0 && (dg.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  if (!up) return { d: dg.d.slice(0, nd).replace(/0+$/, ''), dp: dg.dp };
  let i = nd - 1;
  while (i >= 0 && dg.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: dg.dp + 1 };
  return { d: dg.d.slice(0, i) + String.fromCharCode(dg.d.charCodeAt(i) + 1), dp: dg.dp };
}

function fmtE(dg: Digits, prec: number, ch: string): string {
  let out = dg.d[0] ?? '0';
  if (prec > 0) out += '.' + dg.d.slice(1, prec + 1).padEnd(prec, '0');
  let exp = dg.d.length === 0 ? 0 : dg.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return out + ch + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(dg: Digits, prec: number): string {
  let out: string;
  if (dg.dp > 0) out = dg.d.slice(0, dg.dp).padEnd(dg.dp, '0');
  else out = '0';
  if (prec > 0) {
    let frac = '';
    for (let i = 0; i < prec; i++) {
      const j = dg.dp + i;
      frac += j >= 0 && j < dg.d.length ? dg.d[j] : '0';
    }
    out += '.' + frac;
  }
  return out;
}

function fmtG(dg: Digits, shortest: boolean, precIn: number, upper: boolean): string {
  let prec = precIn;
  let eprec = prec;
  const nd = dg.d.length;
  if (eprec > nd && nd >= dg.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = dg.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(dg, prec - 1, upper ? 'E' : 'e');
  }
  if (prec > dg.dp) prec = nd;
  return fmtF(dg, Math.max(prec - dg.dp, 0));
}

/** Go's %b of a float: mantissa 'p' binary exponent. */
function fmtB(x: number): string {
  if (x === 0) return '0p-1074';
  const { mant, exp } = decompose(x);
  return `${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** Go's %x / %X of a float: -0x1.8p+01. */
function fmtX(x: number, prec: number, upper: boolean): string {
  let { mant, exp } = decompose(x);
  if (mant === 0n) exp = 0;
  else exp += 52;
  mant <<= 8n; // leading bit at 1<<60
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = '0' + (upper ? 'X' : 'x') + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  if ((prec < 0 && mant !== 0n) || prec > 0) {
    out += '.';
    for (let i = 0; prec < 0 ? mant !== 0n : i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  }
  const sign = exp < 0 ? '-' : '+';
  const e = Math.abs(exp);
  return out + (upper ? 'P' : 'p') + sign + (e < 10 ? '0' + e : String(e));
}

/**
 * strconv.FormatFloat(x, fmt, prec, 64) for fmt in e E f g G b x X; prec -1 means shortest.
 * Returns the text with a leading '-' for negative values (including -0), as Go does.
 */
export function formatFloat(x: number, fmt: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const body = formatAbs(Math.abs(x), fmt, prec);
  return neg ? '-' + body : body;
}

function formatAbs(x: number, fmt: string, precIn: number): string {
  if (fmt === 'b') return fmtB(x);
  if (fmt === 'x' || fmt === 'X') return fmtX(x, precIn, fmt === 'X');
  // Fast path: toFixed is exact except on ties, which need x·2^(prec+1) to be an integer.
  if (fmt === 'f' && precIn >= 0 && precIn <= 20 && x < 1e21 && !Number.isInteger(x * 2 ** (precIn + 1))) {
    return x.toFixed(precIn);
  }
  const shortest = precIn < 0;
  let prec = precIn;
  let dg: Digits;
  if (shortest) {
    dg = shortestDigits(x);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(dg.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(dg.d.length - dg.dp, 0);
    else prec = dg.d.length;
  } else {
    dg = exactDigits(x);
    if (fmt === 'e' || fmt === 'E') dg = roundDigits(dg, prec + 1);
    else if (fmt === 'f') dg = roundDigits(dg, dg.dp + prec);
    else {
      if (prec === 0) prec = 1;
      dg = roundDigits(dg, prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(dg, prec, fmt);
  if (fmt === 'f') return fmtF(dg, prec);
  return fmtG(dg, shortest, prec, fmt === 'G');
}
