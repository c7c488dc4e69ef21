// Each timeline scenario runs against Vigil and, when installed, the real Alertmanager 0.25.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from './scenarios.js';
import { alertmanagerAvailable, startAlertmanager, startVigil } from './targets.js';
import { runScenario } from './timeline.js';

const withAlertmanager = alertmanagerAvailable();

describe('router timelines', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s',
    async (_name, scenario) => {
      const runs = [runScenario(scenario, startVigil)];
      if (withAlertmanager) runs.push(runScenario(scenario, startAlertmanager));
      // allSettled: a failing run must not leave the other target's process behind.
      const settled = await Promise.allSettled(runs);
      const reports = settled.map((r) =>
        r.status === 'fulfilled' ? r.value : [`run failed: ${String(r.reason)}`],
      );
      expect(reports.flat()).toEqual([]);
    },
    30_000,
  );
});
