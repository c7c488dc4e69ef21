// Parses one time-interval spec from its plain YAML shape, with Alertmanager's error messages
// (`timeinterval/timeinterval.go` UnmarshalYAML). Independent of the rest of the router.
import type { InclusiveRange, TimeInterval, TimeIntervalSpec } from '../../config/types.js';
import { isValidZone } from './zone.js';

/** The result of parsing: the spec, or every problem found (one message per bad entry). */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const DAYS: Readonly<Record<string, number>> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const MONTHS: readonly string[] = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const FIELDS = new Set(['times', 'weekdays', 'days_of_month', 'months', 'years', 'location']);
const VALID_TIME = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;

/** Go's `strconv.Atoi`: optional sign and decimal digits only. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

/** Splits `a:b` or `a` into an inclusive range, converting each member with `member`. */
function rangeFromString(raw: string, member: (s: string) => number): InclusiveRange {
  const s = raw.toLowerCase();
  if (!s.includes(':')) {
    const v = member(s);
    return { begin: v, end: v };
  }
  const parts = s.split(':');
  if (parts.length !== 2) throw new Error(`couldn't parse range ${s}, invalid format`);
  return { begin: member(parts[0] ?? ''), end: member(parts[1] ?? '') };
}

function weekday(s: string): number {
  const d = DAYS[s];
  if (d === undefined) throw new Error(`${s} is not a valid weekday`);
  return d;
}

function month(s: string): number {
  if (/^[+-]?[0-9]+$/.test(s)) {
    const n = Number(s);
    if (n < 1 || n > 12) throw new Error(`${n} is not a valid month`);
    return n;
  }
  const i = MONTHS.indexOf(s);
  if (i < 0) throw new Error(`${s} is not a valid month`);
  return i + 1;
}

function parseWeekdays(s: string): InclusiveRange {
  const r = rangeFromString(s, weekday);
  if (r.begin > r.end) throw new Error('start day cannot be before end day');
  return r;
}

function parseDaysOfMonth(s: string): InclusiveRange {
  const r = rangeFromString(s, atoi);
  for (const d of [r.begin, r.end]) {
    if (d === 0 || d < -31 || d > 31) throw new Error(`${d} is not a valid day of the month: out of range`);
  }
  if (r.begin < 0 && r.end > 0) throw new Error('end day must be negative if start day is negative');
  // Negative days are checked against a 28-day month, catching only ranges that are always empty.
  const b = r.begin < 0 ? 28 + r.begin : r.begin;
  const e = r.end < 0 ? 28 + r.end : r.end;
  if (b > e) throw new Error(`end day ${r.end} is always before start day ${r.begin}`);
  return r;
}

function parseMonths(s: string): InclusiveRange {
  const r = rangeFromString(s, month);
  if (r.begin > r.end) {
    throw new Error(
      `end month ${MONTHS[r.end - 1] ?? r.end} is before start month ${MONTHS[r.begin - 1] ?? r.begin}`,
    );
  }
  return r;
}

function parseYears(s: string): InclusiveRange {
  const r = rangeFromString(s, atoi);
  if (r.begin > r.end) throw new Error(`end year ${r.end} is before start year ${r.begin}`);
  return r;
}

function parseClock(s: string): number {
  if (!VALID_TIME.test(s)) throw new Error(`couldn't parse timestamp ${s}, invalid format`);
  const [h, m] = s.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function parseTimeRange(raw: unknown): { start_minute: number; end_minute: number } {
  const o = isRecord(raw) ? raw : {};
  const start = scalar(o['start_time']);
  const end = scalar(o['end_time']);
  if (start === '' || end === '') throw new Error('both start and end times must be provided');
  const startMinute = parseClock(start);
  const endMinute = parseClock(end);
  if (startMinute >= endMinute) throw new Error('start time cannot be equal or greater than end time');
  return { start_minute: startMinute, end_minute: endMinute };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** YAML scalars decode into Go strings whatever their YAML type. */
function scalar(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : String(v);
}

function parseList<T>(
  field: string,
  raw: unknown,
  one: (v: unknown) => T,
  errors: string[],
): T[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    errors.push(`${field}: expected a list`);
    return undefined;
  }
  const out: T[] = [];
  for (const item of raw) {
    try {
      out.push(one(item));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  return out;
}

/** Parses one entry of a named interval's `time_intervals:` list, collecting every error. */
export function parseTimeIntervalSpec(raw: unknown): ParseResult<TimeIntervalSpec> {
  if (raw === null || raw === undefined) return { ok: true, value: { location: 'UTC' } };
  if (!isRecord(raw)) return { ok: false, errors: ['time interval must be a mapping'] };
  const errors: string[] = [];
  for (const k of Object.keys(raw)) {
    if (!FIELDS.has(k)) errors.push(`field ${k} not found in type timeinterval.TimeInterval`);
  }
  const times = parseList('times', raw['times'], parseTimeRange, errors);
  const weekdays = parseList('weekdays', raw['weekdays'], (v) => parseWeekdays(scalar(v)), errors);
  const daysOfMonth = parseList(
    'days_of_month',
    raw['days_of_month'],
    (v) => parseDaysOfMonth(scalar(v)),
    errors,
  );
  const months = parseList('months', raw['months'], (v) => parseMonths(scalar(v)), errors);
  const years = parseList('years', raw['years'], (v) => parseYears(scalar(v)), errors);
  let location = scalar(raw['location']);
  if (location === '') location = 'UTC';
  if (!isValidZone(location)) errors.push(`unknown time zone ${location}`);
  if (errors.length > 0) return { ok: false, errors };
  const spec: TimeIntervalSpec = {
    ...(times && { times }),
    ...(weekdays && { weekdays }),
    ...(daysOfMonth && { days_of_month: daysOfMonth }),
    ...(months && { months }),
    ...(years && { years }),
    location,
  };
  return { ok: true, value: spec };
}

/**
 * Parses one entry of the top-level `time_intervals:` (or deprecated `mute_time_intervals:`)
 * list: `{name, time_intervals: [spec...]}`. Name uniqueness across the lists is the config's check.
 */
export function parseTimeInterval(raw: unknown, deprecatedList = false): ParseResult<TimeInterval> {
  const what = deprecatedList ? 'mute time interval' : 'time interval';
  if (!isRecord(raw)) return { ok: false, errors: [`${what} must be a mapping`] };
  const name = scalar(raw['name']);
  const errors: string[] = [];
  if (name === '') errors.push(`missing name in ${what}`);
  const list = raw['time_intervals'];
  const specs: TimeIntervalSpec[] = [];
  if (list !== undefined && list !== null && !Array.isArray(list))
    errors.push('time_intervals: expected a list');
  for (const item of Array.isArray(list) ? list : []) {
    const r = parseTimeIntervalSpec(item);
    if (r.ok) specs.push(r.value);
    else errors.push(...r.errors);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { name, time_intervals: specs } };
}
