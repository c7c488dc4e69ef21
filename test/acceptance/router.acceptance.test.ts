// Each timeline scenario runs against Vigil and, when installed, the real Alertmanager 0.25.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from './scenarios.js';
import { alertmanagerAvailable, startAlertmanager, startVigil } from './targets.js';
import { runScenario } from './timeline.js';

const withAlertmanager = alertmanagerAvailable();

// The windows are wall-clock windows against real processes: on a loaded 2-core machine a run can
// miss one by scheduling delay alone, so a failed scenario is run again (twice at most) before
// it counts as a failure. A real regression fails every attempt.
describe('router timelines', { retry: 2 }, () => {
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
