import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../model/clock.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { CaptureLogger } from '../model/logger.js';
import { createReloadMetrics } from './reload-metrics.js';
import { ConfigReloader, describeErrors } from './reloader.js';
import type { Component, ConfigLoader } from './reloader.js';

let dir = '';
let file = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-reloader-'));
  file = join(dir, 'c.yml');
  await writeFile(file, 'a: 1\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const err = (message: string, line = 1): Diagnostic => ({
  severity: 'error',
  file: 'c.yml',
  position: { line, column: 3 },
  message,
});

type LoadResult = { config?: string; diagnostics: Diagnostic[] };

/** A loader that returns whatever the test put in `next`. */
function scriptedLoader(): { load: ConfigLoader<string>; next: LoadResult } {
  const script: { load: ConfigLoader<string>; next: LoadResult } = {
    next: { config: 'v1', diagnostics: [] },
    load: async () => script.next,
  };
  return script;
}

/** A component that records what it was given. */
class RecordingComponent implements Component<string> {
  readonly applied: string[] = [];
  objection: Diagnostic[] = [];
  failApply = false;
  constructor(readonly name: string) {}
  async prepare(): Promise<Diagnostic[]> {
    return this.objection;
  }
  async applyConfig(config: string): Promise<void> {
    if (this.failApply) throw new Error('cannot apply');
    this.applied.push(config);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

function setup(components: Component<string>[] = []) {
  const registry = new Registry();
  const logger = new CaptureLogger();
  const clock = new ManualClock(1_700_000_000_000);
  const script = scriptedLoader();
  const reloader = new ConfigReloader<string>({
    files: [file],
    load: script.load,
    components,
    metrics: createReloadMetrics(registry),
    logger,
    clock,
  });
  const metric = async (name: string): Promise<number | undefined> => {
    const m = await registry.getSingleMetric(name)?.get();
    return m?.values[0]?.value;
  };
  return { registry, logger, clock, script, reloader, metric };
}

describe('ConfigReloader', () => {
  it('activates a valid config and sets the success metrics', async () => {
    const { reloader, metric, logger } = setup();
    const outcome = await reloader.reload();
    expect(outcome.ok).toBe(true);
    expect(reloader.current()).toBe('v1');
    expect(await metric('vigil_config_last_reload_successful')).toBe(1);
    expect(await metric('vigil_config_last_reload_success_timestamp_seconds')).toBe(1_700_000_000);
    expect(await metric('vigil_config_hash')).toBeGreaterThan(0);
    expect(logger.text()).toContain('msg="Completed loading of configuration file"');
  });

  it('keeps the previous config when the new one has errors, and reports all of them', async () => {
    const { reloader, metric, logger, script, clock } = setup();
    await reloader.reload();
    const hash = await metric('vigil_config_hash');
    clock.advance(60_000);
    script.next = { diagnostics: [err('first problem', 2), err('second problem', 5)] };
    const outcome = await reloader.reload();
    expect(outcome).toMatchObject({
      ok: false,
      error: 'c.yml:2:3: first problem\nc.yml:5:3: second problem',
    });
    expect(reloader.current()).toBe('v1');
    expect(await metric('vigil_config_last_reload_successful')).toBe(0);
    expect(await metric('vigil_config_last_reload_success_timestamp_seconds')).toBe(1_700_000_000);
    expect(await metric('vigil_config_hash')).toBe(hash);
    const line = logger.entries.find((e) => e.level === 'error');
    expect(line?.msg).toBe('Error reloading config, keeping the previous configuration');
    expect(line?.fields['err']).toContain('second problem');
  });

  it('says "Error loading config" when the first load fails', async () => {
    const { reloader, logger, script } = setup();
    script.next = { diagnostics: [err('bad')] };
    expect((await reloader.reload()).ok).toBe(false);
    expect(reloader.current()).toBeUndefined();
    expect(logger.entries.find((e) => e.level === 'error')?.msg).toBe('Error loading config');
  });

  it('treats a loader exception as a failed load', async () => {
    const { reloader } = setup();
    await reloader.reload();
    const broken = new ConfigReloader<string>({
      files: [file],
      load: async () => {
        throw new Error('disk on fire');
      },
      components: [],
      metrics: createReloadMetrics(new Registry()),
      logger: new CaptureLogger(),
      clock: new ManualClock(),
    });
    expect(await broken.reload()).toMatchObject({ ok: false, error: 'disk on fire' });
  });

  it.each([
    ['info', 'info'],
    ['warning', 'warn'],
  ] as const)('logs %s diagnostics of a successful load at level %s', async (severity, level) => {
    const { reloader, logger, script } = setup();
    script.next = {
      config: 'v1',
      diagnostics: [{ severity, file: 'c.yml', position: { line: 3, column: 1 }, message: 'note' }],
    };
    expect((await reloader.reload()).ok).toBe(true);
    expect(logger.entries.find((e) => e.msg === 'note')).toMatchObject({
      level,
      fields: { file: 'c.yml:3:1' },
    });
  });

  it('passes new configs to components, unless one objects in prepare', async () => {
    const a = new RecordingComponent('a');
    const b = new RecordingComponent('b');
    const { reloader, script } = setup([a, b]);
    await reloader.reload();
    script.next = { config: 'v2', diagnostics: [] };
    b.objection = [err('b cannot take it')];
    expect(await reloader.reload()).toMatchObject({ ok: false, error: 'c.yml:1:3: b cannot take it' });
    expect(a.applied).toEqual(['v1']);
    expect(reloader.current()).toBe('v1');
    b.objection = [];
    expect((await reloader.reload()).ok).toBe(true);
    expect(a.applied).toEqual(['v1', 'v2']);
    expect(b.applied).toEqual(['v1', 'v2']);
  });

  it('fails the reload when a component cannot apply the config', async () => {
    const a = new RecordingComponent('ruler');
    const { reloader, script } = setup([a]);
    await reloader.reload();
    a.failApply = true;
    script.next = { config: 'v2', diagnostics: [] };
    expect(await reloader.reload()).toMatchObject({ ok: false, error: 'ruler: cannot apply' });
    expect(reloader.current()).toBe('v1');
  });

  it('runs one load at a time, in request order', async () => {
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    let n = 0;
    const release: Array<() => void> = [];
    const reloader = new ConfigReloader<string>({
      files: [file],
      load: async () => {
        const mine = ++n;
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((r) => release.push(r));
        order.push(mine);
        active--;
        return { config: `v${mine}`, diagnostics: [] };
      },
      components: [],
      metrics: createReloadMetrics(new Registry()),
      logger: new CaptureLogger(),
      clock: new ManualClock(),
    });
    const all = Promise.all([reloader.reload(), reloader.reload(), reloader.reload()]);
    // Release each load as it starts; only one may be waiting at any time.
    for (let i = 0; i < 3; i++) {
      while (release.length === 0) await new Promise((r) => setImmediate(r));
      expect(release.length).toBe(1);
      release.shift()?.();
    }
    await all;
    expect(maxActive).toBe(1);
    expect(order).toEqual([1, 2, 3]);
    expect(reloader.current()).toBe('v3');
  });
});

describe('describeErrors', () => {
  it('lists only errors, one per line', () => {
    const warning: Diagnostic = { severity: 'warning', file: 'x', message: 'w' };
    expect(describeErrors([err('a'), warning, err('b', 2)])).toBe('c.yml:1:3: a\nc.yml:2:3: b');
  });
});
