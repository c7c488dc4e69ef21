// The alerting-rule state machine (Prometheus `AlertingRule.Eval`), pure: time and data are arguments.
import type { Labels } from '../model/labels.js';
import { dropMetricName, generatorURL, labelsKey } from './labelset.js';
import type { ActiveAlert, ExpandTemplate, NotifyAlert, OutSeries, Sample } from './types.js';

/** Prometheus' `--rules.alert.resend-delay` default. */
export const DEFAULT_RESEND_DELAY_MS = 60_000;

/** Resolved alerts are kept and re-sent this long (Prometheus' `resolvedRetention`). */
export const RESOLVED_RETENTION_MS = 15 * 60 * 1000;

/** An alerting rule ready to evaluate: `labels` already hold the group labels (rule labels win). */
export interface AlertingRule {
  readonly name: string;
  readonly expr: string;
  readonly forMs: number;
  readonly keepFiringForMs: number;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** Everything an evaluation needs besides the rule, its samples and its previous alerts. */
export interface AlertEvalContext {
  /** The group's slot time; `ActiveAt`, `FiredAt` and `ResolvedAt` use it. */
  readonly tsMs: number;
  /** Written series are stamped `tsMs − queryOffsetMs`. */
  readonly queryOffsetMs: number;
  /** 0 means no limit. */
  readonly limit: number;
  readonly externalLabels: Labels;
  readonly externalURL: string;
  readonly expandTemplate: ExpandTemplate;
  /** False until `for` state was restored after start; `ALERTS*` are written only when true. */
  readonly restored: boolean;
}

/** Alerts of one rule keyed by their label-set identity. */
export type AlertMap = ReadonlyMap<string, ActiveAlert>;

/** The outcome of one evaluation: the next alerts, the series to write, or an error. */
export interface AlertEvalResult {
  readonly active: AlertMap;
  readonly series: OutSeries[];
  readonly error?: string;
  readonly templateFailures: number;
}

/** Prometheus' duplicate-label-set error text. */
export const ERR_DUPLICATE_ALERT = 'vector contains metrics with the same labelset after applying alert labels';

function expander(ruleName: string, ctx: AlertEvalContext, counter: { failures: number }) {
  return (text: string, labels: Labels, value: number): string => {
    if (!text.includes('{{')) return text;
    try {
      const data = { labels, value, externalLabels: ctx.externalLabels, externalURL: ctx.externalURL, alertName: ruleName, evalTimeMs: ctx.tsMs };
      return ctx.expandTemplate(text, data);
    } catch (err) {
      counter.failures++;
      return `<error expanding template: ${err instanceof Error ? err.message : String(err)}>`;
    }
  };
}

interface Candidate {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly value: number;
}

function buildCandidates(
  rule: AlertingRule,
  ctx: AlertEvalContext,
  samples: readonly Sample[],
  counter: { failures: number },
): Map<string, Candidate> | string {
  const expand = expander(rule.name, ctx, counter);
  const out = new Map<string, Candidate>();
  for (const s of samples) {
    const labels = dropMetricName(s.labels);
    for (const [name, text] of Object.entries(rule.labels)) {
      const v = expand(text, s.labels, s.value);
      if (v === '') delete labels[name];
      else labels[name] = v;
    }
    labels['alertname'] = rule.name;
    const annotations: Record<string, string> = {};
    for (const [name, text] of Object.entries(rule.annotations)) annotations[name] = expand(text, s.labels, s.value);
    const key = labelsKey(labels);
    if (out.has(key)) return ERR_DUPLICATE_ALERT;
    out.set(key, { labels, annotations, value: s.value });
  }
  return out;
}

function mergeCandidates(prev: AlertMap, cands: Map<string, Candidate>, tsMs: number): Map<string, ActiveAlert> {
  const next = new Map(prev);
  for (const [key, c] of cands) {
    const old = next.get(key);
    if (old && old.state !== 'inactive') {
      next.set(key, { ...old, value: c.value, annotations: c.annotations });
      continue;
    }
    next.set(key, {
      labels: c.labels,
      annotations: c.annotations,
      state: 'pending',
      value: c.value,
      activeAtMs: tsMs,
      firedAtMs: 0,
      resolvedAtMs: 0,
      lastSentAtMs: 0,
      validUntilMs: 0,
      keepFiringSinceMs: 0,
    });
  }
  return next;
}

/** Handles an alert absent from this result; returns the alert to keep active, or undefined. */
function absent(a: ActiveAlert, rule: AlertingRule, tsMs: number, next: Map<string, ActiveAlert>, key: string): ActiveAlert | undefined {
  let alert = a;
  let keepFiring = false;
  if (alert.state === 'firing' && rule.keepFiringForMs > 0) {
    if (alert.keepFiringSinceMs === 0) alert = { ...alert, keepFiringSinceMs: tsMs };
    keepFiring = tsMs - alert.keepFiringSinceMs < rule.keepFiringForMs;
  }
  if (alert.state === 'pending' || (alert.resolvedAtMs !== 0 && tsMs - alert.resolvedAtMs > RESOLVED_RETENTION_MS)) {
    next.delete(key);
    return undefined;
  }
  if (alert.state !== 'inactive' && !keepFiring) alert = { ...alert, state: 'inactive', resolvedAtMs: tsMs };
  next.set(key, alert);
  return keepFiring ? alert : undefined;
}

function advance(a: ActiveAlert, rule: AlertingRule, tsMs: number): ActiveAlert {
  if (a.state === 'pending' && tsMs - a.activeAtMs >= rule.forMs) return { ...a, state: 'firing', firedAtMs: tsMs };
  if (a.state === 'firing' && tsMs - a.activeAtMs < rule.forMs) {
    // Only after a reload raised `for`: back to pending (Prometheus 3.11).
    return { ...a, state: 'pending', firedAtMs: 0, lastSentAtMs: 0, keepFiringSinceMs: 0 };
  }
  return a;
}

/** The `ALERTS` and `ALERTS_FOR_STATE` series Prometheus writes for a pending or firing alert. */
export function alertSeries(rule: AlertingRule, a: ActiveAlert, atMs: number): OutSeries[] {
  const base: Record<string, string> = { ...rule.labels, ...a.labels, alertname: rule.name };
  return [
    { labels: { ...base, __name__: 'ALERTS', alertstate: a.state }, samples: [{ value: 1, timestampMs: atMs }] },
    { labels: { ...base, __name__: 'ALERTS_FOR_STATE' }, samples: [{ value: Math.floor(a.activeAtMs / 1000), timestampMs: atMs }] },
  ];
}

/** One evaluation of an alerting rule on a successful query result. */
export function evaluateAlerting(rule: AlertingRule, ctx: AlertEvalContext, samples: readonly Sample[], prev: AlertMap): AlertEvalResult {
  const counter = { failures: 0 };
  const cands = buildCandidates(rule, ctx, samples, counter);
  if (typeof cands === 'string') return { active: prev, series: [], error: cands, templateFailures: counter.failures };
  const next = mergeCandidates(prev, cands, ctx.tsMs);
  const series: OutSeries[] = [];
  const outTs = ctx.tsMs - ctx.queryOffsetMs;
  let numActive = 0;
  for (const [key, a0] of [...next]) {
    let a: ActiveAlert | undefined = a0;
    if (!cands.has(key)) {
      a = absent(a0, rule, ctx.tsMs, next, key);
      if (!a) continue;
    } else if (a.keepFiringSinceMs !== 0) {
      a = { ...a, keepFiringSinceMs: 0 };
    }
    numActive++;
    a = advance(a, rule, ctx.tsMs);
    next.set(key, a);
    if (ctx.restored) series.push(...alertSeries(rule, a, outTs));
  }
  if (ctx.limit > 0 && numActive > ctx.limit) {
    return { active: new Map(), series: [], error: `exceeded limit of ${ctx.limit} with ${numActive} alerts`, templateFailures: counter.failures };
  }
  return { active: next, series, templateFailures: counter.failures };
}

/** Prometheus' `needsSending`: pending never; a new resolution at once; else after `resendDelay` (strict). */
export function needsSending(a: ActiveAlert, tsMs: number, resendDelayMs: number): boolean {
  if (a.state === 'pending') return false;
  if (a.resolvedAtMs > a.lastSentAtMs) return true;
  // Never sent: Go's zero LastSentAt lies far in the past.
  if (a.lastSentAtMs === 0) return true;
  return a.lastSentAtMs + resendDelayMs < tsMs;
}

/** Picks the alerts to send now, stamps `LastSentAt`/`ValidUntil`, and builds their notifications. */
export function alertsToSend(
  rule: AlertingRule,
  active: AlertMap,
  tsMs: number,
  opts: { resendDelayMs: number; intervalMs: number; externalURL: string },
): { active: AlertMap; alerts: NotifyAlert[] } {
  const next = new Map(active);
  const alerts: NotifyAlert[] = [];
  const delta = Math.max(opts.intervalMs, opts.resendDelayMs);
  const url = generatorURL(opts.externalURL, rule.expr);
  for (const [key, a] of active) {
    if (!needsSending(a, tsMs, opts.resendDelayMs)) continue;
    const sent = { ...a, lastSentAtMs: tsMs, validUntilMs: tsMs + 4 * delta };
    next.set(key, sent);
    alerts.push({
      labels: sent.labels,
      annotations: sent.annotations,
      startsAtMs: sent.firedAtMs,
      endsAtMs: sent.resolvedAtMs !== 0 ? sent.resolvedAtMs : sent.validUntilMs,
      generatorURL: url,
    });
  }
  return { active: next, alerts };
}

/** The rule's overall state: firing > pending > inactive over its alerts. */
export function ruleState(active: AlertMap): 'inactive' | 'pending' | 'firing' {
  let s: 'inactive' | 'pending' | 'firing' = 'inactive';
  for (const a of active.values()) {
    if (a.state === 'firing') return 'firing';
    if (a.state === 'pending') s = 'pending';
  }
  return s;
}
