// Parses Alertmanager time intervals (`timeinterval/timeinterval.go`): times, weekday, day,
// month and year ranges, and the location, with Alertmanager's error texts.
import type { BuildContext } from './context.js';
import { asList, asMap, optStr } from './context.js';
import type { InclusiveRange, TimeInterval, TimeIntervalSpec } from './types.js';
import type { JsonPath } from './yaml.js';

/** Weekday names by Go's time.Weekday number (Sunday = 0). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** Month names by number (index 0 unused). */
export const MONTHS = [
  '',
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

type Member = (s: string) => number;

/** Go's strconv.Atoi on a trimmed-free string, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

const weekday: Member = (s) => {
  const i = WEEKDAYS.indexOf(s);
  if (i < 0) throw new Error(`${s} is not a valid weekday`);
  return i;
};

const month: Member = (s) => {
  const i = MONTHS.indexOf(s);
  if (i > 0) return i;
  try {
    return atoi(s);
  } catch {
    throw new Error(`${s} is not a valid month`);
  }
};

/** Splits `a:b` (or `a`) into an inclusive range, lower-casing first as Alertmanager does. */
function parseRange(input: string, member: Member): InclusiveRange {
  const s = input.toLowerCase();
  if (s.includes(':')) {
    const parts = s.split(':');
    if (parts.length !== 2) throw new Error(`couldn't parse range ${s}, invalid format`);
    return { begin: member(parts[0] ?? ''), end: member(parts[1] ?? '') };
  }
  const v = member(s);
  return { begin: v, end: v };
}

const checks: Record<string, (r: InclusiveRange, raw: string) => void> = {
  weekdays: (r, raw) => {
    if (r.begin > r.end) throw new Error('start day cannot be before end day');
    if (r.begin < 0 || r.begin > 6 || r.end < 0 || r.end > 6)
      throw new Error(`${raw} is not a valid day of the week: out of range`);
  },
  days_of_month: (r) => {
    if (r.begin === 0 || r.begin < -31 || r.begin > 31)
      throw new Error(`${r.begin} is not a valid day of the month: out of range`);
    if (r.end === 0 || r.end < -31 || r.end > 31)
      throw new Error(`${r.end} is not a valid day of the month: out of range`);
    if (r.begin < 0 && r.end > 0) throw new Error('end day must be negative if start day is negative');
    const b = r.begin < 0 ? 28 + r.begin : r.begin;
    const e = r.end < 0 ? 28 + r.end : r.end;
    if (b > e) throw new Error(`end day ${r.end} is always before start day ${r.begin}`);
  },
  months: (r) => {
    if (r.begin > r.end)
      throw new Error(`end month ${MONTHS[r.end] ?? ''} is before start month ${MONTHS[r.begin] ?? ''}`);
  },
  years: (r) => {
    if (r.begin > r.end) throw new Error(`end year ${r.end} is before start year ${r.begin}`);
  },
};

const members: Record<string, Member> = {
  weekdays: weekday,
  days_of_month: atoi,
  months: month,
  years: atoi,
};

/** Converts `HH:MM` to minutes since midnight (`24:00` allowed). */
function parseTime(s: string): number {
  if (!/^(([01][0-9]|2[0-3]):[0-5][0-9])$|^24:00$/.test(s))
    throw new Error(`couldn't parse timestamp ${s}, invalid format`);
  const [h, m] = s.split(':');
  return Number(h) * 60 + Number(m);
}

/** Checks an IANA zone name with the platform's time zone database, as Go's LoadLocation does. */
function checkLocation(loc: string): void {
  if (loc === 'Local' || loc === 'UTC' || loc === '') return;
  let resolved = '';
  try {
    // Go looks zones up as files: relative paths are refused and names are case-sensitive,
    // while Intl ignores case (`europe/paris` resolves to `Europe/Paris`).
    if (!loc.startsWith('/') && !loc.includes('..'))
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: loc }).resolvedOptions().timeZone;
  } catch {
    resolved = '';
  }
  if (resolved === '' || (resolved !== loc && resolved.toLowerCase() === loc.toLowerCase()))
    throw new Error(`unknown time zone ${loc}`);
}

function buildRangeField(ctx: BuildContext, raw: unknown, field: string, path: JsonPath): InclusiveRange[] {
  const out: InclusiveRange[] = [];
  asList(raw).forEach((v, i) => {
    const text = String(v);
    try {
      const r = parseRange(text, members[field] ?? atoi);
      checks[field]?.(r, text);
      out.push(r);
    } catch (e) {
      ctx.error([...path, i], (e as Error).message, 'config.bad_time_interval');
    }
  });
  return out;
}

function buildTimes(
  ctx: BuildContext,
  raw: unknown,
  path: JsonPath,
): Array<{ start_minute: number; end_minute: number }> {
  const out: Array<{ start_minute: number; end_minute: number }> = [];
  asList(raw).forEach((t, i) => {
    const m = asMap(t);
    const start = optStr(m['start_time']) ?? '';
    const end = optStr(m['end_time']) ?? '';
    try {
      if (start === '' || end === '') throw new Error('both start and end times must be provided');
      const s = parseTime(start);
      const e = parseTime(end);
      if (s >= e) throw new Error('start time cannot be equal or greater than end time');
      out.push({ start_minute: s, end_minute: e });
    } catch (e) {
      ctx.error([...path, i], (e as Error).message, 'config.bad_time_interval');
    }
  });
  return out;
}

function buildSpec(ctx: BuildContext, raw: unknown, path: JsonPath): TimeIntervalSpec {
  const m = asMap(raw);
  const spec: Record<string, unknown> = {};
  if (m['times'] !== undefined) spec['times'] = buildTimes(ctx, m['times'], [...path, 'times']);
  for (const f of ['weekdays', 'days_of_month', 'months', 'years']) {
    if (m[f] !== undefined) spec[f] = buildRangeField(ctx, m[f], f, [...path, f]);
  }
  const location = optStr(m['location']) ?? 'UTC';
  try {
    checkLocation(location);
  } catch (e) {
    ctx.error([...path, 'location'], (e as Error).message, 'config.bad_time_interval');
  }
  return { ...spec, location } as TimeIntervalSpec;
}

/** Builds `mute_time_intervals` and `time_intervals`; names must be present and unique across both. */
export function buildTimeIntervals(ctx: BuildContext, mute: unknown, active: unknown): TimeInterval[] {
  const out: TimeInterval[] = [];
  const names = new Set<string>();
  const lists: Array<[string, unknown, string]> = [
    ['mute_time_intervals', mute, 'mute time interval'],
    ['time_intervals', active, 'time interval'],
  ];
  for (const [key, raw, what] of lists) {
    asList(raw).forEach((t, i) => {
      const m = asMap(t);
      const path = [key, i];
      const name = optStr(m['name']) ?? '';
      if (name === '') ctx.error(path, `missing name in ${what}`, 'config.missing_name');
      else if (names.has(name))
        ctx.error(
          [...path, 'name'],
          `${what} ${JSON.stringify(name)} is not unique`,
          'config.duplicate_name',
        );
      names.add(name);
      const specs = asList(m['time_intervals']).map((s, j) =>
        buildSpec(ctx, s, [...path, 'time_intervals', j]),
      );
      out.push({ name, time_intervals: specs });
    });
  }
  return out;
}
