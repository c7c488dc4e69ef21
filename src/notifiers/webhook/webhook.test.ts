import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink } from '../../../test/acceptance/sink.js';
import type { Sink } from '../../../test/acceptance/sink.js';
import type { HTTPClientConfig, WebhookConfig } from '../../config/types.js';
import type { Alert } from '../../model/alert.js';
import { Secret } from '../../model/secret.js';
import { createWebhook } from './webhook.js';

const HTTP: HTTPClientConfig = {
  tls_config: { insecure_skip_verify: false },
  proxy_from_environment: false,
  follow_redirects: true,
  enable_http2: true,
};

const alert = (name: string, endsAt = 0): Alert => ({
  labels: { alertname: name, team: 'db' },
  annotations: { summary: 's' },
  startsAt: Date.UTC(2026, 0, 1, 0, 0, 0, 500),
  endsAt,
  generatorURL: 'http://gen',
  updatedAt: 1,
  timeout: false,
  fingerprint: 'ffff000011112222',
});

const ctx = {
  groupKey: '{}:{team="db"}',
  groupLabels: { team: 'db' },
  receiver: 'team.x-1',
  signal: new AbortController().signal,
};
const env = { externalURL: 'http://vigil:9093', userAgent: 'Vigil/test', now: () => 0 };

function conf(url: string, extra: Partial<WebhookConfig> = {}): WebhookConfig {
  return { send_resolved: true, http: HTTP, url: new Secret(url), max_alerts: 0, timeout: 0, ...extra };
}

describe('webhook notifier', () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  it('posts the version 4 payload field for field', async () => {
    sink.received.length = 0;
    const w = await createWebhook(conf(`${sink.url}/hook`), env);
    const r = await w.send(ctx, [alert('A', Date.UTC(2026, 0, 1, 1)), alert('B')]);
    await w.close();
    expect(r.error).toBeUndefined();
    const [got] = sink.received;
    expect(got?.headers['content-type']).toBe('application/json');
    expect(Object.keys(got?.body as object)).toEqual([
      'receiver',
      'status',
      'alerts',
      'groupLabels',
      'commonLabels',
      'commonAnnotations',
      'externalURL',
      'version',
      'groupKey',
      'truncatedAlerts',
    ]);
    expect(got?.body).toEqual({
      receiver: 'team\\.x-1',
      status: 'firing',
      alerts: [
        {
          status: 'resolved',
          labels: { alertname: 'A', team: 'db' },
          annotations: { summary: 's' },
          startsAt: '2026-01-01T00:00:00.5Z',
          endsAt: '2026-01-01T01:00:00Z',
          generatorURL: 'http://gen',
          fingerprint: 'ffff000011112222',
        },
        {
          status: 'firing',
          labels: { alertname: 'B', team: 'db' },
          annotations: { summary: 's' },
          startsAt: '2026-01-01T00:00:00.5Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://gen',
          fingerprint: 'ffff000011112222',
        },
      ],
      groupLabels: { team: 'db' },
      commonLabels: { team: 'db' },
      commonAnnotations: { summary: 's' },
      externalURL: 'http://vigil:9093',
      version: '4',
      groupKey: '{}:{team="db"}',
      truncatedAlerts: 0,
    });
  });

  it('truncates to max_alerts and counts the rest', async () => {
    sink.received.length = 0;
    const w = await createWebhook(conf(sink.url, { max_alerts: 1 }), env);
    await w.send(ctx, [alert('A'), alert('B'), alert('C')]);
    await w.close();
    expect(sink.received[0]?.body).toMatchObject({
      truncatedAlerts: 2,
      commonLabels: { alertname: 'A', team: 'db' },
    });
  });

  it.each<[string, HTTPClientConfig, string]>([
    [
      'basic auth',
      { ...HTTP, basic_auth: { username: 'u', password: new Secret('p') } },
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    ],
    ['bearer', { ...HTTP, authorization: { type: 'Bearer', credentials: new Secret('tok') } }, 'Bearer tok'],
  ])('sends %s', async (_n, http, header) => {
    sink.received.length = 0;
    const w = await createWebhook(conf(sink.url, { http }), env);
    await w.send(ctx, [alert('A')]);
    await w.close();
    expect(sink.received[0]?.headers['authorization']).toBe(header);
  });

  it.each<[number, boolean]>([
    [500, true],
    [429, true],
    [400, false],
  ])('classifies status %d (retry=%s) without leaking the URL', async (status, retry) => {
    sink.respond = () => ({ status });
    const w = await createWebhook(conf(`${sink.url}/secret-token-path`), env);
    const r = await w.send(ctx, [alert('A')]);
    await w.close();
    sink.respond = () => ({ status: 200 });
    expect(r.retry).toBe(retry);
    expect(r.error?.message).toBe(`webhook: unexpected status code ${status}`);
  });

  it('retries network errors and redacts the URL', async () => {
    const w = await createWebhook(conf('http://user:hunter2@127.0.0.1:1/tok'), env);
    const r = await w.send(ctx, [alert('A')]);
    await w.close();
    expect(r.retry).toBe(true);
    expect(r.error?.message).not.toMatch(/hunter2|tok/);
  });

  it('gives up at the webhook timeout', async () => {
    const { createServer } = await import('node:http');
    const hang = createServer(() => undefined);
    await new Promise<void>((res) => hang.listen(0, '127.0.0.1', res));
    const port = (hang.address() as { port: number }).port;
    const w = await createWebhook(conf(`http://127.0.0.1:${port}/`, { timeout: 200 }), env);
    const r = await w.send(ctx, [alert('A')]);
    await w.close();
    hang.closeAllConnections();
    hang.close();
    expect(r.retry).toBe(true);
    expect(r.error).toBeDefined();
  });
});
