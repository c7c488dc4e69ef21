import { describe, expect, it } from 'vitest';
import { intervalContains, specContains, TimeIntervals } from './contains.js';
import { BuildContext } from '../../config/context.js';
import { buildTimeIntervals } from '../../config/timeinterval.js';
import type { TimeInterval, TimeIntervalSpec } from '../../config/types.js';

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

// The config loader's builder is the one parser of time intervals; these helpers run it on one
// interval (or one spec) and return its value or its error messages.
function parseTimeInterval(raw: unknown, deprecatedList = false): Parsed<TimeInterval> {
  const ctx = new BuildContext(() => undefined);
  const out = deprecatedList ? buildTimeIntervals(ctx, [raw], []) : buildTimeIntervals(ctx, [], [raw]);
  const errors = ctx.diagnostics.map((d) => d.message);
  const first = out[0];
  if (errors.length > 0 || first === undefined) return { ok: false, errors };
  return { ok: true, value: first };
}

function parseTimeIntervalSpec(raw: unknown): Parsed<TimeIntervalSpec> {
  const r = parseTimeInterval({ name: 't', time_intervals: [raw] });
  if (!r.ok) return r;
  const first = r.value.time_intervals[0];
  return first === undefined ? { ok: false, errors: ['no spec'] } : { ok: true, value: first };
}

function spec(raw: unknown): TimeIntervalSpec {
  const r = parseTimeIntervalSpec(raw);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
}

const at = (iso: string): number => Date.parse(iso);

describe('parseTimeIntervalSpec', () => {
  it('parses every field', () => {
    expect(
      spec({
        times: [{ start_time: '09:00', end_time: '24:00' }],
        weekdays: ['Monday:friday', 'sunday'],
        days_of_month: ['1:5', '-3:-1'],
        months: ['1:3', 'may:August', 'december'],
        years: ['2020:2022', 2030],
        location: 'Europe/Paris',
      }),
    ).toEqual({
      times: [{ start_minute: 540, end_minute: 1440 }],
      weekdays: [
        { begin: 1, end: 5 },
        { begin: 0, end: 0 },
      ],
      days_of_month: [
        { begin: 1, end: 5 },
        { begin: -3, end: -1 },
      ],
      months: [
        { begin: 1, end: 3 },
        { begin: 5, end: 8 },
        { begin: 12, end: 12 },
      ],
      years: [
        { begin: 2020, end: 2022 },
        { begin: 2030, end: 2030 },
      ],
      location: 'Europe/Paris',
    });
  });

  it('defaults the location to UTC and accepts an empty spec', () => {
    expect(spec({})).toEqual({ location: 'UTC' });
    expect(spec(null)).toEqual({ location: 'UTC' });
    expect(spec({ location: 'Local' }).location).toBe('Local');
    expect(spec({ location: 'US/Eastern' }).location).toBe('US/Eastern');
  });

  it.each([
    [{ times: [{ start_time: '10:00' }] }, 'both start and end times must be provided'],
    [
      { times: [{ start_time: '10:00', end_time: '09:00' }] },
      'start time cannot be equal or greater than end time',
    ],
    [
      { times: [{ start_time: '10:00', end_time: '10:00' }] },
      'start time cannot be equal or greater than end time',
    ],
    [
      { times: [{ start_time: '22:00', end_time: '24:01' }] },
      "couldn't parse timestamp 24:01, invalid format",
    ],
    [{ times: [{ start_time: '9:00', end_time: '10:00' }] }, "couldn't parse timestamp 9:00, invalid format"],
    [{ weekdays: ['saturday:sunday'] }, 'start day cannot be before end day'],
    [{ weekdays: ['someday'] }, 'someday is not a valid weekday'],
    [{ weekdays: ['monday:tuesday:friday'] }, "couldn't parse range monday:tuesday:friday, invalid format"],
    [{ days_of_month: ['0'] }, '0 is not a valid day of the month: out of range'],
    [{ days_of_month: ['1:32'] }, '32 is not a valid day of the month: out of range'],
    [{ days_of_month: ['-32:-1'] }, '-32 is not a valid day of the month: out of range'],
    [{ days_of_month: ['-5:5'] }, 'end day must be negative if start day is negative'],
    [{ days_of_month: ['10:5'] }, 'end day 5 is always before start day 10'],
    [{ days_of_month: ['-1:-5'] }, 'end day -5 is always before start day -1'],
    [{ days_of_month: ['x'] }, 'strconv.Atoi: parsing "x": invalid syntax'],
    [{ months: ['smarch'] }, 'smarch is not a valid month'],
    [{ months: ['december:january'] }, 'end month january is before start month december'],
    [{ years: ['2022:2020'] }, 'end year 2020 is before start year 2022'],
    [{ location: 'Mars/Olympus' }, 'unknown time zone Mars/Olympus'],
    [{ location: 'europe/paris' }, 'unknown time zone europe/paris'],
  ])('refuses %j with %s', (raw, message) => {
    const r = parseTimeIntervalSpec(raw);
    expect(r).toEqual({ ok: false, errors: [message] });
  });

  it('accepts month numbers outside 1-12, as amtool check-config 0.25 does', () => {
    expect(spec({ months: ['0', '13'] }).months).toEqual([
      { begin: 0, end: 0 },
      { begin: 13, end: 13 },
    ]);
  });

  it('collects every error', () => {
    const r = parseTimeIntervalSpec({ weekdays: ['x', 'y'], months: ['jan'] });
    expect(r.ok ? [] : r.errors).toEqual([
      'x is not a valid weekday',
      'y is not a valid weekday',
      'jan is not a valid month',
    ]);
  });
});

describe('specContains', () => {
  it.each([
    // times: start inclusive, end exclusive
    [{ times: [{ start_time: '09:00', end_time: '17:00' }] }, '2024-05-06T09:00:00Z', true],
    [{ times: [{ start_time: '09:00', end_time: '17:00' }] }, '2024-05-06T16:59:59Z', true],
    [{ times: [{ start_time: '09:00', end_time: '17:00' }] }, '2024-05-06T17:00:00Z', false],
    [{ times: [{ start_time: '00:00', end_time: '24:00' }] }, '2024-05-06T23:59:59Z', true],
    // weekdays (2024-05-06 is a Monday, 2024-05-05 a Sunday)
    [{ weekdays: ['monday:friday'] }, '2024-05-06T12:00:00Z', true],
    [{ weekdays: ['monday:friday'] }, '2024-05-05T12:00:00Z', false],
    [{ weekdays: ['sunday', 'saturday'] }, '2024-05-05T12:00:00Z', true],
    // weekday seen in the interval's zone: Monday 01:00 in Tokyo is Sunday in UTC
    [{ weekdays: ['monday'], location: 'Asia/Tokyo' }, '2024-05-05T16:00:00Z', true],
    [{ weekdays: ['monday'] }, '2024-05-05T16:00:00Z', false],
    // days of month, negatives and clamping
    [{ days_of_month: ['-1'] }, '2024-02-29T12:00:00Z', true],
    [{ days_of_month: ['-1'] }, '2024-02-28T12:00:00Z', false],
    [{ days_of_month: ['-1'] }, '2023-02-28T12:00:00Z', true],
    [{ days_of_month: ['-3:-1'] }, '2024-04-28T00:00:00Z', true],
    [{ days_of_month: ['-3:-1'] }, '2024-04-27T23:59:00Z', false],
    [{ days_of_month: ['25:31'] }, '2023-02-28T00:00:00Z', true],
    [{ days_of_month: ['31'] }, '2024-04-30T00:00:00Z', false],
    [{ days_of_month: ['31'] }, '2024-05-31T00:00:00Z', true],
    [{ days_of_month: ['1:5', '-1'] }, '2024-01-31T10:00:00Z', true],
    [{ days_of_month: ['1:5', '-1'] }, '2024-01-15T10:00:00Z', false],
    // months and years
    [{ months: ['may:august'] }, '2024-08-31T23:59:00Z', true],
    [{ months: ['may:august'] }, '2024-09-01T00:00:00Z', false],
    [{ years: ['2020:2022'] }, '2022-12-31T23:59:00Z', true],
    [{ years: ['2020:2022'] }, '2023-01-01T00:00:00Z', false],
    // AND of fields
    [
      { weekdays: ['monday'], times: [{ start_time: '09:00', end_time: '10:00' }] },
      '2024-05-06T09:30:00Z',
      true,
    ],
    [
      { weekdays: ['monday'], times: [{ start_time: '09:00', end_time: '10:00' }] },
      '2024-05-07T09:30:00Z',
      false,
    ],
    // zones: Paris is UTC+2 in May
    [
      { times: [{ start_time: '09:00', end_time: '17:00' }], location: 'Europe/Paris' },
      '2024-05-06T07:00:00Z',
      true,
    ],
    [
      { times: [{ start_time: '09:00', end_time: '17:00' }], location: 'Europe/Paris' },
      '2024-05-06T15:00:00Z',
      false,
    ],
    // DST spring forward in Berlin (2024-03-31 02:00 → 03:00): 01:30Z is 03:30 local
    [
      { times: [{ start_time: '02:00', end_time: '03:00' }], location: 'Europe/Berlin' },
      '2024-03-31T00:59:00Z',
      false,
    ],
    [
      { times: [{ start_time: '02:00', end_time: '03:00' }], location: 'Europe/Berlin' },
      '2024-03-31T01:00:00Z',
      false,
    ],
    [
      { times: [{ start_time: '03:00', end_time: '04:00' }], location: 'Europe/Berlin' },
      '2024-03-31T01:30:00Z',
      true,
    ],
    // DST fall back in New York (2024-11-03): 01:30 local happens at 05:30Z and 06:30Z
    [
      { times: [{ start_time: '01:00', end_time: '02:00' }], location: 'America/New_York' },
      '2024-11-03T05:30:00Z',
      true,
    ],
    [
      { times: [{ start_time: '01:00', end_time: '02:00' }], location: 'America/New_York' },
      '2024-11-03T06:30:00Z',
      true,
    ],
    [
      { times: [{ start_time: '01:00', end_time: '02:00' }], location: 'America/New_York' },
      '2024-11-03T07:30:00Z',
      false,
    ],
    // month end in a zone: 2024-03-01T02:00Z is still Feb 29 in New York
    [{ days_of_month: ['-1'], location: 'America/New_York' }, '2024-03-01T02:00:00Z', true],
    [{ days_of_month: ['-1'] }, '2024-03-01T02:00:00Z', false],
    // an empty list matches nothing, as in Alertmanager
    [{ weekdays: [] }, '2024-05-06T12:00:00Z', false],
  ])('%j at %s → %s', (raw, iso, want) => {
    expect(specContains(spec(raw), at(iso))).toBe(want);
  });
});

describe('TimeIntervals', () => {
  const intervals = new TimeIntervals([
    { name: 'weekend', time_intervals: [spec({ weekdays: ['saturday', 'sunday'] })] },
    {
      name: 'nights',
      time_intervals: [
        spec({ times: [{ start_time: '22:00', end_time: '24:00' }] }),
        spec({ times: [{ start_time: '00:00', end_time: '06:00' }] }),
      ],
    },
  ]);

  it.each([
    ['2024-05-05T12:00:00Z', ['weekend']],
    ['2024-05-05T23:00:00Z', ['weekend', 'nights']],
    ['2024-05-06T03:00:00Z', ['nights']],
    ['2024-05-06T12:00:00Z', []],
  ])('at %s contains %j', (iso, names) => {
    expect(intervals.containing(['weekend', 'nights', 'unknown'], at(iso))).toEqual(names);
  });

  it('ORs the specs of one interval', () => {
    const i = { name: 'x', time_intervals: [spec({ years: ['2020'] }), spec({ years: ['2022'] })] };
    expect([2020, 2021, 2022].map((y) => intervalContains(i, Date.UTC(y, 5, 1)))).toEqual([
      true,
      false,
      true,
    ]);
  });
});

describe('parseTimeInterval', () => {
  it('parses a named interval', () => {
    expect(
      parseTimeInterval({
        name: 'offhours',
        time_intervals: [{ weekdays: ['saturday'] }, { times: [{ start_time: '00:00', end_time: '08:00' }] }],
      }),
    ).toEqual({
      ok: true,
      value: {
        name: 'offhours',
        time_intervals: [
          { weekdays: [{ begin: 6, end: 6 }], location: 'UTC' },
          { times: [{ start_minute: 0, end_minute: 480 }], location: 'UTC' },
        ],
      },
    });
  });

  it.each([
    [{ time_intervals: [] }, false, ['missing name in time interval']],
    [{ time_intervals: [] }, true, ['missing name in mute time interval']],
    [
      { name: 'x', time_intervals: [{ weekdays: ['x'] }, { months: ['jan'] }] },
      false,
      ['x is not a valid weekday', 'jan is not a valid month'],
    ],
  ])('refuses %j', (raw, deprecated, errors) => {
    expect(parseTimeInterval(raw, deprecated)).toEqual({ ok: false, errors });
  });
});
