// The router's alert: Alertmanager's `types.Alert` (a Prometheus alert plus UpdatedAt and Timeout).
import type { Labels } from './labels.js';

/** Go's zero `time.Time`, which Alertmanager prints as `0001-01-01T00:00:00Z`; we hold it as 0. */
export const ZERO_TIME = 0;

/**
 * One alert as the router stores it. Times are epoch milliseconds; `endsAt === ZERO_TIME` means
 * "no end known". The fingerprint is computed once at intake and travels with the alert.
 */
export interface Alert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL: string;
  /** When the router last received this alert (set at intake, used by merge and GC). */
  readonly updatedAt: number;
  /** True when `endsAt` was filled in from `resolve_timeout` rather than sent by the client. */
  readonly timeout: boolean;
  readonly fingerprint: string;
}

/** Alertmanager's `ResolvedAt`: an alert is resolved once it has an end time not after `now`. */
export function isResolved(alert: Alert, now: number): boolean {
  return alert.endsAt !== ZERO_TIME && alert.endsAt <= now;
}

/** `"resolved"` or `"firing"`, as the webhook and templates show an alert's status. */
export function alertStatus(alert: Alert, now: number): 'firing' | 'resolved' {
  return isResolved(alert, now) ? 'resolved' : 'firing';
}

/**
 * Alertmanager's `Alert.Merge`: combines two versions of the same alert whose activity ranges
 * overlap. The younger one (by `updatedAt`) wins, with the earliest `startsAt` and the `endsAt`
 * rules that keep an explicit end over a timeout-generated one.
 */
export function mergeAlerts(a: Alert, b: Alert, now: number): Alert {
  const [older, newer] = b.updatedAt < a.updatedAt ? [b, a] : [a, b];
  let startsAt = newer.startsAt;
  let endsAt = newer.endsAt;
  if (older.startsAt < newer.startsAt) startsAt = older.startsAt;
  if (isResolved(newer, now)) {
    if (isResolved(older, now) && older.endsAt > newer.endsAt) endsAt = older.endsAt;
  } else if (older.endsAt > newer.endsAt && !older.timeout) {
    endsAt = older.endsAt;
  }
  if (startsAt === newer.startsAt && endsAt === newer.endsAt) return newer;
  return { ...newer, startsAt, endsAt };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Formats epoch milliseconds as Go's `time.RFC3339Nano` in UTC (fraction without trailing
 * zeros), which is how Alertmanager writes times in JSON; ZERO_TIME is `0001-01-01T00:00:00Z`.
 */
export function formatGoTime(ms: number): string {
  if (ms === ZERO_TIME) return '0001-01-01T00:00:00Z';
  const d = new Date(ms);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const frac = d.getUTCMilliseconds();
  return frac === 0 ? `${base}Z` : `${base}.${pad(frac, 3).replace(/0+$/, '')}Z`;
}

/** Sort order of Alertmanager's `AlertSlice`: by `job`, then `instance` (present first), then labels. */
export function compareAlerts(a: Alert, b: Alert): number {
  for (const name of ['job', 'instance']) {
    const x = a.labels[name];
    const y = b.labels[name];
    if (x === undefined && y === undefined) continue;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return compareLabelSets(a.labels, b.labels);
}

/**
 * Prometheus' `LabelSet.Before` as a comparator: smaller sets first, then over the sorted union
 * of names, a set missing a name comes first, else the smaller value.
 */
export function compareLabelSets(a: Labels, b: Labels): number {
  const an = Object.keys(a);
  const bn = Object.keys(b);
  if (an.length !== bn.length) return an.length - bn.length;
  const names = [...new Set([...an, ...bn])].sort();
  for (const n of names) {
    const x = a[n];
    const y = b[n];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
