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
  return rules.map((rule, i) => {
    let refs: { names: string[]; hasNameless: boolean };
    try {
      refs = referencedMetrics(rule.expr);
    } catch {
      refs = { names: [], hasNameless: true };
    }
    const earlier = Array.from({ length: i }, (_, j) => j);
    if (refs.hasNameless) return earlier;
    const names = new Set(refs.names);
    const readsAlerts = names.has('ALERTS') || names.has('ALERTS_FOR_STATE');
    return earlier.filter((j) => {
      const r = rules[j];
      if (!r) return false;
      return r.kind === 'recording' ? names.has(r.name) : readsAlerts;
    });
  });
}
