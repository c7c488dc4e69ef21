// Which earlier rules of a group a rule reads, so chained rules wait for fresh results.
import type { ReferencedMetrics } from './types.js';

/** The part of a rule the dependency analysis needs. */
export interface DepRule {
  readonly kind: 'recording' | 'alerting';
  readonly name: string;
  readonly expr: string;
}

/**
 * For each rule, the indexes of earlier rules whose output it selects: recording rules by metric
 * name, alerting rules through `ALERTS`/`ALERTS_FOR_STATE`. A selector without a metric name (or an
 * expression that cannot be analysed) makes the rule depend on every earlier rule.
 */
export function buildDependencies(rules: readonly DepRule[], referencedMetrics: ReferencedMetrics): number[][] {
  // Earlier recording rules by the metric they write, and earlier alerting rules, so each rule
  // looks up what it reads instead of scanning every earlier rule.
  const recordingByName = new Map<string, number[]>();
  const alerting: number[] = [];
  return rules.map((rule, i) => {
    let refs: { names: readonly string[]; hasNameless: boolean };
    try {
      refs = referencedMetrics(rule.expr);
    } catch {
      refs = { names: [], hasNameless: true };
    }
    let deps: number[];
    if (refs.hasNameless) deps = Array.from({ length: i }, (_, j) => j);
    else {
      const found = new Set<number>();
      for (const name of refs.names) for (const j of recordingByName.get(name) ?? []) found.add(j);
      if (refs.names.includes('ALERTS') || refs.names.includes('ALERTS_FOR_STATE')) for (const j of alerting) found.add(j);
      deps = [...found].sort((a, b) => a - b);
    }
    if (rule.kind === 'recording') {
      const list = recordingByName.get(rule.name);
      if (list) list.push(i);
      else recordingByName.set(rule.name, [i]);
    } else alerting.push(i);
    return deps;
  });
}
