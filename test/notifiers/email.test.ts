// Email against a real SMTP server: STARTTLS, AUTH PLAIN/LOGIN, headers, multipart bodies, SMTP errors.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/model/clock.js';
import { buildIntegrations, closeIntegrations } from '../../src/notifiers/build.js';
import type { ClosableIntegration } from '../../src/notifiers/build.js';
import { FakeSmtp } from './fake-smtp.js';
import { flushCtx, loadReceiver, NOW, sampleAlerts, TEMPLATES } from './harness.js';

const PASSWORD = 'pa55-w0rd-Xy';
let cleanup: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function emailTo(
  extra: string,
  methods?: string[],
): Promise<{ smtp: FakeSmtp; integration: ClosableIntegration }> {
  const smtp = await FakeSmtp.start('alerts@example.com', PASSWORD, methods);
  const receiver = await loadReceiver(
    `  email_configs:\n  - to: 'oncall@example.com, lead@example.com'\n    from: 'Vigil <vigil@example.com>'\n` +
      `    smarthost: '127.0.0.1:${smtp.port}'\n    hello: 'vigil.test'\n    auth_username: 'alerts@example.com'\n` +
      `    auth_password: '${PASSWORD}'\n    tls_config:\n      insecure_skip_verify: true\n${extra}`,
  );
  const [integration] = buildIntegrations(receiver, {
    templates: TEMPLATES,
    clock: new ManualClock(NOW),
    externalURL: 'http://vigil.example:9093',
  });
  if (!integration) throw new Error('no integration');
  cleanup.push(async () => {
    await closeIntegrations([integration]);
    await smtp.close();
  });
  return { smtp, integration };
}

describe('email notifier', () => {
  it('sends the default email over STARTTLS with auth, headers and an HTML part', async () => {
    const { smtp, integration } = await emailTo('');
    const r = await integration.notifier.send(flushCtx(), sampleAlerts());
    expect(r.error).toBeUndefined();
    expect(integration.sendResolved).toBe(false);
    const [m] = smtp.received;
    expect(m?.secure).toBe(true);
    expect(m?.user).toBe('alerts@example.com');
    expect(m?.envelopeFrom).toBe('vigil@example.com');
    expect(m?.envelopeTo).toEqual(['oncall@example.com', 'lead@example.com']);
    expect(m?.mail.subject).toBe('[FIRING:1] HighLatency (api critical)');
    expect(m?.mail.from?.text).toBe('"Vigil" <vigil@example.com>');
    expect(m?.mail.to && !Array.isArray(m.mail.to) ? m.mail.to.text : '').toBe(
      'oncall@example.com, lead@example.com',
    );
    expect(m?.mail.messageId).toMatch(/^<.+@.+>$/);
    expect(m?.mail.date?.getTime()).toBe(NOW);
    const html = typeof m?.mail.html === 'string' ? m.mail.html : '';
    expect(html).toContain('<html');
    expect(html).toContain('p99 latency above 2s');
    expect(html).toContain('p99 latency back to normal');
    expect(html).toContain('http://vigil.example:9093');
    expect(m?.mail.text ?? '').not.toContain('{{');
  });

  it('sends multipart/alternative text + HTML and custom headers, rendered', async () => {
    const { smtp, integration } = await emailTo(
      `    headers:\n      x-team: 'sre-{{ .CommonLabels.service }}'\n      subject: '{{ .Status | toUpper }} {{ .GroupLabels.alertname }}'\n` +
        `    text: "{{ range .Alerts }}{{ .Status }}: {{ .Annotations.summary }}\\n{{ end }}"\n`,
    );
    expect((await integration.notifier.send(flushCtx(), sampleAlerts())).error).toBeUndefined();
    const m = smtp.received[0];
    expect(m?.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(m?.mail.subject).toBe('FIRING HighLatency');
    expect(m?.mail.headers.get('x-team')).toBe('sre-api');
    expect(m?.mail.text).toContain('firing: p99 latency above 2s');
    expect(m?.mail.text).toContain('resolved: p99 latency back to normal');
    expect(typeof m?.mail.html).toBe('string');
  });

  it("accepts the seed configs' subject/body aliases", async () => {
    const { smtp, integration } = await emailTo(
      `    subject: 'CRITICAL: {{ .GroupLabels.alertname }}'\n    body: |\n      {{ range .Alerts }}\n      Alert: {{ .Annotations.summary }}\n      {{ end }}\n`,
    );
    expect((await integration.notifier.send(flushCtx(), sampleAlerts())).error).toBeUndefined();
    expect(smtp.received[0]?.mail.subject).toBe('CRITICAL: HighLatency');
    expect(smtp.received[0]?.mail.text).toContain('Alert: p99 latency above 2s');
  });

  it.each([['PLAIN'], ['LOGIN']])(
    'authenticates with AUTH %s when that is what the server offers',
    async (method) => {
      const { smtp, integration } = await emailTo('', [method]);
      expect((await integration.notifier.send(flushCtx(), sampleAlerts())).error).toBeUndefined();
      expect(smtp.authMethods).toEqual([method]);
    },
  );

  it('sends auth_identity as the PLAIN authorization identity', async () => {
    const { smtp, integration } = await emailTo("    auth_identity: 'ops-team'\n", ['PLAIN']);
    expect((await integration.notifier.send(flushCtx(), sampleAlerts())).error).toBeUndefined();
    expect(smtp.authMethods).toEqual(['PLAIN']);
    expect(smtp.authzids).toEqual(['ops-team']);
  });

  it.each([
    ['auth-refused', false, /535/],
    ['transient', true, /451/],
    ['permanent', false, /550/],
  ] as const)('server answering %s: retry=%s', async (mode, retry, text) => {
    const { smtp, integration } = await emailTo('');
    smtp.mode = mode;
    const r = await integration.notifier.send(flushCtx(), sampleAlerts());
    expect(r.retry).toBe(retry);
    expect(r.error?.message).toMatch(text);
    expect(r.error?.message).not.toContain(PASSWORD);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses to send without STARTTLS when require_tls is false and the server wants TLS for auth', async () => {
    const { smtp, integration } = await emailTo('    require_tls: false\n');
    const r = await integration.notifier.send(flushCtx(), sampleAlerts());
    expect(r.error?.message).toMatch(/STARTTLS/);
    expect(r.error?.message).not.toContain(PASSWORD);
    expect(smtp.received).toHaveLength(0);
  });
});
