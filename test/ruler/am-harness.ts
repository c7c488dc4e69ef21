// Runs a real Alertmanager 0.25 (Debian's binary) on loopback with a null receiver.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './prometheus-harness.js';

export const AM_BIN = '/usr/bin/prometheus-alertmanager';

/** True when the binary exists; in CI a missing binary fails instead of skipping. */
export function alertmanagerAvailable(): boolean {
  if (existsSync(AM_BIN)) return true;
  if (process.env['CI'] === 'true') throw new Error(`${AM_BIN} is required in CI`);
  return false;
}

/** An alert as Alertmanager's `GET /api/v2/alerts` lists it. */
export interface AMAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

/** Starts Alertmanager; `alerts()` lists its alerts, `stop()` ends it and removes its data. */
export async function startAlertmanager() {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-am-'));
  writeFileSync(join(dir, 'am.yml'), 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n');
  const port = await freePort();
  const proc = spawn(
    AM_BIN,
    [
      `--config.file=${join(dir, 'am.yml')}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  await waitFor('alertmanager ready', async () => {
    if (proc.exitCode !== null) throw new Error(`alertmanager exited with ${proc.exitCode}`);
    return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok ? true : undefined;
  });
  return { url, stop, alerts: async () => (await (await fetch(`${url}/api/v2/alerts`)).json()) as AMAlert[] };
}
