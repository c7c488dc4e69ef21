// Normalisation and validation of posted alerts, exactly as Alertmanager's `POST /api/v2/alerts`.
import type { Alert } from '../../model/alert.js';
import { ZERO_TIME } from '../../model/alert.js';
import { fingerprint } from '../../model/fingerprint.js';
import { isValidLabelName } from '../../model/labels.js';
import type { Labels } from '../../model/labels.js';

/** An alert as a client posts it (API v2 `postableAlert`); absent times are undefined. */
export interface PostableAlert {
  readonly labels: Labels;
  readonly annotations?: Labels;
  readonly startsAt?: number;
  readonly endsAt?: number;
  readonly generatorURL?: string;
}

/** The outcome of a batch: alerts ready for the store, and one reason per rejected alert. */
export interface IntakeResult {
  readonly alerts: Alert[];
  readonly errors: string[];
}

// A lone UTF-16 surrogate cannot be encoded as UTF-8, so Go would reject it as invalid.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Prometheus' `LabelSet.Validate`: the first invalid name or value, or undefined. */
function labelSetError(ls: Labels): string | undefined {
  for (const name in ls) {
    if (!isValidLabelName(name)) return `invalid name ${goQuote(name)}`;
    const value = ls[name] as string;
    if (mayHaveSurrogate(value) && LONE_SURROGATE.test(value)) return `invalid value ${goQuote(value)}`;
  }
  return undefined;
}

/** A cheap pre-check: only text with a code unit in the surrogate range needs the regex. */
function mayHaveSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** Close enough to Go's `%q` for error messages: a JSON string. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Alertmanager's `removeEmptyLabels`: a label with an empty value is the same as no label. */
function withoutEmptyLabels(ls: Labels): Labels {
  let clean = true;
  for (const k in ls) if (ls[k] === '') clean = false;
  if (clean) return ls;
  const out: Record<string, string> = {};
  for (const k in ls) if (ls[k] !== '') out[k] = ls[k] as string;
  return out;
}

function isEmpty(ls: Labels): boolean {
  for (const _ in ls) return false;
  return true;
}

/** Alertmanager's `Alert.Validate`, in its order; returns the message or undefined. */
export function validateAlert(a: Alert): string | undefined {
  if (a.startsAt === ZERO_TIME) return 'start time missing';
  if (a.endsAt !== ZERO_TIME && a.endsAt < a.startsAt) return 'start time must be before end time';
  const le = labelSetError(a.labels);
  if (le !== undefined) return `invalid label set: ${le}`;
  if (isEmpty(a.labels)) return 'at least one label pair required';
  const ae = labelSetError(a.annotations);
  if (ae !== undefined) return `invalid annotations: ${ae}`;
  return undefined;
}

/**
 * Applies the intake defaults (`updatedAt = now`; `startsAt` from `endsAt` or now; `endsAt =
 * now + resolveTimeout` with the timeout flag), drops empty labels, computes the fingerprint once,
 * and validates. Invalid alerts are reported, the valid ones returned (best effort, like upstream).
 */
export function prepareAlerts(
  batch: readonly PostableAlert[],
  now: number,
  resolveTimeoutMs: number,
): IntakeResult {
  const alerts: Alert[] = [];
  const errors: string[] = [];
  for (const p of batch) {
    const endsGiven = p.endsAt !== undefined && p.endsAt !== ZERO_TIME;
    const startsGiven = p.startsAt !== undefined && p.startsAt !== ZERO_TIME;
    const labels = withoutEmptyLabels(p.labels);
    const alert: Alert = {
      labels,
      annotations: p.annotations ?? {},
      startsAt: startsGiven ? (p.startsAt ?? now) : endsGiven ? (p.endsAt ?? now) : now,
      endsAt: endsGiven ? (p.endsAt ?? ZERO_TIME) : now + resolveTimeoutMs,
      generatorURL: p.generatorURL ?? '',
      updatedAt: now,
      timeout: !endsGiven,
      fingerprint: fingerprint(labels),
    };
    const err = validateAlert(alert);
    if (err === undefined) alerts.push(alert);
    else errors.push(err);
  }
  return { alerts, errors };
}
