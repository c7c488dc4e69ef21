import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertmanagerClient, toAPIv2 } from '../../src/notifiers/alertmanager-client.js';
import { startServer } from './http-fixture.js';
import { waitFor } from './prometheus-harness.js';
import { alertmanagerAvailable, startAlertmanager } from './am-harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const alert = (name: string, endsAtMs = 1_700_000_040_000) => ({
  labels: { alertname: name, severity: 'page' },
  annotations: { summary: 's' },
  startsAtMs: 1_700_000_000_000,
  endsAtMs,
  generatorURL: 'http://vigil/graph?g0.expr=up&g0.tab=1',
});

describe('AlertmanagerClient', () => {
  it('builds the API v2 body as Prometheus does', () => {
    expect(toAPIv2([alert('A')])).toEqual([
      {
        labels: { alertname: 'A', severity: 'page' },
        annotations: { summary: 's' },
        startsAt: '2023-11-14T22:13:20.000Z',
        endsAt: '2023-11-14T22:14:00.000Z',
        generatorURL: 'http://vigil/graph?g0.expr=up&g0.tab=1',
      },
    ]);
  });

  it('batches to every Alertmanager, adds external labels where missing, relabels, and counts', async () => {
    const a = await startServer((_r, res) => res.writeHead(200).end());
    const b = await startServer((_r, res) => res.writeHead(500).end());
    cleanups.push(a.close, b.close);
    const registry = new Registry();
    const c = new AlertmanagerClient({
      urls: [`${a.url}/api/v2/alerts`, `${b.url}/prefix/api/v2/alerts`],
      batchSize: 2,
      externalLabels: { cluster: 'c1', severity: 'ignored' },
      relabel: (l) => (l['alertname'] === 'Drop' ? undefined : l),
      registry,
    });
    cleanups.push(() => c.close());
    c.send([alert('A'), alert('B'), alert('C'), alert('Drop')]);
    await c.flush();
    expect(a.requests.map((r) => (JSON.parse(r.body.toString()) as unknown[]).length)).toEqual([2, 1]);
    expect(b.requests.map((r) => r.url)).toEqual(['/prefix/api/v2/alerts', '/prefix/api/v2/alerts']);
    const first = JSON.parse(a.requests[0]?.body.toString() ?? '[]') as Array<{
      labels: Record<string, string>;
    }>;
    expect(first[0]?.labels).toEqual({ alertname: 'A', severity: 'page', cluster: 'c1' });
    const text = await registry.metrics();
    expect(text).toMatch(/vigil_notifications_sent_total\{alertmanager="[^"]+:\d+\/api\/v2\/alerts"\} 3/);
    expect(text).toMatch(
      /vigil_notifications_errors_total\{alertmanager="[^"]+\/prefix\/api\/v2\/alerts"\} 3/,
    );
    expect(text).toMatch(/vigil_notifications_dropped_total 1/);
  });

  it('drops the oldest alerts when the queue is full', async () => {
    const s = await startServer((_r, res) => res.writeHead(200).end());
    cleanups.push(s.close);
    const c = new AlertmanagerClient({ urls: [`${s.url}/api/v2/alerts`], queueCapacity: 2, batchSize: 10 });
    cleanups.push(() => c.close());
    c.send([alert('A'), alert('B'), alert('C')]);
    await c.flush();
    const names = s.requests.flatMap((r) =>
      (JSON.parse(r.body.toString()) as Array<{ labels: { alertname: string } }>).map(
        (x) => x.labels.alertname,
      ),
    );
    expect(names).toEqual(['B', 'C']);
  });
});

describe.runIf(alertmanagerAvailable())('against a real Alertmanager 0.25', () => {
  it('alerts appear in /api/v2/alerts with the sent startsAt and endsAt', async () => {
    const am = await startAlertmanager();
    cleanups.push(am.stop);
    const now = Date.now();
    const c = new AlertmanagerClient({ urls: [`${am.url}/api/v2/alerts`] });
    cleanups.push(() => c.close());
    c.send([{ ...alert('VigilIT'), startsAtMs: now - 60_000, endsAtMs: now + 3_600_000 }]);
    await c.flush();
    const got = await waitFor('alert in alertmanager', async () =>
      (await am.alerts()).find((a) => a.labels['alertname'] === 'VigilIT'),
    );
    expect(Date.parse(got.startsAt)).toBe(now - 60_000);
    expect(Date.parse(got.endsAt)).toBe(now + 3_600_000);
  });
});
