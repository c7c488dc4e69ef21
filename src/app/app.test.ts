import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../model/clock.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { CaptureLogger } from '../model/logger.js';
import { createApp, StartupError } from './app.js';
import type { Component, ConfigLoader } from './reloader.js';

let dir = '';
let file = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-app-'));
  file = join(dir, 'c.yml');
  await writeFile(file, 'a: 1\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A component that records its lifecycle calls in a shared list. */
function component(name: string, calls: string[]): Component<string> {
  return {
    name,
    applyConfig: async (c) => void calls.push(`${name}.apply(${c})`),
    start: async () => void calls.push(`${name}.start`),
    stop: async () => void calls.push(`${name}.stop`),
  };
}

function make(load: ConfigLoader<string>, components: Component<string>[] = [], port = 0) {
  const logger = new CaptureLogger();
  const app = createApp<string>({
    configFiles: [file],
    load,
    components,
    logger,
    clock: new ManualClock(1000),
    listen: { host: '127.0.0.1', port },
    routePrefix: '/v',
    processMetrics: false,
  });
  return { app, logger };
}

describe('createApp', () => {
  it('is not ready before start, serves and reloads after, and stops components in reverse', async () => {
    const calls: string[] = [];
    let version = 1;
    const { app } = make(
      async () => ({ config: `v${version}`, diagnostics: [] }),
      [component('a', calls), component('b', calls)],
    );
    expect(app.isReady()).toBe(false);
    expect((await app.server.inject({ method: 'GET', url: '/v/-/ready' })).statusCode).toBe(503);
    expect((await app.server.inject({ method: 'POST', url: '/v/-/reload' })).statusCode).toBe(500);
    await app.start();
    expect(app.address()?.port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${app.address()?.port}/v/-/ready`);
    expect(res.status).toBe(200);
    version = 2;
    expect((await app.server.inject({ method: 'POST', url: '/v/-/reload' })).statusCode).toBe(200);
    expect(app.config()).toBe('v2');
    await app.stop();
    expect(app.isReady()).toBe(false);
    expect(calls).toEqual([
      'a.apply(v1)',
      'b.apply(v1)',
      'a.start',
      'b.start',
      'a.apply(v2)',
      'b.apply(v2)',
      'b.stop',
      'a.stop',
    ]);
  });

  it('refuses to start on an invalid first config and frees the port', async () => {
    const problem: Diagnostic = {
      severity: 'error',
      file,
      position: { line: 1, column: 1 },
      message: 'bad key',
    };
    const { app, logger } = make(async () => ({ diagnostics: [problem] }));
    const failure = await app.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).diagnostics).toEqual([problem]);
    expect(app.server.server.listening).toBe(false);
    expect(logger.entries.find((e) => e.level === 'error')?.fields['err']).toBe(`${file}:1:1: bad key`);
  });

  it('exposes the reload metrics on /metrics', async () => {
    const { app } = make(async () => ({ config: 'v1', diagnostics: [] }));
    await app.start();
    const body = (await app.server.inject({ method: 'GET', url: '/v/metrics' })).body;
    await app.stop();
    expect(body).toContain('vigil_config_last_reload_successful 1');
    expect(body).toContain('vigil_config_last_reload_success_timestamp_seconds 1');
    expect(body).toMatch(/^vigil_config_hash \d+$/m);
  });

  it('serves the given registry and tells the bound address before the first load', async () => {
    const registry = new Registry();
    new Counter({ name: 'component_made_total', help: 'h', registers: [registry] }).inc(2);
    const events: string[] = [];
    const app = createApp<string>({
      configFiles: [file],
      load: async () => {
        events.push('load');
        return { config: 'v', diagnostics: [] };
      },
      logger: new CaptureLogger(),
      listen: { host: '127.0.0.1', port: 0 },
      processMetrics: false,
      registry,
      onListening: (a) => events.push(`listening ${a.port > 0}`),
    });
    await app.start();
    const body = (await app.server.inject({ method: 'GET', url: '/metrics' })).body;
    await app.stop();
    expect(app.registry).toBe(registry);
    expect(body).toContain('component_made_total 2');
    expect(body).toContain('vigil_config_last_reload_successful 1');
    expect(events).toEqual(['listening true', 'load']);
  });

  it('fails to start when the port is taken, without loading the config', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const addr = blocker.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    let loads = 0;
    const { app } = make(async () => ({ config: `v${++loads}`, diagnostics: [] }), [], port);
    await expect(app.start()).rejects.toThrow(/EADDRINUSE/);
    expect(loads).toBe(0);
    await new Promise((r) => blocker.close(r));
  });
});
