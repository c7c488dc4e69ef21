// The two systems a timeline runs against: Vigil's router in-process, and a real Alertmanager.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { loadConfig } from '../../src/config/load.js';
import type { Labels } from '../../src/model/labels.js';
import { startVigilRouter } from './vigil-router.js';

/** An alert as posted over API v2 (times as RFC 3339 strings). */
export interface PostedAlert {
  labels: Labels;
  annotations?: Labels;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** A silence as posted over API v2. */
export interface PostableSilence {
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** A running system under test. */
export interface Target {
  readonly name: string;
  post(alerts: PostedAlert[]): Promise<void>;
  /** Creates a silence; resolves with its ID. */
  silence(s: PostableSilence): Promise<string>;
  /** Expires a silence by ID. */
  expire(id: string): Promise<void>;
  /** Reloads the (unchanged) configuration. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the real Alertmanager lives (Debian package). */
export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

/**
 * True when the real Alertmanager can be used; throws in CI when it is missing, because
 * there the comparison must not be skipped silently.
 */
export function alertmanagerAvailable(): boolean {
  const ok = existsSync(ALERTMANAGER_BIN);
  if (!ok && process.env['CI'] === 'true') throw new Error(`${ALERTMANAGER_BIN} is required in CI`);
  return ok;
}

async function writeConfig(yaml: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-acc-'));
  const file = join(dir, 'alertmanager.yml');
  await writeFile(file, yaml);
  return { dir, file };
}

/** Starts Vigil's router from an Alertmanager config, in this process, over HTTP. */
export async function startVigil(yaml: string): Promise<Target> {
  const { dir, file } = await writeConfig(yaml);
  const { config, diagnostics } = await loadConfig([file]);
  if (config?.route === undefined) throw new Error(`config: ${diagnostics.map((d) => d.message).join('; ')}`);
  const router = await startVigilRouter(config);
  return {
    ...httpClient('vigil', router.url),
    async reload() {
      router.reload();
    },
    async stop() {
      await router.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function call(url: string, method: 'POST' | 'DELETE', body?: unknown): Promise<string> {
  const res = await request(url, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${text}`);
  return text;
}

/** The API v2 calls a timeline makes, the same for both systems. */
function httpClient(name: string, url: string): Omit<Target, 'stop' | 'reload'> {
  return {
    name,
    async post(alerts) {
      await call(`${url}/api/v2/alerts`, 'POST', alerts);
    },
    async silence(s) {
      const text = await call(`${url}/api/v2/silences`, 'POST', s);
      return (JSON.parse(text) as { silenceID: string }).silenceID;
    },
    async expire(id) {
      await call(`${url}/api/v2/silence/${id}`, 'DELETE');
    },
  };
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitReady(url: string, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      const res = await request(`${url}/-/ready`);
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > end) throw new Error(`alertmanager at ${url} not ready`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a real Alertmanager 0.25 on a random loopback port with a temporary storage path. */
export async function startAlertmanager(yaml: string): Promise<Target> {
  const { dir, file } = await writeConfig(yaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${file}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitReady(url, 10_000);
  return {
    ...httpClient('alertmanager', url),
    async reload() {
      await call(`${url}/-/reload`, 'POST');
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
