/**
 * Go's `%.Ng` float formatting (strconv 'g' with a fixed precision), exact to the bit: the
 * digits come from the exact binary value and are rounded half-to-even like Go's ryu code.
 * JavaScript's toPrecision rounds exact halves up, which is why it is not used here.
 */

interface Digits {
  /** Significant digits without leading or trailing zeros ("" for zero). */
  digits: string;
  /** Decimal point position: value = 0.<digits> × 10^dp. */
  dp: number;
}

const F64 = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of a finite, non-negative double. */
function exactDigits(v: number): Digits {
  if (v === 0) return { digits: '', dp: 0 };
  F64.setFloat64(0, v);
  const hi = F64.getUint32(0);
  const lo = F64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let text: string;
  let dp: number;
  if (exp >= 0) {
    text = (mant << BigInt(exp)).toString();
    dp = text.length;
  } else {
    text = (mant * 5n ** BigInt(-exp)).toString();
    dp = text.length + exp;
  }
  return trimZeros({ digits: text, dp });
}

function trimZeros(d: Digits): Digits {
  let end = d.digits.length;
  while (end > 0 && d.digits[end - 1] === '0') end--;
  return { digits: d.digits.slice(0, end), dp: end === 0 ? 0 : d.dp };
}

/** Rounds to `n` significant digits, half to even on exact ties. */
function roundDigits(d: Digits, n: number): Digits {
  if (d.digits.length <= n) return d;
  const next = d.digits.charCodeAt(n) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (/[1-9]/.test(d.digits.slice(n + 1))) up = true;
  else up = n > 0 && (d.digits.charCodeAt(n - 1) - 48) % 2 === 1;
  let kept = d.digits.slice(0, n);
  if (!up) return trimZeros({ digits: kept, dp: d.dp });
  let i = n - 1;
  while (i >= 0 && kept[i] === '9') i--;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  return trimZeros({ digits: kept, dp: d.dp });
}

function digitAt(d: Digits, i: number): string {
  return i >= 0 && i < d.digits.length ? (d.digits[i] ?? '0') : '0';
}

function formatE(d: Digits, decimals: number, neg: boolean): string {
  let out = neg ? '-' : '';
  out += d.digits === '' ? '0' : digitAt(d, 0);
  if (decimals > 0) {
    out += '.';
    for (let i = 1; i <= decimals; i++) out += digitAt(d, i);
  }
  const exp = d.digits === '' ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return `${out}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function formatF(d: Digits, decimals: number, neg: boolean): string {
  let out = neg ? '-' : '';
  if (d.dp > 0) {
    for (let i = 0; i < d.dp; i++) out += digitAt(d, i);
  } else {
    out += '0';
  }
  if (decimals > 0) {
    out += '.';
    for (let i = 0; i < decimals; i++) out += digitAt(d, d.dp + i);
  }
  return out;
}

/** Go's `fmt.Sprintf("%.<prec>g", v)`: `NaN`, `+Inf`, `-Inf`, `-0`, `1.235e+06`. */
export function formatGoG(v: number, prec: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  let p = prec === 0 ? 1 : prec;
  const d = roundDigits(exactDigits(Math.abs(v)), p);
  const nd = d.digits.length;
  let eprec = p;
  if (eprec > nd && nd >= d.dp) eprec = nd;
  const exp = d.dp - 1;
  if (nd > 0 && (exp < -4 || exp >= eprec)) {
    if (p > nd) p = nd;
    return formatE(d, p - 1, neg);
  }
  if (p > d.dp) p = nd;
  return formatF(d, Math.max(p - d.dp, 0), neg);
}
