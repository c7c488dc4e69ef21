// Whether an instant lies in a time interval, with Alertmanager's semantics (`ContainsTime`).
import type { InclusiveRange, TimeInterval, TimeIntervalSpec } from '../../config/types.js';
import type { LocalTime } from './zone.js';
import { localTime } from './zone.js';

function inRanges(v: number, ranges: readonly InclusiveRange[]): boolean {
  return ranges.some((r) => v >= r.begin && v <= r.end);
}

/** Day-of-month ranges: negatives count from the month's end, clamped to the month's length. */
function inDaysOfMonth(t: LocalTime, ranges: readonly InclusiveRange[]): boolean {
  const n = t.daysInMonth;
  return ranges.some((r) => {
    let begin = r.begin < 0 ? n + r.begin + 1 : r.begin;
    let end = r.end < 0 ? n + r.end + 1 : r.end;
    if (begin > n) return false;
    begin = Math.min(Math.max(begin, -n), n);
    end = Math.min(Math.max(end, -n), n);
    return t.day >= begin && t.day <= end;
  });
}

/** True when `ms` (epoch milliseconds) lies in the spec: every given field matches. */
export function specContains(spec: TimeIntervalSpec, ms: number): boolean {
  const t = localTime(ms, spec.location);
  if (
    spec.times &&
    !spec.times.some((r) => t.minuteOfDay >= r.start_minute && t.minuteOfDay < r.end_minute)
  ) {
    return false;
  }
  if (spec.days_of_month && !inDaysOfMonth(t, spec.days_of_month)) return false;
  if (spec.months && !inRanges(t.month, spec.months)) return false;
  if (spec.weekdays && !inRanges(t.weekday, spec.weekdays)) return false;
  if (spec.years && !inRanges(t.year, spec.years)) return false;
  return true;
}

/** True when `ms` lies in any spec of the named interval. */
export function intervalContains(interval: TimeInterval, ms: number): boolean {
  return interval.time_intervals.some((s) => specContains(s, ms));
}

/**
 * Looks up named intervals for the pipeline's time-interval stage: which of a route's interval
 * names contain an instant. Unknown names contain nothing (the config loader rejects them).
 */
export class TimeIntervals {
  private readonly byName: ReadonlyMap<string, TimeInterval>;

  constructor(intervals: readonly TimeInterval[]) {
    this.byName = new Map(intervals.map((i) => [i.name, i]));
  }

  /** True when the named interval contains `ms`. */
  contains(name: string, ms: number): boolean {
    const i = this.byName.get(name);
    return i !== undefined && intervalContains(i, ms);
  }

  /** The names among `names` whose interval contains `ms`, in the given order. */
  containing(names: readonly string[], ms: number): string[] {
    return names.filter((n) => this.contains(n, ms));
  }
}
