/**
 * Prometheus' humanize* number formatting, on plain float64 values, byte-for-byte as
 * Prometheus 2.42 `template/template.go` prints them (`%.4g` plus SI or IEC prefixes).
 */
import { formatGoG } from './gofloat.js';

const BIG_PREFIXES = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const IEC_PREFIXES = ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];

function isSpecial(v: number): boolean {
  return Number.isNaN(v) || !Number.isFinite(v);
}

/** Scales a value with |v| < 1 up by 1000s, returning the scaled value and its prefix. */
function scaleSmall(v: number): [number, string] {
  let prefix = '';
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return [v, prefix];
}

/** `humanize`: 1234567 → `1.235M`, 0.12 → `120m`. */
export function humanize(v: number): string {
  if (v === 0 || isSpecial(v)) return formatGoG(v, 4);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of BIG_PREFIXES) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return formatGoG(v, 4) + prefix;
  }
  const [scaled, prefix] = scaleSmall(v);
  return formatGoG(scaled, 4) + prefix;
}

/** `humanize1024`: 1048576 → `1Mi`; |v| ≤ 1 prints without a prefix. */
export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || isSpecial(v)) return formatGoG(v, 4);
  let prefix = '';
  for (const p of IEC_PREFIXES) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return formatGoG(v, 4) + prefix;
}

const INT64_MIN = -(2n ** 63n);

/** Go's `int64(v)` for a non-negative float, including amd64's result on overflow. */
function goInt64(v: number): bigint {
  if (!(v < 2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(v));
}

/** `humanizeDuration`: seconds → `1d 2h 3m 4s`, `1.234s`, `100ms`. */
export function humanizeDuration(v: number): string {
  if (isSpecial(v)) return formatGoG(v, 4);
  if (v === 0) return `${formatGoG(v, 4)}s`;
  if (Math.abs(v) >= 1) {
    let sign = '';
    if (v < 0) {
      sign = '-';
      v = -v;
    }
    const d = goInt64(v);
    const seconds = d % 60n;
    const minutes = (d / 60n) % 60n;
    const hours = (d / 60n / 60n) % 24n;
    const days = d / 60n / 60n / 24n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${formatGoG(v, 4)}s`;
  }
  const [scaled, prefix] = scaleSmall(v);
  return `${formatGoG(scaled, 4)}${prefix}s`;
}

/** `humanizePercentage`: 0.1234567 → `12.35%`. */
export function humanizePercentage(v: number): string {
  return `${formatGoG(v * 100, 4)}%`;
}

/** Why a float could not become a timestamp; NaN/Inf is told apart because some callers print it. */
export class TimeConversionError extends Error {
  constructor(
    message: string,
    readonly nanOrInf: boolean,
  ) {
    super(message);
  }
}

/**
 * Prometheus' `floatToTime`: Unix seconds → Unix milliseconds (truncated toward zero, as
 * `model.TimeFromUnixNano` does), or a TimeConversionError with Prometheus' text.
 */
export function floatToUnixMs(v: number, printed: string): bigint {
  if (isSpecial(v)) throw new TimeConversionError('value is NaN or Inf', true);
  const ns = v * 1e9;
  if (ns > 2 ** 63 || ns < -(2 ** 63)) {
    throw new TimeConversionError(
      `${printed} cannot be represented as a nanoseconds timestamp since it overflows int64`,
      false,
    );
  }
  const nsInt = ns >= 2 ** 63 ? INT64_MIN : BigInt(Math.trunc(ns));
  return nsInt / 1_000_000n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Go's `time.Time.String()` for a UTC instant given in Unix milliseconds. */
export function formatUtcTime(ms: bigint): string {
  const date = new Date(Number(ms));
  const frac = Number(((ms % 1000n) + 1000n) % 1000n);
  const y = date.getUTCFullYear();
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  let out = `${year}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)} `;
  out += `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
  if (frac !== 0) out += `.${pad(frac, 3).replace(/0+$/, '')}`;
  return `${out} +0000 UTC`;
}

/** `humanizeTimestamp`: Unix seconds → `2015-06-23 13:19:44.128 +0000 UTC`; NaN/Inf as `%.4g`. */
export function humanizeTimestamp(v: number, printed: string): string {
  if (isSpecial(v)) return formatGoG(v, 4);
  return formatUtcTime(floatToUnixMs(v, printed));
}
