// Router gauges named after Alertmanager's (`alertmanager_alerts`, `alertmanager_silences`) with
// a `vigil_` prefix, computed on scrape from the live alert store and silences.
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Alert } from '../model/alert.js';
import { isResolved } from '../model/alert.js';
import type { Clock } from '../model/clock.js';
import type { Labels } from '../model/labels.js';

/** What the gauges read; the router component supplies it (undefined while it has no state yet). */
export interface RouterMetricsSource {
  alerts(): Iterable<Alert>;
  /** True when a silence or an inhibition rule mutes the labels now. */
  muted(labels: Labels, now: number): boolean;
  silenceStates(): Iterable<'active' | 'pending' | 'expired'>;
}

const SILENCE_STATES = ['active', 'pending', 'expired'] as const;

const registered = new WeakSet<Registry>();

/**
 * Registers `vigil_alerts{state}` and `vigil_silences{state}` in `registry` once; they read
 * `source()` at each scrape, so the component may swap its state without re-registering.
 */
export function registerRouterMetrics(
  registry: Registry,
  clock: Clock,
  source: () => RouterMetricsSource | undefined,
): void {
  if (registered.has(registry)) return;
  registered.add(registry);
  new Gauge({
    name: 'vigil_alerts',
    help: 'How many alerts by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = source();
      const now = clock.now();
      let active = 0;
      let suppressed = 0;
      for (const a of s?.alerts() ?? []) {
        if (isResolved(a, now)) continue;
        if (s?.muted(a.labels, now)) suppressed++;
        else active++;
      }
      this.set({ state: 'active' }, active);
      this.set({ state: 'suppressed' }, suppressed);
    },
  });
  new Gauge({
    name: 'vigil_silences',
    help: 'How many silences by state.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = { active: 0, pending: 0, expired: 0 };
      for (const st of source()?.silenceStates() ?? []) counts[st]++;
      for (const st of SILENCE_STATES) this.set({ state: st }, counts[st]);
    },
  });
}
