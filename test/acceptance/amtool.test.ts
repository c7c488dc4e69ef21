// The real amtool (Debian) against Vigil's router API: alerts and silences round-trip.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { RunningRouter } from './vigil-router.js';
import { startVigilRouter } from './vigil-router.js';

const AMTOOL = '/usr/bin/amtool';
const exec = promisify(execFile);

function available(): boolean {
  const ok = existsSync(AMTOOL);
  if (!ok && process.env['CI'] === 'true') throw new Error(`${AMTOOL} is required in CI`);
  return ok;
}

describe.runIf(available())('amtool against Vigil', () => {
  let router: RunningRouter;
  let dir = '';
  const amtool = async (...args: string[]): Promise<string> =>
    (await exec(AMTOOL, [`--alertmanager.url=${router.url}`, ...args])).stdout;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-amtool-'));
    const file = join(dir, 'am.yml');
    await writeFile(file, 'route:\n  receiver: hook\n  group_wait: 1h\nreceivers:\n- name: hook\n');
    const { config } = await loadConfig([file]);
    if (!config) throw new Error('config did not load');
    router = await startVigilRouter(config);
  });
  afterAll(async () => {
    await router.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds and queries alerts, silences them, expires and imports silences', async () => {
    await amtool('alert', 'add', 'alertname=Test', 'severity=warning', '--annotation=summary=hi');
    const alerts = JSON.parse(await amtool('alert', 'query', '-o', 'json')) as Array<{
      labels: unknown;
      status: { state: string };
    }>;
    expect(alerts.map((a) => [a.labels, a.status.state])).toEqual([
      [{ alertname: 'Test', severity: 'warning' }, 'active'],
    ]);

    const id = (await amtool('silence', 'add', 'alertname=Test', '-c', 'acceptance', '-d', '1h')).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await amtool('silence', 'query', '-q')).trim()).toBe(id);
    expect(JSON.parse(await amtool('alert', 'query', '-o', 'json'))).toEqual([]);
    expect((await amtool('alert', 'query', '--silenced', '-o', 'json')).includes('"suppressed"')).toBe(true);

    const exported = await amtool('silence', 'query', '-o', 'json');
    await amtool('silence', 'expire', id);
    expect((await amtool('silence', 'query', '-q')).trim()).toBe('');
    expect((await amtool('silence', 'query', '--expired', '-q')).trim()).toBe(id);

    const file = join(dir, 'silences.json');
    await writeFile(file, exported);
    await exec('sh', ['-c', `${AMTOOL} --alertmanager.url=${router.url} silence import < ${file}`]);
    const now = (await amtool('silence', 'query', '-q')).trim();
    expect(now).toMatch(/^[0-9a-f-]{36}$/);
    expect(now).not.toBe(id);
  }, 30_000);
});
