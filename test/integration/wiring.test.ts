// `vigil run` with rules, a datasource, remote write and a webhook: the components' metrics are
// on /metrics (and survive a reload), threshold rules are answered by folded queries, template
// `query` calls work, and links carry the real port when listening on port 0.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertBuilt, metricValue, spawnVigil } from '../helpers/vigil-process.js';
import { payload, startWebhookSink } from '../helpers/webhook-sink.js';

let cleanups: Array<() => Promise<unknown>> = [];

beforeAll(() => {
  assertBuilt();
});

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** A Prometheus API stand-in: `up` is one series at 1, `sum(up)` is 3; records each query. */
async function fakeDatasource(): Promise<{ url: string; queries: Array<{ query: string; time: string }> }> {
  const queries: Array<{ query: string; time: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!req.url?.startsWith('/api/v1/query')) return void res.writeHead(204).end();
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const query = form.get('query') ?? '';
      const time = form.get('time') ?? '';
      queries.push({ query, time });
      const result =
        query === 'sum(up)'
          ? [{ metric: {}, value: [Number(time), '3'] }]
          : [{ metric: { __name__: 'up', job: 'x' }, value: [Number(time), '1'] }];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, queries };
}

const RULES = `groups:
  - name: wiring
    interval: 1s
    rules:
      - alert: UpIsOne
        expr: up == 1
        annotations:
          total: 'total {{ query "sum(up)" | first | value }}'
          dynamic: '{{ query (printf "%s" "up") }}'
      - alert: UpAboveZero
        expr: up > 0
`;

function config(ds: string, sink: string, remoteTimeout: string): string {
  return `global:
  evaluation_interval: 1s
rule_files: [rules.yml]
datasource:
  url: ${ds}
remote_write:
  - url: ${ds}/api/v1/write
    remote_timeout: ${remoteTimeout}
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
receivers:
  - name: hook
    webhook_configs:
      - url: ${sink}/hook
`;
}

interface Payload {
  readonly externalURL: string;
  readonly alerts: ReadonlyArray<{ annotations: Record<string, string>; generatorURL: string }>;
}

describe('vigil run wiring', { timeout: 60_000 }, () => {
  it('exposes component metrics across a reload, folds queries, runs template queries, links with the bound port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-wiring-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const ds = await fakeDatasource();
    const sink = await startWebhookSink();
    cleanups.push(() => sink.close());
    const file = join(dir, 'vigil.yml');
    await writeFile(join(dir, 'rules.yml'), RULES);
    await writeFile(file, config(ds.url, sink.url, '10s'));
    const p = spawnVigil([
      'run',
      '--config',
      file,
      '--storage.path',
      join(dir, 'data'),
      '--web.listen-address',
      '127.0.0.1:0',
    ]);
    cleanups.push(() => p.stop().catch(() => null));
    await p.ready();
    const port = new URL(await p.url('')).port;

    const [req] = await sink
      .until('a notification of UpIsOne', (reqs) =>
        reqs.some((r) => payload(r).alerts.some((a) => a.labels['alertname'] === 'UpIsOne')),
      )
      .then((reqs) => reqs.filter((r) => payload(r).alerts.some((a) => a.labels['alertname'] === 'UpIsOne')));
    const body = req?.body as Payload;
    expect(body.externalURL).toBe(`http://${hostname()}:${port}`);
    expect(body.alerts[0]?.generatorURL).toMatch(
      new RegExp(`^http://${hostname()}:${port}/graph\\?g0\\.expr=`),
    );
    expect(body.alerts[0]?.annotations['total']).toBe('total 3');
    expect(body.alerts[0]?.annotations['dynamic']).toMatch(
      /^<error expanding template: error executing template __alert_UpIsOne: .*query "up" was not run/,
    );

    // Both threshold rules are answered by one query of `up`; `sum(up)` runs at the same slot.
    const exprs = new Set(ds.queries.map((q) => q.query));
    expect(exprs).toEqual(new Set(['up', 'sum(up)']));
    const total = ds.queries.find((q) => q.query === 'sum(up)');
    expect(ds.queries.some((q) => q.query === 'up' && q.time === total?.time)).toBe(true);

    const metrics = async (): Promise<string> => (await fetch(await p.url('/metrics'))).text();
    // The alert is sent during the group's evaluation; its metrics are set once it ends.
    let before = '';
    await vi.waitFor(
      async () => {
        before = await metrics();
        expect(before).toContain('vigil_rule_group_last_duration_seconds{rule_group=');
      },
      { timeout: 10_000, interval: 50 },
    );
    for (const name of [
      'vigil_rule_group_last_duration_seconds{rule_group=',
      'vigil_rule_evaluations_total{rule_group=',
      'vigil_notifications_total{integration="webhook"}',
      'vigil_remote_write_queue_capacity{',
    ])
      expect(before).toContain(name);

    // A reload that rebuilds the remote-write client and the receivers keeps the metrics working.
    await writeFile(file, config(ds.url, sink.url, '5s'));
    const reload = await fetch(await p.url('/-/reload'), { method: 'POST' });
    expect(reload.status).toBe(200);
    const after = await metrics();
    expect(metricValue(after, 'vigil_config_last_reload_successful')).toBe(1);
    expect(after).toContain('vigil_rule_group_last_duration_seconds{rule_group=');
    expect(after).toContain('vigil_notifications_total{integration="webhook"}');
    expect(p.log).not.toMatch(/already been registered/);
  });
});
