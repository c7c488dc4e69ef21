// A real Prometheus 2.42 whose `alerting` section points at Vigil: its alerts are routed and notified.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { startSink } from './sink.js';
import { startVigilRouter } from './vigil-router.js';

const PROMETHEUS = '/usr/bin/prometheus';

function available(): boolean {
  const ok = existsSync(PROMETHEUS);
  if (!ok && process.env['CI'] === 'true') throw new Error(`${PROMETHEUS} is required in CI`);
  return ok;
}

describe.runIf(available())('Prometheus → Vigil', () => {
  it('routes and notifies the alerts Prometheus sends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-prom-'));
    const sink = await startSink();
    const amFile = join(dir, 'am.yml');
    await writeFile(
      amFile,
      `route:\n  receiver: hook\n  group_by: [alertname]\n  group_wait: 1s\nreceivers:\n- name: hook\n  webhook_configs:\n  - url: ${sink.url}/prom\n`,
    );
    const { config } = await loadConfig([amFile]);
    if (!config) throw new Error('config did not load');
    const router = await startVigilRouter(config);
    const target = new URL(router.url).host;
    await writeFile(
      join(dir, 'rules.yml'),
      'groups:\n- name: g\n  rules:\n  - alert: AlwaysFiring\n    expr: vector(1)\n    labels: {severity: page}\n    annotations: {summary: "it fires"}\n',
    );
    await writeFile(
      join(dir, 'prometheus.yml'),
      `global:\n  evaluation_interval: 1s\nrule_files: [rules.yml]\nalerting:\n  alertmanagers:\n  - static_configs:\n    - targets: ['${target}']\n`,
    );
    const prom = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        '--web.listen-address=127.0.0.1:0',
        // The first batch can go out before the Alertmanager list is known; resend soon.
        '--rules.alert.resend-delay=1s',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    prom.stderr?.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
    const exited = new Promise<void>((r) => prom.once('exit', () => r()));
    try {
      const [got] = await sink.waitFor(1, 20_000).catch((e: unknown) => {
        throw new Error(`${String(e)}\nprometheus log:\n${log}`);
      });
      const body = got?.body as {
        alerts: Array<{
          labels: Record<string, string>;
          annotations: Record<string, string>;
          status: string;
        }>;
        groupKey: string;
      };
      expect(got?.path).toBe('/prom');
      expect(body.groupKey).toBe('{}:{alertname="AlwaysFiring"}');
      expect(body.alerts).toHaveLength(1);
      expect(body.alerts[0]).toMatchObject({
        status: 'firing',
        labels: { alertname: 'AlwaysFiring', severity: 'page' },
        annotations: { summary: 'it fires' },
      });
    } finally {
      prom.kill('SIGTERM');
      await exited;
      await router.stop();
      await sink.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
