// Notification history end to end: recorded attempts in SQLite, metrics, the API, and no secrets anywhere.
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationsApi } from '../../src/api/v1/notifications.js';
import { ManualClock } from '../../src/model/clock.js';
import { buildIntegrations, closeIntegrations } from '../../src/notifiers/build.js';
import { NotificationMetrics } from '../../src/notifiers/history/metrics.js';
import { recordingWrap } from '../../src/notifiers/history/recorder.js';
import { retryStage } from '../../src/router/pipeline/retry.js';
import type { Integration, IntegrationContext } from '../../src/router/pipeline/types.js';
import { NotificationHistory } from '../../src/store/notification-history.js';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/store.js';
import { FakeHttp } from './fake-http.js';
import { CaptureLogger, flushCtx, loadReceiver, NOW, sampleAlerts, TEMPLATES } from './harness.js';
import { secretForms } from './services.js';

const SECRET = 'hist-S3CRET-tok3n';
let cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

function ictx(integration: Integration): IntegrationContext {
  return {
    ...flushCtx(),
    routeId: '{}',
    repeatIntervalMs: 3600_000,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    integration,
    key: {
      groupKey: flushCtx().groupKey,
      receiver: 'r',
      integration: integration.type,
      index: integration.index,
    },
    firing: ['aaaa000000000001'],
    resolved: [],
  };
}

async function world(): Promise<{
  store: Store;
  history: NotificationHistory;
  registry: Registry;
  logger: CaptureLogger;
  clock: ManualClock;
  fake: FakeHttp;
  integrations: Integration[];
}> {
  const store = openStore(':memory:');
  const clock = new ManualClock(NOW);
  const history = new NotificationHistory(store.db, {
    retentionMs: 24 * 3600_000,
    clock,
    registerMigrations: (d, m) => store.registerMigrations(d, m),
  });
  const registry = new Registry();
  const logger = new CaptureLogger();
  const fake = await FakeHttp.start();
  const receiver = await loadReceiver(
    `  slack_configs:\n  - api_url: '${fake.url}/services/T/B/${SECRET}'\n  webhook_configs:\n  - url: '${fake.url}/hook?token=${SECRET}'\n`,
  );
  const integrations = buildIntegrations(receiver, {
    templates: TEMPLATES,
    clock,
    logger,
    wrap: recordingWrap({ clock, sink: history, metrics: new NotificationMetrics(registry), logger }),
  });
  cleanup.push(async () => {
    await closeIntegrations(integrations);
    await fake.close();
    store.close();
  });
  return { store, history, registry, logger, clock, fake, integrations };
}

describe('notification history', () => {
  it('records every attempt with outcome, error and latency, and serves it filtered', async () => {
    const w = await world();
    let calls = 0;
    w.fake.answer = (req) =>
      req.path.startsWith('/services') && ++calls === 1
        ? { status: 503, body: 'no_service' }
        : { status: 200, body: 'ok' };
    const stage = retryStage(async () => undefined);
    for (const i of w.integrations) await stage(ictx(i), sampleAlerts());

    const all = w.history.query();
    expect(all.map((a) => [a.integration, a.outcome])).toEqual([
      ['webhook', 'success'],
      ['slack', 'success'],
      ['slack', 'retry'],
    ]);
    const failed = w.history.query({ outcome: 'retry' })[0];
    expect(failed).toMatchObject({
      receiver: 'r',
      integration: 'slack',
      index: 0,
      groupKey: flushCtx().groupKey,
      // Slack's send_resolved defaults to false: the retry stage sends the firing alert only.
      fingerprints: ['aaaa000000000001'],
      firing: 1,
      resolved: 0,
      time: NOW,
      error: 'slack: unexpected status code 503: no_service',
    });
    expect(failed?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(w.history.query({ integration: 'webhook' })[0]).toMatchObject({ firing: 1, resolved: 1 });
    expect(w.history.query({ receiver: 'other' })).toHaveLength(0);
    expect(w.history.query({ limit: 1 })).toHaveLength(1);

    const app = Fastify();
    await app.register(notificationsApi(w.history));
    const res = await app.inject({ url: '/api/v1/notifications?integration=slack&outcome=retry' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      status: string;
      data: Array<{ outcome: string; time: string; alerts: { count: number } }>;
    }>();
    expect(body.status).toBe('success');
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      outcome: 'retry',
      time: new Date(NOW).toISOString(),
      alerts: { count: 1 },
    });
    for (const [query, reason] of [
      ['since=bogus', 'invalid since/until time'],
      ['outcome=maybe', 'outcome'],
      ['limit=lots', 'limit'],
    ]) {
      const bad = await app.inject({ url: `/api/v1/notifications?${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json(), query).toMatchObject({ status: 'error', errorType: 'bad_data' });
      expect(bad.json<{ error: string }>().error, query).toContain(reason);
    }
    const sinceLater = await app.inject({ url: `/api/v1/notifications?since=${(NOW + 1000) / 1000}` });
    expect(sinceLater.json<{ data: unknown[] }>().data).toHaveLength(0);

    const metrics = await w.registry.metrics();
    expect(metrics).toContain('vigil_notifications_total{integration="slack"} 2');
    expect(metrics).toContain('vigil_notifications_failed_total{integration="slack",reason="serverError"} 1');
    expect(metrics).toContain('vigil_notification_latency_seconds_count{integration="webhook"} 1');

    const everything = [
      res.body,
      (await app.inject({ url: '/api/v1/notifications' })).body,
      metrics,
      ...w.logger.lines,
    ];
    for (const text of everything) for (const f of secretForms(SECRET)) expect(text).not.toContain(f);
    await app.close();
  });

  it('keeps no secret in a stored network error and prunes past the retention', async () => {
    const w = await world();
    await w.fake.close();
    const slack = w.integrations.find((i) => i.type === 'slack');
    if (!slack) throw new Error('no slack');
    const r = await slack.notifier.send(flushCtx(), sampleAlerts());
    expect(r.retry).toBe(true);
    const [row] = w.history.query();
    expect(row?.outcome).toBe('retry');
    for (const f of secretForms(SECRET)) expect(row?.error ?? '').not.toContain(f);
    const metrics = await w.registry.metrics();
    expect(metrics).toContain('vigil_notifications_failed_total{integration="slack",reason="other"} 1');

    w.clock.advance(25 * 3600_000);
    expect(w.history.prune()).toBe(1);
    expect(w.history.query()).toHaveLength(0);
  });
});
