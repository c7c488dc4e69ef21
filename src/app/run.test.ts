import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListenAddress } from './app.js';
import type { ConfigLoader } from './reloader.js';
import { hostname } from 'node:os';
import { runVigil } from './run.js';
import type { RunContext, RunOptions } from './run.js';

let dir = '';
let file = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-runapp-'));
  file = join(dir, 'c.yml');
  await writeFile(file, 'a: 1\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(over: Partial<RunOptions> = {}): RunOptions {
  return {
    configFiles: [file],
    listenAddress: '127.0.0.1:0',
    storagePath: join(dir, 'data'),
    logLevel: 'info',
    logFormat: 'logfmt',
    configWatch: false,
    ...over,
  };
}

function env(load: ConfigLoader<string>) {
  const signals = new EventEmitter();
  let log = '';
  let ready: (a: ListenAddress) => void = () => undefined;
  const readyAt = new Promise<ListenAddress>((r) => (ready = r));
  return {
    signals,
    readyAt,
    log: () => log,
    env: { writeLog: (l: string) => void (log += l), signals, load, onReady: (a: ListenAddress) => ready(a) },
  };
}

describe('runVigil', () => {
  it('runs until SIGTERM, reloading on SIGHUP, and exits 0', async () => {
    let loads = 0;
    const e = env(async () => ({ config: `v${++loads}`, diagnostics: [] }));
    const done = runVigil(options({ routePrefix: '/x' }), e.env);
    const addr = await e.readyAt;
    expect((await fetch(`http://127.0.0.1:${addr.port}/x/-/ready`)).status).toBe(200);
    e.signals.emit('SIGHUP');
    const res = await fetch(`http://127.0.0.1:${addr.port}/x/-/reload`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(loads).toBe(3);
    e.signals.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(e.log()).toContain('msg="Received shutdown signal, exiting gracefully" signal=SIGTERM');
    expect(e.signals.eventNames()).toEqual([]);
  });

  it.each([
    [{ listenAddress: 'nowhere' }, 'invalid listen address \\"nowhere\\"'],
    [{ externalUrl: 'ftp://x/' }, 'invalid --web.external-url'],
    [{ datasourceUrl: 'localhost:9090' }, 'invalid --datasource.url'],
    [{ webConfigFile: '/nonexistent/web.yml' }, '/nonexistent/web.yml: cannot read web config file'],
  ] as const)('exits 1 on bad settings %j', async (over, message) => {
    const e = env(async () => ({ config: 'v', diagnostics: [] }));
    expect(await runVigil(options(over), e.env)).toBe(1);
    expect(e.log()).toContain(message);
    expect(e.signals.eventNames()).toEqual([]);
  });

  it('exits 1 when the first config is invalid and removes its signal listeners', async () => {
    const e = env(async () => ({ diagnostics: [{ severity: 'error', file, message: 'broken' }] }));
    expect(await runVigil(options(), e.env)).toBe(1);
    expect(e.log()).toContain('msg="Error loading config"');
    expect(e.signals.eventNames()).toEqual([]);
  });

  it.each([
    ['the bound port when port 0 was asked for', {}, (port: number) => `http://${hostname()}:${port}/`],
    ['the flag when given', { externalUrl: 'https://vigil.example/x/' }, () => 'https://vigil.example/x/'],
  ] as const)('gives components an external URL with %s', async (_what, over, want) => {
    const seen: string[] = [];
    let ctx: RunContext | undefined;
    const e = env(async () => {
      // The first load runs once the server listens: the URL is final by then.
      if (ctx) seen.push(ctx.externalUrl().href);
      return { config: 'v', diagnostics: [] };
    });
    const done = runVigil(options(over), {
      ...e.env,
      components: (c) => {
        ctx = c;
        return { components: [], apiPlugins: [] };
      },
    });
    const addr = await e.readyAt;
    e.signals.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(addr.port).toBeGreaterThan(0);
    expect(seen).toEqual([want(addr.port)]);
  });
});
