// Ruler self-metrics, named after Prometheus' `prometheus_rule_*` with a `vigil_` prefix.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The ruler's metrics; `rule_group` is `<file>;<group>` as in Prometheus. */
export interface RuleMetrics {
  readonly evalDuration: Histogram<'rule_group'>;
  readonly groupDuration: Histogram<'rule_group'>;
  readonly iterationsMissed: Counter<'rule_group'>;
  readonly iterations: Counter<'rule_group'>;
  readonly evaluations: Counter<'rule_group'>;
  readonly evalFailures: Counter<'rule_group'>;
  readonly groupInterval: Gauge<'rule_group'>;
  readonly lastEvalTimestamp: Gauge<'rule_group'>;
  readonly lastDuration: Gauge<'rule_group'>;
  readonly groupRules: Gauge<'rule_group'>;
  readonly lastSamples: Gauge<'rule_group'>;
  readonly samplesWritten: Counter<'rule_group'>;
  readonly staleRejected: Counter<'rule_group'>;
  readonly templateFailures: Counter;
  readonly restoreDuration: Gauge<'rule_group'>;
  /** Datasource queries of the last iteration: below `groupRules` when rules share a query. */
  readonly groupQueries: Gauge<'rule_group'>;
  readonly queries: Counter<'rule_group'>;
  /** Batched queries that failed and were answered by one query per expression. */
  readonly batchFallbacks: Counter<'rule_group'>;
}

/** Registers the ruler metrics in `registry` (once per registry). */
export function createRuleMetrics(registry: Registry): RuleMetrics {
  const registers = [registry];
  const g = ['rule_group'] as const;
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: g, registers });
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: g, registers });
  return {
    evalDuration: new Histogram({ name: 'vigil_rule_evaluation_duration_seconds', help: 'Duration of rule evaluations.', labelNames: g, buckets: [0.01, 0.1, 1, 10], registers }),
    groupDuration: new Histogram({ name: 'vigil_rule_group_duration_seconds', help: 'Duration of rule group iterations.', labelNames: g, buckets: [0.01, 0.1, 1, 10, 60], registers }),
    iterationsMissed: counter('vigil_rule_group_iterations_missed_total', 'Rule group evaluations skipped because the previous one was too slow.'),
    iterations: counter('vigil_rule_group_iterations_total', 'Scheduled rule group evaluations, run or missed.'),
    evaluations: counter('vigil_rule_evaluations_total', 'Rule evaluations.'),
    evalFailures: counter('vigil_rule_evaluation_failures_total', 'Rule evaluations that failed.'),
    groupInterval: gauge('vigil_rule_group_interval_seconds', 'The interval of a rule group.'),
    lastEvalTimestamp: gauge('vigil_rule_group_last_evaluation_timestamp_seconds', 'Slot time of the last rule group evaluation.'),
    lastDuration: gauge('vigil_rule_group_last_duration_seconds', 'Duration of the last rule group evaluation.'),
    groupRules: gauge('vigil_rule_group_rules', 'Rules in a group.'),
    lastSamples: gauge('vigil_rule_group_last_evaluation_samples', 'Samples produced by the last group evaluation.'),
    samplesWritten: counter('vigil_rule_samples_written_total', 'Samples acknowledged by the write-back target.'),
    staleRejected: counter('vigil_rule_stale_markers_failed_total', 'Stale-marker writes that failed (not a rule error).'),
    templateFailures: new Counter({ name: 'vigil_template_text_expansion_failures_total', help: 'Alert label or annotation templates that failed to expand.', registers }),
    restoreDuration: gauge('vigil_rule_group_last_restore_duration_seconds', 'Duration of the last restore of alert state.'),
    groupQueries: gauge('vigil_rule_group_datasource_queries', 'Datasource queries the last group evaluation sent (rules sharing an expression share one).'),
    queries: counter('vigil_rule_datasource_queries_total', 'Datasource queries sent by rule evaluations.'),
    batchFallbacks: counter('vigil_rule_batch_fallbacks_total', 'Batched datasource queries that failed and were retried one expression at a time.'),
  };
}
