// The app's wiring of the ruler, reproduced for integration tests: real clients, real templates.
import { Registry } from 'prom-client';
import { QueryClient, instantVectorQuery, matrixQuery } from '../../src/datasource/query.js';
import { RemoteWriteClient } from '../../src/datasource/remote-write.js';
import { systemClock } from '../../src/model/clock.js';
import { referencedMetrics } from '../../src/promql/metrics.js';
import { parseThresholdRule } from '../../src/promql/threshold.js';
import { RuleManager, type ManagerEnv } from '../../src/rules/manager.js';
import { createRuleMetrics } from '../../src/rules/metrics.js';
import { DEFAULT_RESTORE_OPTIONS } from '../../src/rules/restore.js';
import { realSetTimer } from '../../src/rules/scheduler.js';
import type { ExpandTemplate, NotifyFn } from '../../src/rules/types.js';
import { CompiledAlertTemplate } from '../../src/template/funcs/alert-prelude.js';

/** The template engine behind the rules' `expandTemplate`, compiled templates cached per rule and text. */
export function templateAdapter(): ExpandTemplate {
  const cache = new Map<string, CompiledAlertTemplate>();
  return (text, data) => {
    const key = `${data.alertName ?? ''}\n${text}`;
    let t = cache.get(key);
    if (!t) cache.set(key, (t = new CompiledAlertTemplate(data.alertName ?? '', text)));
    const r = t.expand({
      labels: data.labels,
      value: data.value,
      externalLabels: data.externalLabels,
      externalURL: data.externalURL,
      evalTimeMs: data.evalTimeMs,
    });
    if (r.error !== undefined) throw new Error(r.error);
    return r.text;
  };
}

/** A rule manager talking to a Prometheus at `promURL` (query + remote write). */
export function buildRuler(promURL: string, notify: NotifyFn, over: Partial<ManagerEnv> = {}) {
  const qc = new QueryClient({ url: promURL, timeoutMs: 2000 });
  const rw = new RemoteWriteClient({
    url: `${promURL}/api/v1/write`,
    registry: new Registry(),
    maxAttempts: 2,
  });
  const registry = new Registry();
  const manager = new RuleManager({
    query: instantVectorQuery(qc),
    rangeQuery: matrixQuery(qc),
    write: (s) => rw.write(s),
    notify,
    expandTemplate: templateAdapter(),
    referencedMetrics,
    parseThreshold: parseThresholdRule,
    externalLabels: {},
    externalURL: 'http://vigil.example:9097',
    resendDelayMs: 60_000,
    clock: systemClock,
    setTimer: realSetTimer,
    restore: DEFAULT_RESTORE_OPTIONS,
    metrics: createRuleMetrics(registry),
    ...over,
  });
  return {
    manager,
    registry,
    close: async () => {
      await manager.stop();
      await rw.close();
      await qc.close();
    },
  };
}
