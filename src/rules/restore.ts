// Restore of `for` state from `ALERTS_FOR_STATE` when the store has nothing (Prometheus `RestoreForState`).
import type { AlertingRule, AlertMap } from './alerting.js';
import { labelsKey } from './labelset.js';
import type { ActiveAlert, RangeSeries } from './types.js';

/** Prometheus' `--rules.alert.for-outage-tolerance` and `--rules.alert.for-grace-period`. */
export interface RestoreOptions {
  readonly outageToleranceMs: number;
  readonly gracePeriodMs: number;
}

/** Prometheus' defaults: 1h tolerance, 10m grace. */
export const DEFAULT_RESTORE_OPTIONS: RestoreOptions = { outageToleranceMs: 3_600_000, gracePeriodMs: 600_000 };

function promString(s: string): string {
  return JSON.stringify(s);
}

function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The range-vector selector that finds a rule's `ALERTS_FOR_STATE` series (templated labels skipped). */
export function forStateSelector(rule: AlertingRule, toleranceMs: number): string {
  const matchers = [`__name__="ALERTS_FOR_STATE"`, `alertname=${promString(rule.name)}`];
  for (const [k, v] of Object.entries(rule.labels)) {
    if (k === 'alertname' || v.includes('{{')) continue;
    matchers.push(`${k}=${promString(v)}`);
  }
  return `{${matchers.join(',')}}[${promDuration(toleranceMs)}]`;
}

/**
 * Adjusts `ActiveAt` of the rule's current pending/firing alerts from the series' last points:
 * a firing alert keeps its original `ActiveAt`, a pending one does not count the downtime, and
 * nothing fires sooner than the grace period after `nowMs`.
 */
export function restoreFromForState(rule: AlertingRule, active: AlertMap, series: readonly RangeSeries[], nowMs: number, opts: RestoreOptions): AlertMap {
  const byKey = new Map<string, RangeSeries>();
  for (const s of series) {
    const labels: Record<string, string> = { ...s.labels };
    delete labels['__name__'];
    byKey.set(labelsKey(labels), s);
  }
  const next = new Map<string, ActiveAlert>(active);
  for (const [key, a] of active) {
    if (a.state === 'inactive') continue;
    const s = byKey.get(labelsKey({ ...rule.labels, ...a.labels, alertname: rule.name }));
    const last = s?.points[s.points.length - 1];
    if (!last || Number.isNaN(last.value)) continue;
    const downAt = last.timestampMs;
    const restoredActiveAt = last.value * 1000;
    const remaining = rule.forMs - (downAt - restoredActiveAt);
    let activeAtMs: number;
    if (remaining <= 0) activeAtMs = restoredActiveAt;
    else if (remaining < opts.gracePeriodMs) activeAtMs = nowMs + opts.gracePeriodMs - rule.forMs;
    else activeAtMs = restoredActiveAt + (nowMs - downAt);
    next.set(key, { ...a, activeAtMs });
  }
  return next;
}
