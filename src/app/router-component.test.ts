import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../model/clock.js';
import { CaptureLogger } from '../model/logger.js';
import type { TimerHost } from '../router/dispatch/scheduler.js';
import { createConfigLoader } from './loaded-config.js';
import type { LoadedConfig } from './loaded-config.js';
import { RouterComponent } from './router-component.js';
import { SharedStore } from './shared-store.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const ROUTER = `route:
  receiver: first
receivers:
  - name: first
`;
const RENAMED = ROUTER.replaceAll('first', 'second');
const RULER_ONLY = 'global:\n  evaluation_interval: 30s\n';

/** Timers that never fire: these tests look at state, not at notifications. */
const idleTimers: TimerHost = { set: () => undefined, clear: () => undefined };

let cleanups: Array<() => Promise<unknown> | void> = [];

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-router-comp-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function load(dir: string, text: string): Promise<LoadedConfig> {
  const file = join(dir, 'vigil.yml');
  await writeFile(file, text);
  const { config, diagnostics } = await createConfigLoader({})([file]);
  if (!config) throw new Error(JSON.stringify(diagnostics));
  return config;
}

async function router(
  storage: string,
  registry?: Registry,
): Promise<{ r: RouterComponent; app: FastifyInstance }> {
  const store = new SharedStore(storage);
  const r = new RouterComponent({
    ...(registry ? { registry } : {}),
    logger: new CaptureLogger(),
    externalUrl: new URL('http://vigil.example/'),
    store,
    version: 'test',
    clock: new ManualClock(NOW),
    timers: idleTimers,
  });
  const app = fastify();
  for (const p of r.apiPlugins()) await app.register(p);
  cleanups.push(async () => {
    await r.stop();
    await app.close();
    store.close();
  });
  return { r, app };
}

async function receiversOf(app: FastifyInstance): Promise<string[][]> {
  const res = await app.inject({ method: 'GET', url: '/api/v2/alerts' });
  return (res.json() as Array<{ receivers: Array<{ name: string }> }>).map((a) =>
    a.receivers.map((x) => x.name),
  );
}

describe('RouterComponent', () => {
  it('counts alerts and silences by state and registers its metrics once per registry', async () => {
    const dir = await tempDir();
    const registry = new Registry();
    const { r, app } = await router(join(dir, 'data'), registry);
    // A second component on the same registry must not register the names again.
    await router(join(dir, 'data2'), registry);
    await r.applyConfig(await load(dir, ROUTER));
    await r.start();
    r.ingest([{ labels: { alertname: 'A' } }, { labels: { alertname: 'B' } }]);
    const post = await app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      payload: {
        matchers: [{ name: 'alertname', value: 'A', isRegex: false, isEqual: true }],
        startsAt: new Date(NOW).toISOString(),
        endsAt: new Date(NOW + 3600_000).toISOString(),
        createdBy: 't',
        comment: 'c',
      },
    });
    expect(post.statusCode).toBe(200);
    await r.applyConfig(await load(dir, RENAMED));
    const text = await registry.metrics();
    for (const line of [
      'vigil_alerts{state="active"} 1',
      'vigil_alerts{state="suppressed"} 1',
      'vigil_silences{state="active"} 1',
      'vigil_silences{state="pending"} 0',
    ])
      expect(text).toContain(line);
    expect(text).toContain('vigil_notifications_total');
  });

  it('answers 404 on API v2 and refuses alerts while the config has no route', async () => {
    const dir = await tempDir();
    const { r, app } = await router(join(dir, 'data'));
    await r.applyConfig(await load(dir, RULER_ONLY));
    expect(r.active()).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/v2/status' })).statusCode).toBe(404);
    expect(r.ingest([{ labels: { alertname: 'A' } }]).errors).toEqual(['the router is not configured']);
  });

  it('keeps alerts and silences across a reload that swaps the receivers', async () => {
    const dir = await tempDir();
    const { r, app } = await router(join(dir, 'data'));
    await r.applyConfig(await load(dir, ROUTER));
    await r.start();
    expect(r.ingest([{ labels: { alertname: 'A' } }]).alerts).toHaveLength(1);
    const post = await app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      payload: {
        matchers: [{ name: 'alertname', value: 'A', isRegex: false, isEqual: true }],
        startsAt: new Date(NOW).toISOString(),
        endsAt: new Date(NOW + 3600_000).toISOString(),
        createdBy: 't',
        comment: 'c',
      },
    });
    expect(post.statusCode).toBe(200);
    expect(await receiversOf(app)).toEqual([['first']]);
    await r.applyConfig(await load(dir, RENAMED));
    expect(await receiversOf(app)).toEqual([['second']]);
    const silences = await app.inject({ method: 'GET', url: '/api/v2/silences' });
    expect((silences.json() as unknown[]).length).toBe(1);
    const receivers = await app.inject({ method: 'GET', url: '/api/v2/receivers' });
    expect(receivers.json()).toEqual([{ name: 'second' }]);
  });

  it('restores alerts and silences from the store in a new process', async () => {
    const dir = await tempDir();
    const storage = join(dir, 'data');
    const config = await load(dir, ROUTER);
    const first = await router(storage);
    await first.r.applyConfig(config);
    first.r.ingest([{ labels: { alertname: 'Kept' } }]);
    await first.app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      payload: {
        matchers: [{ name: 'alertname', value: 'Kept', isRegex: false, isEqual: true }],
        startsAt: new Date(NOW).toISOString(),
        endsAt: new Date(NOW + 3600_000).toISOString(),
        createdBy: 't',
        comment: 'c',
      },
    });
    for (const c of cleanups.splice(1).reverse()) await c();

    const second = await router(storage);
    await second.r.applyConfig(config);
    const res = await second.app.inject({ method: 'GET', url: '/api/v2/alerts' });
    const alerts = res.json() as Array<{ labels: Record<string, string>; status: { state: string } }>;
    expect(alerts.map((a) => [a.labels['alertname'], a.status.state])).toEqual([['Kept', 'suppressed']]);
  });

  it('serves the redacted Alertmanager config in /api/v2/status', async () => {
    const dir = await tempDir();
    const { r, app } = await router(join(dir, 'data'));
    const secretHook = `${ROUTER}    webhook_configs:\n      - url: http://127.0.0.1:1/very-secret-token\n`;
    await r.applyConfig(await load(dir, secretHook));
    const res = await app.inject({ method: 'GET', url: '/api/v2/status' });
    const body = res.json() as {
      cluster: { status: string };
      versionInfo: { version: string };
      config: { original: string };
    };
    expect(body.cluster.status).toBe('disabled');
    expect(body.versionInfo.version).toBe('test');
    expect(body.config.original).toContain('receiver: first');
    expect(body.config.original).toContain('url: <secret>');
    expect(body.config.original).not.toContain('very-secret-token');
    expect(body.config.original).not.toContain('evaluation_interval');
  });
});
