import type { Position } from './diagnostic.js';
import type { DurationMs } from './duration.js';
import type { Labels } from './labels.js';

/** Where a rule-file element came from, for error messages and the rules API. */
export interface SourceRef {
  readonly file: string;
  readonly position?: Position;
}

/** A recording rule as written in a Prometheus rule file. */
export interface RecordingRuleDef {
  readonly kind: 'recording';
  readonly record: string;
  readonly expr: string;
  readonly labels: Labels;
  readonly source: SourceRef;
}

/** An alerting rule as written in a Prometheus rule file. */
export interface AlertingRuleDef {
  readonly kind: 'alerting';
  readonly alert: string;
  readonly expr: string;
  readonly for: DurationMs;
  readonly keepFiringFor: DurationMs;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly source: SourceRef;
}

export type RuleDef = RecordingRuleDef | AlertingRuleDef;

/** A rule group: rules evaluated in order at one interval. */
export interface RuleGroupDef {
  readonly name: string;
  /** The file the group was read from; with `name` it identifies the group. */
  readonly file: string;
  /** Evaluation interval; the global `evaluation_interval` when the group sets none. */
  readonly interval: DurationMs;
  /** Whether `interval` was written in the group (for the rules API and linting). */
  readonly intervalSet: boolean;
  /** 0 means no limit. */
  readonly limit: number;
  readonly queryOffset: DurationMs;
  readonly labels: Labels;
  readonly rules: readonly RuleDef[];
  readonly source: SourceRef;
}
