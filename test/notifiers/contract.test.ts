// The shared contract every notifier passes: retry on 5xx/network, not on permanent 4xx, honour
// Retry-After, give up at the flush deadline, and never leak its secret.
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationsApi } from '../../src/api/v1/notifications.js';
import { ManualClock } from '../../src/model/clock.js';
import { buildIntegrations, closeIntegrations } from '../../src/notifiers/build.js';
import type { ClosableIntegration } from '../../src/notifiers/build.js';
import { NotificationMetrics } from '../../src/notifiers/history/metrics.js';
import { recordingWrap } from '../../src/notifiers/history/recorder.js';
import { retryStage } from '../../src/router/pipeline/retry.js';
import type { IntegrationContext, SendResult } from '../../src/router/pipeline/types.js';
import { NotificationHistory } from '../../src/store/notification-history.js';
import { closedPort } from './fake-http.js';
import { CaptureLogger, flushCtx, loadReceiver, NOW, sampleAlerts, TEMPLATES } from './harness.js';
import type { Harness } from './services.js';
import { SERVICES, secretForms } from './services.js';

const SECRET = 'Zk9-s3cr3t-Qw7Tq2x';

interface Setup {
  harness: Harness;
  integration: ClosableIntegration;
  logger: CaptureLogger;
  registry: Registry;
  history: NotificationHistory;
  db: Database.Database;
}

let open: Setup[] = [];

afterEach(async () => {
  for (const s of open) {
    // Every attempt went through the recorder: its metrics, stored rows and API output stay clean.
    const app = Fastify();
    await app.register(notificationsApi(s.history));
    const api = (await app.inject({ url: '/api/v1/notifications' })).body;
    await app.close();
    expect(s.history.query().length).toBeGreaterThan(0);
    expectNoSecret(await s.registry.metrics(), api, ...s.logger.lines);
    await closeIntegrations([s.integration]);
    await s.harness.close();
    s.db.close();
  }
  open = [];
});

async function setup(type: string, reachable = true): Promise<Setup> {
  const svc = SERVICES.find((s) => s.type === type);
  if (!svc) throw new Error(type);
  const harness = await svc.start(SECRET, await closedPort());
  const logger = new CaptureLogger();
  const receiver = await loadReceiver(harness.yaml(reachable));
  const clock = new ManualClock(NOW);
  const db = new Database(':memory:');
  const history = new NotificationHistory(db, { retentionMs: 0, clock });
  const registry = new Registry();
  const [integration] = buildIntegrations(receiver, {
    templates: TEMPLATES,
    clock,
    logger,
    externalURL: 'http://vigil.example:9093',
    wrap: recordingWrap({ clock, sink: history, metrics: new NotificationMetrics(registry), logger }),
  });
  if (!integration) throw new Error('no integration built');
  const s = { harness, integration, logger, registry, history, db };
  open.push(s);
  return s;
}

function expectNoSecret(...texts: string[]): void {
  for (const t of texts) for (const f of secretForms(SECRET)) expect(t).not.toContain(f);
}

function errText(r: SendResult): string {
  return `${r.error?.message ?? ''} ${String(r.error?.stack ?? '')} ${JSON.stringify(r)}`;
}

function integrationCtx(s: Setup, signal: AbortSignal): IntegrationContext {
  return {
    ...flushCtx(signal),
    routeId: '{}',
    repeatIntervalMs: 4 * 3600_000,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    integration: s.integration,
    key: { groupKey: flushCtx().groupKey, receiver: 'r', integration: s.integration.type, index: 0 },
    firing: ['aaaa000000000001'],
    resolved: ['aaaa000000000002'],
  };
}

const types = SERVICES.map((s) => s.type);

describe.each(types)('notifier contract: %s', (type) => {
  it('succeeds on the service success reply', async () => {
    const s = await setup(type);
    const r = await s.integration.notifier.send(flushCtx(), sampleAlerts());
    expect(r.error).toBeUndefined();
    expect(s.harness.attempts()).toBe(1);
  });

  it('marks a server error as retryable without leaking the secret', async () => {
    const s = await setup(type);
    s.harness.set('transient');
    const r = await s.integration.notifier.send(flushCtx(), sampleAlerts());
    expect(r.retry).toBe(true);
    expect(r.error?.message).toContain(type);
    expectNoSecret(errText(r), ...s.logger.lines);
  });

  it('does not retry a permanent client error', async () => {
    const s = await setup(type);
    s.harness.set('permanent');
    const r = await s.integration.notifier.send(flushCtx(), sampleAlerts());
    expect(r.retry).toBe(false);
    expect(r.error).toBeInstanceOf(Error);
    expectNoSecret(errText(r), ...s.logger.lines);
  });

  it('retries network errors without leaking the secret', async () => {
    const s = await setup(type, false);
    const r = await s.integration.notifier.send(flushCtx(), sampleAlerts());
    expect(r.retry).toBe(true);
    expect(r.error).toBeInstanceOf(Error);
    expectNoSecret(errText(r), ...s.logger.lines);
  });

  it('gives up at the flush deadline', async () => {
    const s = await setup(type);
    s.harness.set('hang');
    const started = Date.now();
    const r = await s.integration.notifier.send(flushCtx(AbortSignal.timeout(300)), sampleAlerts());
    expect(r.error).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(5000);
    expectNoSecret(errText(r));
  });

  it('through the retry stage: retries 5xx until success, stops at once on 4xx', async () => {
    const s = await setup(type);
    const outcomes: string[] = [];
    const stage = retryStage(
      async () => {
        if (s.harness.attempts() >= 2) s.harness.set('ok');
      },
      undefined,
      {
        sent: (_k, _a, _at, o) => outcomes.push(JSON.stringify(o)),
      },
    );
    s.harness.set('transient');
    await stage(integrationCtx(s, new AbortController().signal), sampleAlerts());
    expect(s.harness.attempts()).toBe(3);
    s.harness.set('permanent');
    const err = await stage(integrationCtx(s, new AbortController().signal), sampleAlerts()).then(
      () => new Error('expected a failure'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toContain('unrecoverable error after 1 attempts');
    expect(s.harness.attempts()).toBe(4);
    expectNoSecret(err.message, ...outcomes, ...s.logger.lines);
  });
});

describe.each(SERVICES.filter((s) => s.rateLimit).map((s) => s.type))(
  'notifier contract: %s rate limit',
  (type) => {
    it('retries a 429 after the Retry-After the service asked for', async () => {
      const s = await setup(type);
      s.harness.set('rate-limited');
      const r = await s.integration.notifier.send(flushCtx(), sampleAlerts());
      expect(r.retry).toBe(true);
      expect(r.retryAfterMs).toBe(7000);
      expectNoSecret(errText(r));
    });
  },
);
