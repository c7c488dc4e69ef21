// The ruler end to end as a real process against a real Prometheus scraping a test exporter:
// recording results come back through remote write, an alert goes pending → firing and reaches
// the in-process router's webhook, a datasource outage never resolves an alert, and a kill -9
// during `for` still fires at the original time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager } from '../helpers/alertmanager.js';
import { startExporter, startPrometheus } from '../helpers/prometheus.js';
import type { TestExporter, TestPrometheus } from '../helpers/prometheus.js';
import { haveBinary } from '../helpers/tools.js';
import { assertBuilt, spawnVigil, waitFor } from '../helpers/vigil-process.js';
import type { VigilProcess } from '../helpers/vigil-process.js';
import { payload, startWebhookSink } from '../helpers/webhook-sink.js';
import type { SinkRequest, WebhookSink } from '../helpers/webhook-sink.js';

const PROMETHEUS = '/usr/bin/prometheus';
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const hasPrometheus = haveBinary(PROMETHEUS);
const hasAlertmanager = hasPrometheus && haveBinary(ALERTMANAGER);

function rules(forSeconds: number): string {
  return `groups:
  - name: e2e
    interval: 1s
    rules:
      - record: e2e:doubled
        expr: e2e_value * 2
      - alert: E2EHigh
        expr: e2e:doubled > 10
        for: ${forSeconds}s
        labels:
          severity: page
        annotations:
          summary: 'value {{ $value }} from {{ $labels.source }}'
`;
}

function vigilConfig(prometheusUrl: string, sinkUrl: string): string {
  return `global:
  evaluation_interval: 1s
rule_files: [rules.yml]
datasource:
  url: ${prometheusUrl}
remote_write:
  - url: ${prometheusUrl}/api/v1/write
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: ${sinkUrl}/hook
`;
}

interface ApiAlert {
  labels: Record<string, string>;
  state: string;
  activeAt: string;
}
interface ApiRule {
  name: string;
  health: string;
  lastError?: string;
}

interface Env {
  dir: string;
  exporter: TestExporter;
  prometheus: TestPrometheus;
  sink: WebhookSink;
  configFile: string;
}

let cleanups: Array<() => Promise<unknown>> = [];

async function setup(forSeconds: number): Promise<Env> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-ruler-e2e-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const exporter = await startExporter(5);
  cleanups.push(() => exporter.close());
  const prometheus = await startPrometheus(PROMETHEUS, exporter.target);
  cleanups.push(() => prometheus.destroy());
  const sink = await startWebhookSink();
  cleanups.push(() => sink.close());
  await writeFile(join(dir, 'rules.yml'), rules(forSeconds));
  const configFile = join(dir, 'vigil.yml');
  await writeFile(configFile, vigilConfig(prometheus.url, sink.url));
  return { dir, exporter, prometheus, sink, configFile };
}

/** The same config without the in-process router, sending to an external Alertmanager instead. */
async function useExternalAlertmanager(env: Env, target: string): Promise<void> {
  await writeFile(
    env.configFile,
    `global:\n  evaluation_interval: 1s\n  external_labels: {site: e2e}\nrule_files: [rules.yml]\n` +
      `datasource:\n  url: ${env.prometheus.url}\n` +
      `remote_write:\n  - url: ${env.prometheus.url}/api/v1/write\n` +
      `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${target}']\n`,
  );
}

async function startVigil(env: Env): Promise<{ p: VigilProcess; base: string }> {
  const p = spawnVigil([
    'run',
    '--config',
    env.configFile,
    '--storage.path',
    join(env.dir, 'data'),
    '--web.listen-address',
    '127.0.0.1:0',
  ]);
  cleanups.push(() => p.stop().catch(() => null));
  await p.ready();
  return { p, base: await p.url('') };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

async function alerts(base: string): Promise<ApiAlert[]> {
  const body = await getJson<{ data: { alerts: ApiAlert[] } }>(`${base}/api/v1/alerts`);
  return body.data.alerts.filter((a) => a.labels['alertname'] === 'E2EHigh');
}

async function ruleList(base: string): Promise<ApiRule[]> {
  const body = await getJson<{ data: { groups: Array<{ rules: ApiRule[] }> } }>(`${base}/api/v1/rules`);
  return body.data.groups.flatMap((g) => g.rules);
}

function waitState(base: string, state: string, timeoutMs = 30_000): Promise<ApiAlert> {
  return waitFor(
    `E2EHigh ${state}`,
    async () => (await alerts(base)).find((a) => a.state === state),
    timeoutMs,
  );
}

function notified(reqs: readonly SinkRequest[], name: string, status: string): boolean {
  return reqs.some((r) =>
    payload(r).alerts.some((a) => a.labels['alertname'] === name && a.status === status),
  );
}

beforeAll(() => {
  assertBuilt();
});

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe.skipIf(!hasPrometheus)('ruler end to end (real Prometheus)', { timeout: 120_000 }, () => {
  it('writes recording results back, fires an alert through the router, reports health ok', async () => {
    const env = await setup(3);
    const { base } = await startVigil(env);
    await waitFor('e2e:doubled = 10 in Prometheus via remote write', async () => {
      const r = await env.prometheus.query('e2e:doubled');
      return r[0]?.value[1] === '10' ? r[0] : undefined;
    });
    env.exporter.value = 7;
    const pending = await waitState(base, 'pending');
    const firing = await waitState(base, 'firing');
    expect(firing.activeAt).toBe(pending.activeAt);
    const reqs = await env.sink.until('the firing notification', (r) => notified(r, 'E2EHigh', 'firing'));
    const alert = reqs.flatMap((r) => payload(r).alerts).find((a) => a.labels['alertname'] === 'E2EHigh');
    expect(alert?.labels).toMatchObject({ severity: 'page', source: 'test', job: 'e2e' });
    expect(alert?.annotations['summary']).toBe('value 14 from test');
    const firedAt = Date.parse(alert?.startsAt ?? '');
    expect(firedAt - Date.parse(pending.activeAt)).toBeGreaterThanOrEqual(3000);
    const health = (await ruleList(base)).map((r) => [r.name, r.health]);
    expect(health).toEqual([
      ['e2e:doubled', 'ok'],
      ['E2EHigh', 'ok'],
    ]);
  });

  it('keeps a firing alert and raises VigilRuleEvaluationFailing while Prometheus is down, then recovers', async () => {
    const env = await setup(1);
    env.exporter.value = 7;
    const { base } = await startVigil(env);
    const firing = await waitState(base, 'firing');
    await env.sink.until('the firing notification', (r) => notified(r, 'E2EHigh', 'firing'));
    await env.prometheus.stop();
    await waitFor('health err', async () => {
      const rs = await ruleList(base);
      return rs.every((r) => r.health === 'err') ? rs : undefined;
    });
    const reqs = await env.sink.until('VigilRuleEvaluationFailing', (r) =>
      notified(r, 'VigilRuleEvaluationFailing', 'firing'),
    );
    const still = await alerts(base);
    expect(still).toEqual([expect.objectContaining({ state: 'firing', activeAt: firing.activeAt })]);
    expect(notified(reqs, 'E2EHigh', 'resolved')).toBe(false);
    expect((await ruleList(base))[1]?.lastError).toMatch(/ECONNREFUSED|connect/);

    await env.prometheus.restart();
    await waitFor('health ok again', async () => {
      const rs = await ruleList(base);
      return rs.every((r) => r.health === 'ok') ? rs : undefined;
    });
    expect(await alerts(base)).toEqual([
      expect.objectContaining({ state: 'firing', activeAt: firing.activeAt }),
    ]);
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'fires at the original time after %s during for',
    async (signal) => {
      const forSeconds = 10;
      const env = await setup(forSeconds);
      env.exporter.value = 7;
      const first = await startVigil(env);
      const pending = await waitState(first.base, 'pending');
      first.p.signal(signal);
      await first.p.exited();
      const second = await startVigil(env);
      const restored = await waitState(second.base, 'pending');
      expect(restored.activeAt).toBe(pending.activeAt);
      const reqs = await env.sink.until(
        'the firing notification',
        (r) => notified(r, 'E2EHigh', 'firing'),
        40_000,
      );
      const alert = reqs.flatMap((r) => payload(r).alerts).find((a) => a.labels['alertname'] === 'E2EHigh');
      const due = Date.parse(pending.activeAt) + forSeconds * 1000;
      // Fires at the first evaluation at or after activeAt + for (1s interval, plus slack).
      expect(Date.parse(alert?.startsAt ?? '')).toBeGreaterThanOrEqual(due);
      expect(Date.parse(alert?.startsAt ?? '')).toBeLessThanOrEqual(due + 2500);
    },
  );

  it.skipIf(!hasAlertmanager)(
    'sends firing alerts to a real Alertmanager 0.25 with their startsAt and endsAt',
    async () => {
      const env = await setup(2);
      const am = await startAlertmanager(ALERTMANAGER);
      cleanups.push(() => am.stop());
      await useExternalAlertmanager(env, am.target);
      env.exporter.value = 7;
      const { base } = await startVigil(env);
      const pending = await waitState(base, 'pending');
      const [received] = await waitFor('the alert in Alertmanager', async () => {
        const list = (await am.alerts()).filter((a) => a.labels['alertname'] === 'E2EHigh');
        return list.length > 0 ? list : undefined;
      });
      expect(received?.labels).toMatchObject({
        alertname: 'E2EHigh',
        severity: 'page',
        site: 'e2e',
        source: 'test',
      });
      expect(received?.annotations).toEqual({ summary: 'value 14 from test' });
      const startsAt = Date.parse(received?.startsAt ?? '');
      expect(startsAt).toBeGreaterThanOrEqual(Date.parse(pending.activeAt) + 2000);
      // Prometheus' endsAt: four times max(interval, resend delay 1m) after the send.
      expect(Date.parse(received?.endsAt ?? '') - startsAt).toBeGreaterThanOrEqual(4 * 60_000 - 2000);
      expect(received?.generatorURL).toContain('/graph?g0.expr=');
    },
  );

  it('restores pending state from ALERTS_FOR_STATE when it starts with an empty store', async () => {
    const env = await setup(20 * 60);
    env.exporter.value = 7;
    const first = await startVigil(env);
    const pending = await waitState(first.base, 'pending');
    // ALERTS_FOR_STATE holds activeAt in whole seconds, as Prometheus writes it.
    const activeAtS = Math.floor(Date.parse(pending.activeAt) / 1000);
    // Wait until Prometheus holds ALERTS_FOR_STATE samples covering 10s of the pending phase.
    await waitFor('10s of ALERTS_FOR_STATE history', async () => {
      const [s] = await env.prometheus.query('ALERTS_FOR_STATE{alertname="E2EHigh"}');
      return s && Number(s.value[1]) === activeAtS && s.value[0] - activeAtS >= 10 ? s : undefined;
    });
    first.p.signal('SIGKILL');
    await first.p.exited();
    const restartedAt = Date.now();
    const second = await startVigil({ ...env, dir: join(env.dir, 'fresh') });
    // The first evaluation creates the alert anew; the restore right after it moves activeAt back
    // by the 10s of pending the first process had (downtime is not counted, as in Prometheus).
    // Without the restore, activeAt could not be earlier than the second process's start.
    const restored = await waitFor('activeAt restored from ALERTS_FOR_STATE', async () =>
      (await alerts(second.base)).find((a) => a.state === 'pending' && Date.parse(a.activeAt) < restartedAt),
    );
    expect(Date.parse(restored.activeAt)).toBeGreaterThanOrEqual(activeAtS * 1000);
  });
});
