import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/alert.js';
import { ManualClock } from '../model/clock.js';
import { CaptureLogger } from '../model/logger.js';
import { Scheduler } from '../router/dispatch/scheduler.js';
import type { TimerHost } from '../router/dispatch/scheduler.js';
import { runMaintenance, startMaintenance } from './maintenance.js';
import type { MaintenanceTargets } from './maintenance.js';

function alert(fp: string): Alert {
  return {
    labels: { alertname: fp },
    annotations: {},
    startsAt: 0,
    endsAt: 1,
    generatorURL: '',
    updatedAt: 0,
    timeout: false,
    fingerprint: fp,
  };
}

function targets(calls: string[], removed: Alert[] = [alert('a')]): MaintenanceTargets {
  return {
    gcSilences: () => (calls.push('silences'), 2),
    gcNflog: () => (calls.push('nflog'), 3),
    gcAlerts: (now) => (calls.push(`alerts@${now}`), removed),
    forgetAlerts: (alerts) => void calls.push(`forget:${alerts.map((a) => a.fingerprint).join(',')}`),
  };
}

/** Timers the test fires by hand. */
class ManualTimers implements TimerHost {
  pending: Array<{ fn: () => void; delay: number } | undefined> = [];
  set(fn: () => void, delay: number): unknown {
    this.pending.push({ fn, delay });
    return this.pending.length - 1;
  }
  clear(h: unknown): void {
    this.pending[h as number] = undefined;
  }
  fireAll(): void {
    const due = this.pending;
    this.pending = [];
    for (const t of due) t?.fn();
  }
}

describe('runMaintenance', () => {
  it('collects silences, nflog and alerts, and forgets the removed alerts', () => {
    const calls: string[] = [];
    const r = runMaintenance(targets(calls), 42, new CaptureLogger());
    expect(r).toEqual({ silences: 2, nflog: 3, alerts: 1 });
    expect(calls).toEqual(['silences', 'nflog', 'alerts@42', 'forget:a']);
  });

  it('keeps going when one collection throws, and logs it', () => {
    const calls: string[] = [];
    const log = new CaptureLogger();
    const t = {
      ...targets(calls, []),
      gcSilences: (): number => {
        throw new Error('disk');
      },
    };
    expect(runMaintenance(t, 1, log)).toEqual({ silences: 0, nflog: 3, alerts: 0 });
    expect(calls).toEqual(['nflog', 'alerts@1']);
    expect(log.entries.map((e) => [e.level, e.msg, e.fields['what']])).toContainEqual([
      'error',
      'Maintenance failed',
      'silences',
    ]);
  });
});

describe('startMaintenance', () => {
  it('runs every interval on the scheduler until stopped', () => {
    const clock = new ManualClock(1000);
    const timers = new ManualTimers();
    const scheduler = new Scheduler(clock, timers);
    const calls: string[] = [];
    const stop = startMaintenance(targets(calls, []), {
      schedule: (at, fn) => scheduler.at(at, fn),
      clock,
      logger: new CaptureLogger(),
      intervalMs: 500,
    });
    timers.fireAll();
    expect(calls).toEqual([]);
    clock.advance(500);
    timers.fireAll();
    expect(calls).toEqual(['silences', 'nflog', 'alerts@1500']);
    clock.advance(500);
    timers.fireAll();
    expect(calls.filter((c) => c.startsWith('alerts'))).toEqual(['alerts@1500', 'alerts@2000']);
    stop();
    clock.advance(500);
    timers.fireAll();
    expect(calls.filter((c) => c.startsWith('alerts'))).toHaveLength(2);
  });
});
