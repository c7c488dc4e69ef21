// A real Alertmanager for end-to-end tests: temp dir, random port, clustering off, one receiver
// that sends nowhere, so tests read what it received from its API v2.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './tools.js';
import { waitFor } from './vigil-process.js';

/** An alert as Alertmanager's `GET /api/v2/alerts` lists it (the fields tests read). */
export interface AlertmanagerAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL?: string;
}

/** A running Alertmanager. */
export interface TestAlertmanager {
  /** `host:port`, as a static target. */
  readonly target: string;
  readonly url: string;
  alerts(): Promise<AlertmanagerAlert[]>;
  stop(): Promise<void>;
}

/** Starts `binary` on a free loopback port. */
export async function startAlertmanager(binary: string): Promise<TestAlertmanager> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-am-'));
  const config = join(dir, 'alertmanager.yml');
  await writeFile(config, 'route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n');
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`Alertmanager on ${url} to be ready; log:\n${log}`, async () =>
    (await fetch(`${url}/-/ready`)).status === 200 ? true : undefined,
  );
  return {
    target: `127.0.0.1:${port}`,
    url,
    async alerts() {
      const res = await fetch(`${url}/api/v2/alerts`);
      return (await res.json()) as AlertmanagerAlert[];
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
