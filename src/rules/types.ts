// Interfaces the rules engine needs from the outside world, owned here and satisfied by app/ wiring.
import type { Labels } from '../model/labels.js';

/** One sample of a query result; `labels` may include `__name__`. */
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** Runs an instant query at `atMs`; a vector (or a scalar as one label-less sample), or throws. */
export type QueryFn = (expr: string, atMs: number) => Promise<readonly Sample[]>;

/** A range-vector series with raw points, for restoring `for` state from `ALERTS_FOR_STATE`. */
export interface RangeSeries {
  readonly labels: Labels;
  readonly points: ReadonlyArray<{ readonly timestampMs: number; readonly value: number }>;
}

/** Runs a range-vector instant query such as `ALERTS_FOR_STATE{…}[1h]` at `atMs`. */
export type RangeQueryFn = (expr: string, atMs: number) => Promise<readonly RangeSeries[]>;

/** A sample to write back; `stale` marks Prometheus' StaleNaN. */
export interface OutSample {
  readonly value: number;
  readonly timestampMs: number;
  readonly stale?: boolean;
}

/** A series to write back (recording results, `ALERTS`, `ALERTS_FOR_STATE`). */
export interface OutSeries {
  readonly labels: Labels;
  readonly samples: readonly OutSample[];
}

/** Writes series and resolves when the datasource acknowledged them (remote write). */
export type WriteFn = (series: readonly OutSeries[]) => Promise<void>;

/** An alert as handed to the router or Alertmanagers (Alertmanager API v2 shape, times in ms). */
export interface NotifyAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly generatorURL: string;
}

/** Delivers alerts; called after each successful evaluation with the alerts that need sending. */
export type NotifyFn = (alerts: readonly NotifyAlert[]) => void;

/** The data an alert template sees as `$labels`, `$value`, `$externalLabels`, `$externalURL`. */
export interface TemplateData {
  readonly labels: Labels;
  readonly value: number;
  readonly externalLabels: Labels;
  readonly externalURL: string;
  /** The rule's name, for the template name `__alert_<name>` in error texts. */
  readonly alertName?: string;
  /** The evaluation (slot) time; template `query` calls run at it, not at `ts − query_offset`. */
  readonly evalTimeMs?: number;
}

/**
 * Expands one label or annotation text (Go template with Prometheus' prelude and functions);
 * throws on a template error.
 */
export type ExpandTemplate = (text: string, data: TemplateData) => string;

/** The metric names a PromQL expression selects; `hasNameless` when a selector has no name matcher. */
export type ReferencedMetrics = (expr: string) => { readonly names: readonly string[]; readonly hasNameless: boolean };

/** Alert states as Prometheus names them. */
export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert of an alerting rule; all times in ms since the epoch, 0 meaning unset. */
export interface ActiveAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: AlertState;
  readonly value: number;
  readonly activeAtMs: number;
  readonly firedAtMs: number;
  readonly resolvedAtMs: number;
  readonly lastSentAtMs: number;
  readonly validUntilMs: number;
  readonly keepFiringSinceMs: number;
}

/** Persisted alerts of one alerting rule. */
export interface StoredRuleState {
  /** `file;group`. */
  readonly groupKey: string;
  /** The rule's name and raw labels, as rules are matched on reload. */
  readonly ruleKey: string;
  readonly alerts: readonly ActiveAlert[];
}

/** Where alert state survives restarts; writes happen on every state change. */
export interface RuleStateStore {
  loadAll(): StoredRuleState[];
  saveRule(groupKey: string, ruleKey: string, alerts: readonly ActiveAlert[]): void;
  deleteGroup(groupKey: string): void;
}
