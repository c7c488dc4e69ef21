// Reading rule evaluators' own metrics between two points in time: group durations
// (Prometheus and Vigil: the last-duration gauge; vmalert: its iteration-duration summary) and
// the number of rule evaluations done.
import { parseMetric } from './http.js';

/** The evaluator whose metrics are read. */
export type Evaluator = 'vmalert' | 'prometheus' | 'vigil';

/** Group durations (seconds) and rule evaluations between two scrapes. */
export interface GroupFigures {
  readonly maxSec: number;
  readonly meanSec: number;
  /** Rule evaluations between the scrapes, or undefined if the metric is not exposed. */
  readonly evaluations: number | undefined;
}

function byGroup(text: string, name: string, key: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of parseMetric(text, name)) {
    if (s.labels.quantile !== undefined) continue;
    const g = s.labels[key] ?? '';
    out.set(g, (out.get(g) ?? 0) + s.value);
  }
  return out;
}

function sum(m: Map<string, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t;
}

function maxMean(values: number[]): { maxSec: number; meanSec: number } {
  if (values.length === 0) return { maxSec: NaN, meanSec: NaN };
  return { maxSec: Math.max(...values), meanSec: values.reduce((a, b) => a + b, 0) / values.length };
}

function counterDelta(before: string, after: string, name: string, key: string): number | undefined {
  const a = byGroup(after, name, key);
  if (a.size === 0) return undefined;
  return sum(a) - sum(byGroup(before, name, key));
}

function vmalertFigures(before: string, after: string, rulesPerGroup: ReadonlyMap<string, number>): GroupFigures {
  const sum0 = byGroup(before, 'vmalert_iteration_duration_seconds_sum', 'group');
  const cnt0 = byGroup(before, 'vmalert_iteration_duration_seconds_count', 'group');
  const sum1 = byGroup(after, 'vmalert_iteration_duration_seconds_sum', 'group');
  const cnt1 = byGroup(after, 'vmalert_iteration_duration_seconds_count', 'group');
  const durations: number[] = [];
  let evaluations = 0;
  for (const [g, c1] of cnt1) {
    const dc = c1 - (cnt0.get(g) ?? 0);
    if (dc <= 0) continue;
    durations.push(((sum1.get(g) ?? 0) - (sum0.get(g) ?? 0)) / dc);
    evaluations += dc * (rulesPerGroup.get(g) ?? 0);
  }
  return { ...maxMean(durations), evaluations: cnt1.size > 0 ? evaluations : undefined };
}

/** Group figures of `tool` between two scrapes of its /metrics. */
export function groupFigures(tool: Evaluator, before: string, after: string, rulesPerGroup: ReadonlyMap<string, number>): GroupFigures {
  if (tool === 'vmalert') return vmalertFigures(before, after, rulesPerGroup);
  const prefix = tool === 'prometheus' ? 'prometheus' : 'vigil';
  const last = byGroup(after, `${prefix}_rule_group_last_duration_seconds`, 'rule_group');
  return {
    ...maxMean([...last.values()]),
    evaluations: counterDelta(before, after, `${prefix}_rule_evaluations_total`, 'rule_group'),
  };
}
