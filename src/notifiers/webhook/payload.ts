// Alertmanager's webhook payload, version "4", field for field and in the same order.
import type { Alert } from '../../model/alert.js';
import { formatGoTime, ZERO_TIME } from '../../model/alert.js';
import type { Labels } from '../../model/labels.js';

/** One alert in the payload. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The whole JSON body (`template.Data` + version, groupKey, truncatedAlerts). */
export interface WebhookMessage {
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: WebhookAlert[];
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  externalURL: string;
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
}

/** Go's `regexp.QuoteMeta`, which Alertmanager applies to the receiver name in the payload. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The pairs identical across all label sets (empty when there are none). */
export function commonPairs(sets: readonly Labels[]): Labels {
  const [first, ...rest] = sets;
  if (first === undefined) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first)) if (rest.every((s) => s[k] === v)) out[k] = v;
  return out;
}

/** The inputs of one payload. */
export interface PayloadInput {
  readonly receiver: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly externalURL: string;
  /** Firing alerts carry `endsAt = ZERO_TIME` (the dispatcher zeroes them). */
  readonly alerts: readonly Alert[];
  /** 0 = no limit; otherwise the first `maxAlerts` are sent and the rest counted. */
  readonly maxAlerts: number;
}

/** Builds the payload; `commonLabels`/`commonAnnotations` cover only the alerts sent. */
export function buildPayload(p: PayloadInput): WebhookMessage {
  const kept = p.maxAlerts > 0 && p.alerts.length > p.maxAlerts ? p.alerts.slice(0, p.maxAlerts) : p.alerts;
  const alerts = kept.map((a): WebhookAlert => ({
    status: a.endsAt === ZERO_TIME ? 'firing' : 'resolved',
    labels: a.labels,
    annotations: a.annotations,
    startsAt: formatGoTime(a.startsAt),
    endsAt: formatGoTime(a.endsAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  }));
  return {
    receiver: quoteMeta(p.receiver),
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: p.groupLabels,
    commonLabels: commonPairs(kept.map((a) => a.labels)),
    commonAnnotations: commonPairs(kept.map((a) => a.annotations)),
    externalURL: p.externalURL,
    version: '4',
    groupKey: p.groupKey,
    truncatedAlerts: p.alerts.length - kept.length,
  };
}
