// Through the router: the seed Alertmanager config's receivers deliver to a real SMTP server and a
// Slack-speaking server, rendered with the seed's templates, and every send lands in the history.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { systemClock } from '../../src/model/clock.js';
import { buildIntegrations, closeIntegrations } from '../../src/notifiers/build.js';
import type { ClosableIntegration } from '../../src/notifiers/build.js';
import { recordingWrap } from '../../src/notifiers/history/recorder.js';
import { prepareAlerts } from '../../src/router/alerts/intake.js';
import { AlertStore } from '../../src/router/alerts/store.js';
import { Dispatcher } from '../../src/router/dispatch/dispatcher.js';
import { buildRouteTree, routeSpecFromConfig } from '../../src/router/dispatch/route.js';
import { Scheduler } from '../../src/router/dispatch/scheduler.js';
import { MemoryNflog, noMuter, noTimeIntervals } from '../../src/router/pipeline/memory.js';
import { buildPipeline } from '../../src/router/pipeline/pipeline.js';
import type { Receiver } from '../../src/router/pipeline/types.js';
import { NotificationHistory } from '../../src/store/notification-history.js';
import { openStore } from '../../src/store/store.js';
import { FakeHttp } from './fake-http.js';
import { FakeSmtp } from './fake-smtp.js';
import { CaptureLogger, TEMPLATES } from './harness.js';

const SEED = '/work/shared/examples/seeds/monitoring-alertmanager.yml';
const PASSWORD = 'seed-Pa55word-q1';
let cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('seed config through the router', () => {
  it('delivers a critical alert by email and Slack and records both sends', async () => {
    const smtp = await FakeSmtp.start('alerts@example.com', PASSWORD);
    const slack = await FakeHttp.start();
    cleanup.push(
      () => smtp.close(),
      () => slack.close(),
    );
    const dir = mkdtempSync(join(tmpdir(), 'vigil-seed-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const yaml = readFileSync(SEED, 'utf8')
      .replace(
        "smtp_smarthost: 'localhost:587'",
        `smtp_smarthost: '127.0.0.1:${smtp.port}'\n  smtp_tls_config:\n    insecure_skip_verify: true`,
      )
      .replace("smtp_auth_password: 'password'", `smtp_auth_password: '${PASSWORD}'`)
      .replace(/https:\/\/hooks\.slack\.com\/services\/YOUR\/SLACK\/WEBHOOK/g, `${slack.url}/services/T/B/C`)
      .replace('http://webhook:5001/', `${slack.url}/webhook`)
      .replace('group_wait: 10s', 'group_wait: 50ms');
    writeFileSync(join(dir, 'alertmanager.yml'), yaml);
    const { config, diagnostics } = await loadConfig([join(dir, 'alertmanager.yml')]);
    if (!config?.route) throw new Error(diagnostics.map((d) => d.message).join('; '));

    const store = openStore(':memory:');
    cleanup.push(() => store.close());
    const history = new NotificationHistory(store.db, { retentionMs: 0, clock: systemClock });
    const logger = new CaptureLogger();
    const built: ClosableIntegration[] = [];
    const receivers = new Map<string, Receiver>();
    for (const r of config.receivers) {
      const integrations = buildIntegrations(r, {
        templates: TEMPLATES,
        clock: systemClock,
        logger,
        wrap: recordingWrap({ clock: systemClock, sink: history, logger }),
      });
      built.push(...integrations);
      receivers.set(r.name, { name: r.name, integrations });
    }
    cleanup.push(() => closeIntegrations(built));
    const flush = buildPipeline({
      receivers,
      inhibitor: noMuter,
      silencer: noMuter,
      timeIntervals: noTimeIntervals,
      nflog: new MemoryNflog(),
      clock: systemClock,
      retentionMs: 120 * 3600_000,
      logger,
    });
    const alerts = new AlertStore();
    const scheduler = new Scheduler(systemClock);
    const dispatcher = new Dispatcher({
      route: buildRouteTree(routeSpecFromConfig(config.route)),
      source: alerts,
      clock: systemClock,
      scheduler,
      flush,
    });
    dispatcher.start();
    cleanup.push(() => {
      dispatcher.stop();
      scheduler.stop();
    });

    const prepared = prepareAlerts(
      [
        {
          labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'api' },
          annotations: { summary: 'Error rate 12%', description: 'api 5xx > 5%' },
        },
      ],
      systemClock.now(),
      300_000,
    );
    alerts.put(prepared.alerts, systemClock.now());

    await vi.waitFor(
      () => {
        expect(smtp.received).toHaveLength(1);
        expect(slack.requests.filter((r) => r.path === '/services/T/B/C')).toHaveLength(1);
        expect(history.query({ receiver: 'critical-alerts' })).toHaveLength(2);
      },
      { timeout: 10_000, interval: 50 },
    );
    const mail = smtp.received[0]?.mail;
    expect(mail?.subject).toBe('CRITICAL: HighErrorRate');
    expect(mail?.text).toContain('Alert: Error rate 12%');
    expect(mail?.text).toContain('Description: api 5xx > 5%');
    expect(smtp.received[0]?.envelopeTo).toEqual(['critical@example.com']);
    const slackBody = slack.requests.find((r) => r.path === '/services/T/B/C')?.json;
    expect(slackBody).toMatchObject({
      channel: '#critical-alerts',
      attachments: [{ title: 'Critical Alert', text: 'Error rate 12%', color: 'danger' }],
    });
    expect(
      history
        .query({ receiver: 'critical-alerts' })
        .map((a) => [a.integration, a.outcome])
        .sort(),
    ).toEqual([
      ['email', 'success'],
      ['slack', 'success'],
    ]);
    for (const line of logger.lines) expect(line).not.toContain(PASSWORD);
  });
});
