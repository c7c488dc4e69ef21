// Recording-rule evaluation (Prometheus `RecordingRule.Eval`): rename, relabel, check, stamp.
import type { Labels } from '../model/labels.js';
import { labelsKey } from './labelset.js';
import type { OutSeries, Sample } from './types.js';

/** A recording rule ready to evaluate: `labels` already hold the group labels (rule labels win). */
export interface RecordingRule {
  readonly name: string;
  readonly expr: string;
  readonly labels: Labels;
}

/** Prometheus' duplicate-label-set error text for recording rules. */
export const ERR_DUPLICATE_SERIES = 'vector contains metrics with the same labelset after applying rule labels';

/**
 * Turns a query result into the series to write at `atMs` (the slot time minus the query
 * offset), or an error for duplicates and an exceeded limit.
 */
export function evaluateRecording(rule: RecordingRule, samples: readonly Sample[], atMs: number, limit: number): { series: OutSeries[] } | { error: string } {
  const seen = new Set<string>();
  const series: OutSeries[] = [];
  for (const s of samples) {
    const labels: Record<string, string> = { ...s.labels, __name__: rule.name };
    for (const [k, v] of Object.entries(rule.labels)) {
      if (v === '') delete labels[k];
      else labels[k] = v;
    }
    const key = labelsKey(labels);
    if (seen.has(key)) return { error: ERR_DUPLICATE_SERIES };
    seen.add(key);
    series.push({ labels, samples: [{ value: s.value, timestampMs: atMs }] });
  }
  if (limit > 0 && series.length > limit) return { error: `exceeded limit of ${limit} with ${series.length} series` };
  return { series };
}
