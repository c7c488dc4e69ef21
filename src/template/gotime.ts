/** Go's time.Time and time.Duration for templates: layout formatting, String(), arithmetic. */
import { goType } from './values.js';
import type { GoTypeInfo } from './values.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NS = 1_000_000_000n;

/** time.Duration: a signed count of nanoseconds; its Go kind is int (printf %d prints ns). */
export class GoDuration {
  readonly [goType]: GoTypeInfo = { name: 'time.Duration' };
  constructor(readonly ns: bigint) {}

  /** Builds a duration from (possibly fractional) seconds, truncating to nanoseconds. */
  static fromSeconds(s: number): GoDuration {
    return new GoDuration(BigInt(Math.trunc(s * 1e9)));
  }
  /** The nanoseconds, for comparisons and %d. */
  goInt(): bigint {
    return this.ns;
  }
  /** Go's Duration.String(): `1h2m3.5s`, `150ms`, `0s`. */
  String(): string {
    return durationString(this.ns);
  }
  /** Seconds as float64. */
  Seconds(): number {
    return Number(this.ns / NS) + Number(this.ns % NS) / 1e9;
  }
  /** Minutes as float64. */
  Minutes(): number {
    return this.Seconds() / 60;
  }
  /** Hours as float64. */
  Hours(): number {
    return this.Seconds() / 3600;
  }
  /** Whole milliseconds as int. */
  Milliseconds(): bigint {
    return this.ns / 1_000_000n;
  }
  /** Nanoseconds as int. */
  Nanoseconds(): bigint {
    return this.ns;
  }
}

function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = '';
  let print = false;
  let u = v;
  for (let i = 0; i < prec; i++) {
    const digit = u % 10n;
    print = print || digit !== 0n;
    if (print) out = digit.toString() + out;
    u /= 10n;
  }
  return [print ? '.' + out : '', u];
}

function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NS) {
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const [frac, rest] = fmtFrac(u, prec);
    out = rest.toString() + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = (u % 60n).toString() + frac + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm). */
function civil(days: number): { y: number; m: number; d: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const ZERO_SEC = -62135596800; // 0001-01-01T00:00:00Z

/** time.Time: Unix seconds + nanoseconds, displayed at a fixed offset with a zone name. */
export class GoTime {
  readonly [goType]: GoTypeInfo = { name: 'time.Time', kind: 'struct' };
  constructor(
    readonly sec: number,
    readonly nsec: number = 0,
    readonly offset: number = 0,
    readonly zone: string = 'UTC',
  ) {}

  /** A time from Unix milliseconds, in UTC. */
  static fromUnixMilli(ms: number): GoTime {
    const sec = Math.floor(ms / 1000);
    return new GoTime(sec, Math.round((ms - sec * 1000) * 1e6));
  }
  /** A time from (possibly fractional) Unix seconds, in UTC. */
  static fromUnixSeconds(s: number): GoTime {
    const sec = Math.floor(s);
    return new GoTime(sec, Math.round((s - sec) * 1e9));
  }
  /** A time from Unix nanoseconds, in UTC. */
  static fromUnixNano(ns: bigint): GoTime {
    let sec = ns / NS;
    let rem = ns % NS;
    if (rem < 0n) {
      rem += NS;
      sec -= 1n;
    }
    return new GoTime(Number(sec), Number(rem));
  }
  /** A time from a JS Date, in UTC. */
  static fromDate(d: Date): GoTime {
    return GoTime.fromUnixMilli(d.getTime());
  }
  /** Go's zero time, 0001-01-01 00:00:00 UTC. */
  static zero(): GoTime {
    return new GoTime(ZERO_SEC, 0);
  }
  /** A time from a calendar date and clock in UTC. */
  static utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ns = 0): GoTime {
    return new GoTime(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s, ns);
  }

  /** The same instant shown at another offset (seconds east of UTC) and zone name. */
  withZone(offset: number, zone: string): GoTime {
    return new GoTime(this.sec, this.nsec, offset, zone);
  }
  /** The same instant in UTC. */
  UTC(): GoTime {
    return this.withZone(0, 'UTC');
  }
  /** True for Go's zero time. */
  IsZero(): boolean {
    return this.sec === ZERO_SEC && this.nsec === 0;
  }
  /** Unix seconds as int. */
  Unix(): bigint {
    return BigInt(this.sec);
  }
  /** Unix milliseconds as int. */
  UnixMilli(): bigint {
    return BigInt(this.sec) * 1000n + BigInt(Math.floor(this.nsec / 1e6));
  }
  /** Unix nanoseconds as int. */
  UnixNano(): bigint {
    return BigInt(this.sec) * NS + BigInt(this.nsec);
  }
  /** This time plus a duration. */
  Add(d: GoDuration): GoTime {
    const t = GoTime.fromUnixNano(this.UnixNano() + d.ns);
    return t.withZone(this.offset, this.zone);
  }
  /** The duration this - u. */
  Sub(u: GoTime): GoDuration {
    return new GoDuration(this.UnixNano() - u.UnixNano());
  }
  /** True when this is before u. */
  Before(u: GoTime): boolean {
    return this.UnixNano() < u.UnixNano();
  }
  /** True when this is after u. */
  After(u: GoTime): boolean {
    return this.UnixNano() > u.UnixNano();
  }
  /** True when both are the same instant. */
  Equal(u: GoTime): boolean {
    return this.UnixNano() === u.UnixNano();
  }
  /** Calendar fields at this time's offset. */
  fields(): { y: number; m: number; d: number; h: number; mi: number; s: number; wd: number; yd: number } {
    const local = this.sec + this.offset;
    const days = Math.floor(local / 86400);
    const sod = local - days * 86400;
    const { y, m, d } = civil(days);
    const yd = days - daysFromCivil(y, 1, 1) + 1;
    return {
      y,
      m,
      d,
      h: Math.floor(sod / 3600),
      mi: Math.floor((sod % 3600) / 60),
      s: sod % 60,
      wd: (((days + 4) % 7) + 7) % 7,
      yd,
    };
  }
  /** Year as int. */
  Year(): bigint {
    return BigInt(this.fields().y);
  }
  /** Go's Time.Format with a reference-time layout. */
  Format(layout: string): string {
    return formatTime(this, layout);
  }
  /** Go's MarshalJSON text (RFC 3339 with nanoseconds), for JSON encoders. */
  toJSON(): string {
    return formatTime(this, '2006-01-02T15:04:05.999999999Z07:00');
  }
  /** Go's Time.String(): `2006-01-02 15:04:05.999999999 -0700 MST`. */
  String(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
}

const p2 = (n: number): string => String(n).padStart(2, '0');

type Chunk = { lit: string; std: string; len: number };

/** Splits a layout into a literal prefix and the next std element, like Go's nextStdChunk. */
function nextChunk(layout: string): Chunk | undefined {
  const tz = [
    '-070000',
    '-07:00:00',
    '-0700',
    '-07:00',
    '-07',
    'Z070000',
    'Z07:00:00',
    'Z0700',
    'Z07:00',
    'Z07',
  ];
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    const lit = layout.slice(0, i);
    const c = layout[i];
    const lowerAfter = (n: number): boolean => /^[a-z]/.test(layout.slice(i + n));
    if (c === 'J' && rest.startsWith('Jan')) {
      if (rest.startsWith('January')) return { lit, std: 'January', len: 7 };
      if (!lowerAfter(3)) return { lit, std: 'Jan', len: 3 };
    } else if (c === 'M') {
      if (rest.startsWith('Mon')) {
        if (rest.startsWith('Monday')) return { lit, std: 'Monday', len: 6 };
        if (!lowerAfter(3)) return { lit, std: 'Mon', len: 3 };
      }
      if (rest.startsWith('MST')) return { lit, std: 'MST', len: 3 };
    } else if (c === '0') {
      if (/^0[1-6]/.test(rest)) return { lit, std: rest.slice(0, 2), len: 2 };
      if (rest.startsWith('002')) return { lit, std: '002', len: 3 };
    } else if (c === '1') {
      if (rest.startsWith('15')) return { lit, std: '15', len: 2 };
      return { lit, std: '1', len: 1 };
    } else if (c === '2') {
      if (rest.startsWith('2006')) return { lit, std: '2006', len: 4 };
      return { lit, std: '2', len: 1 };
    } else if (c === '_') {
      if (rest.startsWith('_2')) {
        if (rest.startsWith('_2006')) return { lit: layout.slice(0, i + 1), std: '2006', len: 4 };
        return { lit, std: '_2', len: 2 };
      }
      if (rest.startsWith('__2')) return { lit, std: '__2', len: 3 };
    } else if (c === '3' || c === '4' || c === '5') {
      return { lit, std: c, len: 1 };
    } else if ((c === 'P' && rest.startsWith('PM')) || (c === 'p' && rest.startsWith('pm'))) {
      return { lit, std: rest.slice(0, 2), len: 2 };
    } else if (c === '-' || c === 'Z') {
      const t = tz.find((z) => rest.startsWith(z));
      if (t) return { lit, std: t, len: t.length };
    } else if ((c === '.' || c === ',') && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
      const ch = layout[i + 1] ?? '';
      let j = i + 1;
      while (layout[j] === ch) j++;
      if (!/[0-9]/.test(layout[j] ?? '')) return { lit, std: c + ch.repeat(j - i - 1), len: j - i };
    }
  }
  return undefined;
}

function formatStd(t: GoTime, f: ReturnType<GoTime['fields']>, std: string): string {
  switch (std) {
    case '2006':
      return f.y < 0 ? '-' + String(-f.y).padStart(4, '0') : String(f.y).padStart(4, '0');
    case '06':
      return p2(((f.y % 100) + 100) % 100);
    case 'January':
      return MONTHS[f.m - 1] ?? '';
    case 'Jan':
      return (MONTHS[f.m - 1] ?? '').slice(0, 3);
    case '1':
      return String(f.m);
    case '01':
      return p2(f.m);
    case 'Monday':
      return DAYS[f.wd] ?? '';
    case 'Mon':
      return (DAYS[f.wd] ?? '').slice(0, 3);
    case '2':
      return String(f.d);
    case '_2':
      return String(f.d).padStart(2, ' ');
    case '02':
      return p2(f.d);
    case '__2':
      return String(f.yd).padStart(3, ' ');
    case '002':
      return String(f.yd).padStart(3, '0');
    case '15':
      return p2(f.h);
    case '3':
      return String(f.h % 12 === 0 ? 12 : f.h % 12);
    case '03':
      return p2(f.h % 12 === 0 ? 12 : f.h % 12);
    case '4':
      return String(f.mi);
    case '04':
      return p2(f.mi);
    case '5':
      return String(f.s);
    case '05':
      return p2(f.s);
    case 'PM':
      return f.h >= 12 ? 'PM' : 'AM';
    case 'pm':
      return f.h >= 12 ? 'pm' : 'am';
    case 'MST':
      return t.zone !== '' ? t.zone : formatZone(t.offset, '-0700');
    default:
      return formatOther(t, std);
  }
}

function formatZone(offset: number, std: string): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = p2(Math.floor(abs / 3600));
  const mm = p2(Math.floor((abs % 3600) / 60));
  const ss = p2(abs % 60);
  const body = std.slice(1);
  if (body === '07') return sign + hh;
  if (body === '07:00') return sign + hh + ':' + mm;
  if (body === '0700') return sign + hh + mm;
  if (body === '07:00:00') return sign + hh + ':' + mm + ':' + ss;
  return sign + hh + mm + ss;
}

function formatOther(t: GoTime, std: string): string {
  if (std[0] === '-' || std[0] === 'Z') return formatZone(t.offset, std);
  const digits = std.length - 1;
  const frac = String(t.nsec).padStart(9, '0').slice(0, digits);
  if (std[1] === '0') return std[0] + frac;
  const trimmed = frac.replace(/0+$/, '');
  return trimmed === '' ? '' : std[0] + trimmed;
}

/** Formats a GoTime with a Go reference-time layout (`2006-01-02T15:04:05Z07:00`). */
export function formatTime(t: GoTime, layout: string): string {
  const f = t.fields();
  let out = '';
  let rest = layout;
  for (;;) {
    const c = nextChunk(rest);
    if (!c) return out + rest;
    out += c.lit + formatStd(t, f, c.std);
    rest = rest.slice(c.lit.length + c.len);
  }
}
