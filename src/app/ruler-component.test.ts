import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../config/types.js';
import { ManualClock } from '../model/clock.js';
import { CaptureLogger } from '../model/logger.js';
import type { PostableAlert } from '../router/alerts/intake.js';
import type { NotifyAlert } from '../rules/types.js';
import { createConfigLoader } from './loaded-config.js';
import type { LoadedConfig } from './loaded-config.js';
import {
  createTemplateExpander,
  prepareForRouter,
  ruleMetricsFor,
  RulerComponent,
} from './ruler-component.js';
import { SharedStore } from './shared-store.js';

let cleanups: Array<() => Promise<unknown> | void> = [];

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-ruler-comp-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function load(dir: string, config: string, rules: string): Promise<LoadedConfig> {
  await writeFile(join(dir, 'r.rules.yml'), rules);
  await writeFile(join(dir, 'vigil.yml'), config);
  const { config: loaded, diagnostics } = await createConfigLoader({})([join(dir, 'vigil.yml')]);
  if (!loaded) throw new Error(JSON.stringify(diagnostics));
  return loaded;
}

/** A datasource answering every instant query with one sample `up{job="x"} = 1`. */
async function fakeDatasource(): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: { job: 'x' }, value: [1, '1'] }] },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A ruler on a manual clock whose evaluation timers are kept in `timers` (run them by hand). */
function manualRuler(router?: ConstructorParameters<typeof RulerComponent>[0]['router']): {
  ruler: RulerComponent;
  clock: ManualClock;
  timers: Array<() => void>;
} {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const timers: Array<() => void> = [];
  const store = new SharedStore(':memory:');
  const ruler = new RulerComponent({
    logger: new CaptureLogger(),
    externalUrl: new URL('http://vigil.example/'),
    store,
    clock,
    setTimer: (fn) => {
      timers.push(fn);
      return () => undefined;
    },
    ...(router ? { router } : {}),
  });
  cleanups.push(async () => {
    await ruler.stop();
    store.close();
  });
  return { ruler, clock, timers };
}

const RULES = `groups:
  - name: g
    interval: 10s
    rules:
      - alert: Up
        expr: up == 1
        annotations:
          summary: 'job {{ $labels.job }} is {{ $value }}'
`;

function notifyAlert(labels: Record<string, string>): NotifyAlert {
  return { labels, annotations: { a: 'b' }, startsAtMs: 1000, endsAtMs: 0, generatorURL: 'g' };
}

describe('prepareForRouter', () => {
  const config = {
    global: { external_labels: { cluster: 'c1', alertname: 'ignored' } },
    alerting: { alert_relabel_configs: [] },
  } as unknown as Config;

  it.each([
    [{ alertname: 'A' }, { cluster: 'c1', alertname: 'A' }],
    [
      { alertname: 'A', cluster: 'own' },
      { cluster: 'own', alertname: 'A' },
    ],
  ])('adds external labels the alert lacks: %j', (labels, want) => {
    const [out] = prepareForRouter([notifyAlert(labels)], config);
    expect(out?.labels).toEqual(want);
    expect(Object.keys(out?.labels ?? {})).toEqual(Object.keys(want).sort());
    expect(out).toMatchObject({ startsAt: 1000, generatorURL: 'g', annotations: { a: 'b' } });
    expect(out && 'endsAt' in out).toBe(false);
  });
});

describe('createTemplateExpander', () => {
  const data = {
    labels: { job: 'x' },
    value: 2,
    externalLabels: {},
    externalURL: 'http://v',
    alertName: 'A',
  };

  it.each([
    ['plain', 'plain'],
    ['{{ $labels.job }}={{ $value }}', 'x=2'],
    ['{{ $externalURL }}', 'http://v'],
  ])('expands %s', (text, want) => {
    expect(createTemplateExpander().expand(text, data)).toBe(want);
  });

  it('throws Prometheus error text on a failing template', () => {
    expect(() => createTemplateExpander().expand('{{ nosuchfunc }}', data)).toThrow(/__alert_A/);
  });
});

describe('RulerComponent', () => {
  it('creates the rule metrics once per registry, however many components use it', async () => {
    const registry = new Registry();
    const store = new SharedStore(':memory:');
    cleanups.push(() => store.close());
    const make = () =>
      new RulerComponent({
        logger: new CaptureLogger(),
        externalUrl: () => new URL('http://v/'),
        store,
        registry,
      });
    expect(() => [make(), make()]).not.toThrow();
    expect(ruleMetricsFor(registry)).toBe(ruleMetricsFor(registry));
    expect(await registry.metrics()).toContain('# TYPE vigil_rule_group_last_duration_seconds gauge');
  });

  it('warns about rule files without a datasource and reports their rules unhealthy', async () => {
    const dir = await tempDir();
    const loaded = await load(dir, "rule_files: ['*.rules.yml']\n", RULES);
    const { ruler, clock, timers } = manualRuler();
    expect((await ruler.prepare(loaded)).map((d) => [d.severity, d.code])).toEqual([
      ['warning', 'ruler.no_datasource'],
    ]);
    await ruler.applyConfig(loaded);
    await ruler.start();
    clock.advance(10_000);
    timers.shift()?.();
    await vi.waitFor(() => expect(ruler.groups()[0]?.rules[0]?.health).toBe('err'), { timeout: 5000 });
    expect(ruler.groups()[0]?.rules[0]?.lastError).toContain('no datasource configured');
  });

  it('evaluates at its slots, sends firing alerts to the router and serves /api/v1/rules', async () => {
    const dir = await tempDir();
    const url = await fakeDatasource();
    const loaded = await load(
      dir,
      `global:\n  external_labels: {cluster: c1}\nrule_files: ['*.rules.yml']\ndatasource:\n  url: ${url}\n`,
      RULES,
    );
    const ingested: PostableAlert[] = [];
    const { ruler, clock, timers } = manualRuler({
      active: () => true,
      ingest: (batch) => {
        ingested.push(...batch);
        return { errors: [] };
      },
    });
    await ruler.applyConfig(loaded);
    expect(timers).toHaveLength(0);
    await ruler.start();
    clock.advance(10_000);
    timers.shift()?.();
    const app = fastify();
    for (const p of ruler.apiPlugins()) await app.register(p);
    cleanups.push(() => app.close());
    await vi.waitFor(() => expect(ingested.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(ingested[0]).toMatchObject({
      labels: { alertname: 'Up', job: 'x', cluster: 'c1' },
      annotations: { summary: 'job x is 1' },
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/rules' });
    const body = res.json() as {
      data: { groups: Array<{ rules: Array<{ health: string; state: string }> }> };
    };
    expect(body.data.groups[0]?.rules[0]).toMatchObject({ health: 'ok', state: 'firing' });
    const alerts = await app.inject({ method: 'GET', url: '/api/v1/alerts' });
    const before = (alerts.json() as { data: { alerts: Array<{ activeAt: string }> } }).data.alerts;
    expect(before).toHaveLength(1);

    // A reload that changes the annotation keeps the alert's state (same name and labels).
    await writeFile(join(dir, 'r.rules.yml'), RULES.replace('job {{', 'the job {{'));
    const { config: reloaded } = await createConfigLoader({})([join(dir, 'vigil.yml')]);
    if (!reloaded) throw new Error('reload failed');
    await ruler.applyConfig(reloaded);
    const after = await app.inject({ method: 'GET', url: '/api/v1/alerts' });
    expect(
      (after.json() as { data: { alerts: Array<{ activeAt: string; state: string }> } }).data.alerts,
    ).toEqual([expect.objectContaining({ state: 'firing', activeAt: before[0]?.activeAt })]);
  });
});

describe('RulerComponent GET /api/v1/alertmanagers', () => {
  it('lists the external Alertmanagers of the current config, kept and relabelled away', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-ruler-ams-'));
    const loaded = await load(
      dir,
      `rule_files: ['*.rules.yml']
datasource:
  url: http://127.0.0.1:9
alerting:
  alertmanagers:
    - static_configs: [{ targets: ['am1:9093', 'am2:9093'] }]
      relabel_configs:
        - { source_labels: [__address__], regex: 'am2:.*', action: drop }
`,
      RULES,
    );
    const { ruler } = manualRuler();
    await ruler.applyConfig(loaded);
    const app = fastify();
    for (const p of ruler.apiPlugins()) await app.register(p);
    cleanups.push(() => app.close());
    const res = await app.inject({ method: 'GET', url: '/api/v1/alertmanagers' });
    expect(res.json()).toEqual({
      status: 'success',
      data: {
        activeAlertmanagers: [{ url: 'http://am1:9093/api/v2/alerts' }],
        droppedAlertmanagers: [{ url: 'http://am2:9093/api/v2/alerts' }],
      },
    });
  });
});

describe('RulerComponent query batching', () => {
  /** A datasource that logs each query and answers a batched one operand by operand. */
  async function batchingDatasource(queries: string[]): Promise<string> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const q = new URLSearchParams(body).get('query') ?? '';
        queries.push(q);
        const ops = [...q.matchAll(/label_replace\(\n([\s\S]*?)\n, "__vigil_q", "(\d+)", "", ""\)/g)];
        const result = (
          ops.length > 0 ? ops.map((m) => [m[1] ?? '', m[2]] as const) : [[q, undefined] as const]
        ).map(([expr, tag]) => ({
          metric: { job: 'x', src: expr, ...(tag === undefined ? {} : { __vigil_q: tag }) },
          value: [1, '1'],
        }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const THREE = `groups:\n  - name: g\n    interval: 10s\n    rules:\n${['a', 'b', 'c']
    .map((m) => `      - record: r:${m}\n        expr: sum by (job) (${m})\n`)
    .join('')}`;

  it.each<[string, string, number]>([
    ['sends the group as one batched query by default', '', 1],
    ['sends one query per expression with query_batch_size: 1', '  query_batch_size: 1\n', 3],
  ])('%s', async (_name, extra, want) => {
    const dir = await tempDir();
    const queries: string[] = [];
    const url = await batchingDatasource(queries);
    const loaded = await load(
      dir,
      `rule_files: ['*.rules.yml']\ndatasource:\n  url: ${url}\n${extra}`,
      THREE,
    );
    const { ruler, clock, timers } = manualRuler();
    await ruler.applyConfig(loaded);
    await ruler.start();
    clock.advance(10_000);
    timers.shift()?.();
    const group = ruler.groups()[0];
    await vi.waitFor(() => expect(group?.lastEvaluationMs).toBeGreaterThan(0), { timeout: 10_000 });
    expect(queries).toHaveLength(want);
    expect(group?.lastQueries).toBe(want);
    // Each rule got its own expression's sample, without the batch label.
    expect(group?.rules.map((r) => r.health)).toEqual(['ok', 'ok', 'ok']);
  });
});
