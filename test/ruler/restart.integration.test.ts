// Restart tests: a ruler process killed (SIGKILL or SIGTERM) during `for` fires at the original
// time after restart; killed while firing, it neither goes pending again nor sends a resolution.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './http-fixture.js';
import {
  prometheusAvailable,
  rawSamples,
  startExporter,
  startPrometheus,
  waitFor,
  type PromInstance,
} from './prometheus-harness.js';

const FOR_MS = 6000;
const RULES = `groups:
  - name: restart
    interval: 1s
    rules:
      - alert: Hot
        expr: test_value > 50
        for: 6s
`;
// Used only by the last test, so no earlier process has written ALERTS_FOR_STATE for it.
const WARM = `groups:
  - name: restore
    interval: 1s
    rules:
      - alert: Warm
        expr: test_value > 50
        for: 10s
`;

interface Received {
  readonly atMs: number;
  readonly alerts: Array<{ labels: Record<string, string>; startsAt: string; endsAt?: string }>;
}

describe.runIf(prometheusAvailable())('ruler restarts keep alert state', () => {
  let dir: string;
  let prom: PromInstance;
  let exporter: Awaited<ReturnType<typeof startExporter>>;
  let sink: Awaited<ReturnType<typeof startServer>>;
  const received: Received[] = [];
  const procs: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-restart-'));
    writeFileSync(join(dir, 'r.yml'), RULES);
    writeFileSync(join(dir, 'warm.yml'), WARM);
    exporter = await startExporter(() => 100);
    prom = await startPrometheus(exporter.url.replace('http://', ''));
    sink = await startServer((req, res) => {
      received.push({ atMs: Date.now(), alerts: JSON.parse(req.body.toString()) as Received['alerts'] });
      res.writeHead(200).end();
    });
    await waitFor('test_value scraped', async () =>
      (await prom.query('test_value')).result.length > 0 ? true : undefined,
    );
  }, 60_000);

  afterEach(async () => {
    for (const p of procs.splice(0)) await stop(p, 'SIGKILL');
  });

  afterAll(async () => {
    await prom?.stop();
    await exporter?.close();
    await sink?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function start(storeDir: string, graceMs?: number, file = 'r.yml'): Promise<ChildProcess> {
    const opts = { promURL: prom.url, storeDir, ruleFile: join(dir, file), amURL: sink.url, graceMs };
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'ruler-process.ts'), JSON.stringify(opts)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    procs.push(p);
    await new Promise<void>((resolve, reject) => {
      p.stdout?.on('data', (c: Buffer) => c.toString().includes('started') && resolve());
      p.once('exit', (code) => reject(new Error(`ruler exited with ${code}`)));
    });
    return p;
  }

  async function stop(p: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  }

  /** ActiveAt (ms) of the pending alert as the ruler wrote it to ALERTS_FOR_STATE. */
  async function pendingActiveAt(since: number, name = 'Hot'): Promise<number> {
    return waitFor('ALERTS pending written', async () => {
      const pend = await rawSamples(prom, `ALERTS{alertname="${name}",alertstate="pending"}`);
      if (!pend.some(([t]) => t >= since)) return undefined;
      const fs = await rawSamples(prom, `ALERTS_FOR_STATE{alertname="${name}"}`);
      const last = fs[fs.length - 1];
      return last ? last[1] * 1000 : undefined;
    });
  }

  const firingNotifications = (since: number, name = 'Hot') =>
    received
      .filter((r) => r.atMs >= since)
      .flatMap((r) => r.alerts)
      .filter((a) => a.labels['alertname'] === name);

  it.each([['SIGKILL' as const], ['SIGTERM' as const]])(
    '%s during `for`: the alert fires at the original time',
    async (signal) => {
      const storeDir = mkdtempSync(join(dir, 'store-'));
      const t0 = Date.now();
      const first = await start(storeDir);
      const activeAt = await pendingActiveAt(t0);
      await stop(first, signal);
      const restartedAt = Date.now();
      await start(storeDir);
      const readyAt = Date.now();
      const fired = await waitFor('firing notification', async () => firingNotifications(t0)[0], 20_000);
      const startsAt = Date.parse(fired.startsAt);
      // Fires `for` after the original activeAt (within one interval of it, or of the restart when
      // a slow machine took longer than `for` to restart), never `for` after the restart.
      expect(startsAt - activeAt).toBeGreaterThanOrEqual(FOR_MS);
      expect(startsAt).toBeLessThanOrEqual(Math.max(activeAt + FOR_MS, readyAt) + 1000);
      expect(startsAt).toBeLessThan(readyAt + FOR_MS);
      expect(restartedAt - activeAt).toBeGreaterThan(0);
      const fs = await rawSamples(prom, 'ALERTS_FOR_STATE{alertname="Hot"}');
      expect(fs.filter(([t]) => t >= restartedAt).every(([, v]) => v * 1000 === activeAt)).toBe(true);
    },
  );

  it.each([['SIGKILL' as const], ['SIGTERM' as const]])(
    '%s while firing: no second pending phase, no resolved notification',
    async (signal) => {
      const storeDir = mkdtempSync(join(dir, 'store-'));
      const t0 = Date.now();
      const first = await start(storeDir);
      const fired = await waitFor('firing notification', async () => firingNotifications(t0)[0], 20_000);
      await stop(first, signal);
      const restartedAt = Date.now();
      await start(storeDir);
      // Let the restarted ruler evaluate a few times: firing ALERTS samples continue...
      await waitFor('firing after restart', async () => {
        const s = await rawSamples(prom, 'ALERTS{alertname="Hot",alertstate="firing"}');
        return s.filter(([t]) => t > restartedAt).length >= 3 ? true : undefined;
      });
      // ...with no pending sample after the restart, and no notification ending the alert.
      const pend = await rawSamples(prom, 'ALERTS{alertname="Hot",alertstate="pending"}');
      expect(pend.filter(([t]) => t > restartedAt)).toEqual([]);
      const after = firingNotifications(t0);
      expect(
        after.every((a) => a.startsAt === fired.startsAt && Date.parse(a.endsAt ?? '0') > Date.now() - 1000),
      ).toBe(true);
    },
  );

  it('with an empty store, `for` progress is restored from ALERTS_FOR_STATE (downtime not counted)', async () => {
    const t0 = Date.now();
    const first = await start(mkdtempSync(join(dir, 'store-')), 1000, 'warm.yml');
    const activeAt = await pendingActiveAt(t0, 'Warm');
    // Let it make progress through `for` before it dies.
    await waitFor('5s of pending', async () => {
      const fs = await rawSamples(prom, 'ALERTS_FOR_STATE{alertname="Warm"}');
      const last = fs[fs.length - 1];
      return last && last[0] - activeAt >= 5000 ? true : undefined;
    });
    await stop(first, 'SIGKILL');
    const restartedAt = Date.now();
    await start(mkdtempSync(join(dir, 'store-')), 1000, 'warm.yml');
    const fired = await waitFor(
      'firing notification',
      async () => firingNotifications(restartedAt, 'Warm')[0],
      20_000,
    );
    // Restored: it fires within `for` minus the pending time already served (plus start-up),
    // not a full `for` after the restart.
    expect(Date.parse(fired.startsAt) - restartedAt).toBeLessThan(10_000);
  });
});
