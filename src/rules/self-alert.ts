// Vigil's own alert for rules whose evaluation fails, so a broken datasource pages someone.
import type { AlertMap } from './alerting.js';
import type { ActiveAlert } from './types.js';
import { labelsKey } from './labelset.js';

/** The alert name raised while a rule's evaluation fails. */
export const SELF_ALERT_NAME = 'VigilRuleEvaluationFailing';

/** A rule currently failing, with its error text. */
export interface FailingRule {
  readonly ruleName: string;
  readonly error: string;
}

/**
 * Next self-alert state of a group: a firing alert per failing rule (kept with its first
 * `activeAt`), resolved when the rule recovers, dropped 15 minutes after resolution.
 */
export function updateSelfAlerts(prev: AlertMap, groupName: string, failing: readonly FailingRule[], tsMs: number, retentionMs: number): AlertMap {
  const next = new Map<string, ActiveAlert>();
  const seen = new Set<string>();
  for (const f of failing) {
    const labels = { alertname: SELF_ALERT_NAME, severity: 'warning', rule_group: groupName, rule_name: f.ruleName };
    const key = labelsKey(labels);
    seen.add(key);
    const annotations = {
      summary: `Rule ${f.ruleName} in group ${groupName} fails to evaluate`,
      description: f.error,
    };
    const old = prev.get(key);
    if (old && old.state === 'firing') {
      next.set(key, { ...old, annotations });
      continue;
    }
    next.set(key, {
      labels,
      annotations,
      state: 'firing',
      value: 1,
      activeAtMs: tsMs,
      firedAtMs: tsMs,
      resolvedAtMs: 0,
      lastSentAtMs: 0,
      validUntilMs: 0,
      keepFiringSinceMs: 0,
    });
  }
  for (const [key, a] of prev) {
    if (seen.has(key)) continue;
    if (a.state === 'firing') next.set(key, { ...a, state: 'inactive', resolvedAtMs: tsMs });
    else if (tsMs - a.resolvedAtMs <= retentionMs) next.set(key, a);
  }
  return next;
}
