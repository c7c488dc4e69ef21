// Each service's fake checks the request against the service's documented payload.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Receiver } from '../../src/config/types.js';
import type { Alert } from '../../src/model/alert.js';
import { ManualClock } from '../../src/model/clock.js';
import { buildIntegrations, closeIntegrations } from '../../src/notifiers/build.js';
import type { Captured } from './fake-http.js';
import { FakeHttp, json } from './fake-http.js';
import { flushCtx, loadReceiver, NOW, sampleAlerts, TEMPLATES } from './harness.js';

const GROUP_HASH = createHash('sha256').update(flushCtx().groupKey).digest('hex');
const SUBJECT = '[FIRING:1] HighLatency (api critical)';
let fake: FakeHttp;
let closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of closers) await c();
  closers = [];
});

async function sendOnce(yaml: (base: string) => string, alerts: Alert[] = sampleAlerts()): Promise<Captured> {
  fake = await FakeHttp.start();
  const receiver: Receiver = await loadReceiver(yaml(fake.url));
  const [integration] = buildIntegrations(receiver, {
    templates: TEMPLATES,
    clock: new ManualClock(NOW),
    externalURL: 'http://vigil.example:9093',
  });
  if (!integration) throw new Error('no integration');
  const f = fake;
  closers.push(async () => {
    await closeIntegrations([integration]);
    await f.close();
  });
  const r = await integration.notifier.send(flushCtx(), alerts);
  expect(r.error).toBeUndefined();
  const [req] = fake.requests;
  if (!req) throw new Error('no request');
  return req;
}

const resolvedOnly = (): Alert[] => sampleAlerts().filter((a) => a.endsAt !== 0);

describe('slack', () => {
  it("posts Alertmanager's attachment to an incoming webhook", async () => {
    const req = await sendOnce(
      (b) =>
        `  slack_configs:\n  - api_url: '${b}/services/T1/B1/xyz'\n    channel: '#ops'\n    fields:\n    - title: sev\n      value: '{{ .CommonLabels.severity }}'\n    actions:\n    - type: button\n      text: Runbook\n      url: 'http://runbook/{{ .GroupLabels.alertname }}'\n`,
    );
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/services/T1/B1/xyz');
    expect(req.headers['content-type']).toContain('application/json');
    expect(req.json).toEqual({
      channel: '#ops',
      username: 'Alertmanager',
      attachments: [
        {
          title: SUBJECT,
          title_link: 'http://vigil.example:9093/#/alerts?receiver=r',
          text: '',
          fallback: `${SUBJECT} | http://vigil.example:9093/#/alerts?receiver=r`,
          color: 'danger',
          fields: [{ title: 'sev', value: 'critical', short: false }],
          actions: [{ type: 'button', text: 'Runbook', url: 'http://runbook/HighLatency' }],
          mrkdwn_in: ['fallback', 'pretext', 'text'],
        },
      ],
    });
  });

  it('uses chat.postMessage with the bot token as a Bearer header', async () => {
    fake = await FakeHttp.start();
    fake.answer = () => json(200, { ok: false, error: 'channel_not_found' });
    const receiver = await loadReceiver(
      `  slack_configs:\n  - api_url: '${fake.url}/api/chat.postMessage'\n    channel: '#nope'\n    http_config:\n      authorization:\n        credentials: xoxb-bot-token\n`,
    );
    const [i] = buildIntegrations(receiver, { templates: TEMPLATES, clock: new ManualClock(NOW) });
    const f = fake;
    closers.push(async () => {
      await closeIntegrations(i ? [i] : []);
      await f.close();
    });
    const r = await i?.notifier.send(flushCtx(), sampleAlerts());
    expect(fake.requests[0]?.headers['authorization']).toBe('Bearer xoxb-bot-token');
    expect(r?.retry).toBe(false);
    expect(r?.error?.message).toBe('slack: error response from Slack: channel_not_found');
    expect(r?.error?.message).not.toContain('xoxb');
  });

  it('reports invalid_payload from a webhook as permanent', async () => {
    fake = await FakeHttp.start();
    fake.answer = () => ({ status: 400, body: 'invalid_payload' });
    const receiver = await loadReceiver(`  slack_configs:\n  - api_url: '${fake.url}/services/T/B/C'\n`);
    const [i] = buildIntegrations(receiver, { templates: TEMPLATES, clock: new ManualClock(NOW) });
    const f = fake;
    closers.push(async () => {
      await closeIntegrations(i ? [i] : []);
      await f.close();
    });
    const r = await i?.notifier.send(flushCtx(), sampleAlerts());
    expect(r).toMatchObject({ retry: false });
    expect(r?.error?.message).toBe('slack: unexpected status code 400: invalid_payload');
  });
});

describe('template errors', () => {
  it('fail permanently without a request, naming the field', async () => {
    fake = await FakeHttp.start();
    const receiver = await loadReceiver(
      `  slack_configs:\n  - api_url: '${fake.url}/services/T/B/C'\n    title: '{{ template "nope" . }}'\n`,
    );
    const [i] = buildIntegrations(receiver, { templates: TEMPLATES, clock: new ManualClock(NOW) });
    const f = fake;
    closers.push(async () => {
      await closeIntegrations(i ? [i] : []);
      await f.close();
    });
    const r = await i?.notifier.send(flushCtx(), sampleAlerts());
    expect(r?.retry).toBe(false);
    expect(r?.error?.message).toMatch(/^slack: template error in title: /);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('pagerduty', () => {
  it('sends an Events API v2 trigger with the group hash as dedup_key', async () => {
    const req = await sendOnce(
      (b) =>
        `  pagerduty_configs:\n  - routing_key: 'R0UT1NGKEY'\n    url: '${b}/v2/enqueue'\n    severity: '{{ .CommonLabels.severity }}'\n`,
    );
    expect(req.path).toBe('/v2/enqueue');
    expect(req.json).toMatchObject({
      routing_key: 'R0UT1NGKEY',
      dedup_key: GROUP_HASH,
      event_action: 'trigger',
      client: 'Alertmanager',
      client_url: 'http://vigil.example:9093/#/alerts?receiver=r',
      payload: {
        summary: SUBJECT,
        source: 'Alertmanager',
        severity: 'critical',
        custom_details: { num_firing: '1', num_resolved: '1' },
      },
    });
  });

  it('resolves when the whole group is resolved', async () => {
    const req = await sendOnce(
      (b) => `  pagerduty_configs:\n  - routing_key: 'R0UT1NGKEY'\n    url: '${b}/v2/enqueue'\n`,
      resolvedOnly(),
    );
    expect(req.json).toMatchObject({ event_action: 'resolve', dedup_key: GROUP_HASH });
  });
});

describe('opsgenie', () => {
  it('creates an alert with GenieKey auth, alias, details and responders', async () => {
    const req = await sendOnce(
      (b) =>
        `  opsgenie_configs:\n  - api_key: 'g3n1e'\n    api_url: '${b}/'\n    tags: 'a, b,,c'\n    priority: P1\n    responders:\n    - name: 'sre,dba'\n      type: teams\n`,
    );
    expect(req.path).toBe('/v2/alerts');
    expect(req.headers['authorization']).toBe('GenieKey g3n1e');
    expect(req.json).toMatchObject({
      alias: GROUP_HASH,
      message: SUBJECT,
      source: 'http://vigil.example:9093/#/alerts?receiver=r',
      details: { alertname: 'HighLatency', service: 'api', severity: 'critical' },
      tags: ['a', 'b', 'c'],
      priority: 'P1',
      responders: [
        { name: 'sre', type: 'team' },
        { name: 'dba', type: 'team' },
      ],
    });
  });

  it('closes the alert by alias when resolved', async () => {
    const req = await sendOnce(
      (b) => `  opsgenie_configs:\n  - api_key: 'g3n1e'\n    api_url: '${b}'\n`,
      resolvedOnly(),
    );
    expect(req.path).toBe(`/v2/alerts/${GROUP_HASH}/close?identifierType=alias`);
  });
});

describe('msteams, discord, telegram', () => {
  it('posts a MessageCard to Teams', async () => {
    const req = await sendOnce((b) => `  msteams_configs:\n  - webhook_url: '${b}/webhookb2/x'\n`);
    expect(req.json).toMatchObject({
      '@context': 'http://schema.org/extensions',
      type: 'MessageCard',
      title: SUBJECT,
      summary: SUBJECT,
      themeColor: '8C1A1A',
    });
    expect((req.json as { text: string }).text).toContain('Alerts Firing');
  });

  it('posts an Adaptive Card to a Teams workflow', async () => {
    const req = await sendOnce(
      (b) => `  msteamsv2_configs:\n  - webhook_url: '${b}/workflows/x/triggers/manual/paths/invoke'\n`,
    );
    expect(req.json).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            body: [{ type: 'TextBlock', text: SUBJECT, color: 'Attention' }, { type: 'TextBlock' }],
          },
        },
      ],
    });
  });

  it('posts an embed to Discord', async () => {
    const req = await sendOnce((b) => `  discord_configs:\n  - webhook_url: '${b}/api/webhooks/1/t'\n`);
    expect(req.json).toMatchObject({ content: '', embeds: [{ title: SUBJECT, color: 0x992d22 }] });
    expect((req.json as { embeds: Array<{ description: string }> }).embeds[0]?.description).toContain(
      'p99 latency above 2s',
    );
  });

  it('calls sendMessage on the Telegram Bot API with HTML parse mode', async () => {
    const req = await sendOnce(
      (b) =>
        `  telegram_configs:\n  - api_url: '${b}'\n    bot_token: '99:tok'\n    chat_id: -1001\n    message: '<b>{{ .GroupLabels.alertname }}</b> {{ .CommonAnnotations.x }}&'\n`,
    );
    expect(req.path).toBe('/bot99:tok/sendMessage');
    expect(req.json).toEqual({
      chat_id: -1001,
      text: '<b>HighLatency</b> &',
      parse_mode: 'HTML',
      disable_notification: false,
    });
  });
});
