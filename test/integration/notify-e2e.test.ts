// Notifications end to end: the seed `HighErrorRate` rule, evaluated by the `vigil` process against
// a real Prometheus scraping a test exporter, fires; the router sends it to the seed's
// `critical-alerts` receiver, whose email (seed `subject`/`body` aliases) reaches a real SMTP server
// and whose Slack message (seed title/text) reaches a Slack-speaking server; the notification
// history lists both attempts without the SMTP password or the webhook URL.
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startPrometheus } from '../helpers/prometheus.js';
import { haveBinary } from '../helpers/tools.js';
import { assertBuilt, REPO_ROOT, spawnVigil, waitFor } from '../helpers/vigil-process.js';
import { FakeHttp } from '../notifiers/fake-http.js';
import { FakeSmtp } from '../notifiers/fake-smtp.js';

const PROMETHEUS = '/usr/bin/prometheus';
const hasPrometheus = haveBinary(PROMETHEUS);
const SEEDS = join(REPO_ROOT, '..', 'shared', 'examples', 'seeds');
const SMTP_USER = 'alerts@example.com';
const SMTP_PASSWORD = 'e2e-Sm7p-pa55w0rd-Qz';
const SLACK_PATH = '/services/T0E2E/B0E2E/s3cretW3bh00kT0ken';

/** Serves `http_requests_total` counters; the 5xx one grows by `errorsPerSecond` from now on. */
interface Exporter {
  readonly target: string;
  errorsPerSecond: number;
  close(): Promise<void>;
}

async function startExporter(): Promise<Exporter> {
  let errors = 0;
  let last = Date.now();
  const server: Server = createServer((_req, res) => {
    const now = Date.now();
    errors += (exporter.errorsPerSecond * (now - last)) / 1000;
    last = now;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      '# TYPE http_requests_total counter\n' +
        `http_requests_total{status="200",handler="/api"} 1000\n` +
        `http_requests_total{status="500",handler="/api"} ${errors}\n`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const exporter: Exporter = {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    errorsPerSecond: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return exporter;
}

type Doc = Record<string, unknown>;

function asDoc(v: unknown, what: string): Doc {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what}: not a map`);
  return v as Doc;
}

function asList(v: unknown, what: string): Doc[] {
  if (!Array.isArray(v)) throw new Error(`${what}: not a list`);
  return v.map((x, i) => asDoc(x, `${what}[${i}]`));
}

/** The seed's `HighErrorRate` rule, unchanged but for `for: 0s`, in a group evaluated every second. */
async function seedRules(): Promise<string> {
  const seed = asDoc(parse(await readFile(join(SEEDS, 'monitoring-alerts.rules.yml'), 'utf8')), 'rules');
  const rules = asList(asDoc(asList(seed['groups'], 'groups')[0], 'group')['rules'], 'rules');
  const rule = rules.find((r) => r['alert'] === 'HighErrorRate');
  if (!rule) throw new Error('the seed has no HighErrorRate rule');
  return stringify({
    groups: [{ name: 'application.rules', interval: '1s', rules: [{ ...rule, for: '0s' }] }],
  });
}

/** The seed Alertmanager config pointed at the local fakes, with short timers. */
async function seedAlertmanager(smtpPort: number, slackUrl: string): Promise<string> {
  const text = await readFile(join(SEEDS, 'monitoring-alertmanager.yml'), 'utf8');
  const am = asDoc(parse(text), 'alertmanager');
  Object.assign(asDoc(am['global'], 'global'), {
    smtp_smarthost: `127.0.0.1:${smtpPort}`,
    smtp_auth_username: SMTP_USER,
    smtp_auth_password: SMTP_PASSWORD,
  });
  Object.assign(asDoc(am['route'], 'route'), { group_wait: '0s', group_interval: '1s' });
  for (const receiver of asList(am['receivers'], 'receivers')) {
    for (const c of asList(receiver['email_configs'] ?? [], 'email_configs')) {
      // The fake SMTP server offers STARTTLS with a self-signed certificate.
      c['tls_config'] = { insecure_skip_verify: true };
    }
    for (const c of asList(receiver['slack_configs'] ?? [], 'slack_configs')) c['api_url'] = slackUrl;
    for (const c of asList(receiver['webhook_configs'] ?? [], 'webhook_configs')) {
      c['url'] = `${slackUrl}/webhook`;
    }
  }
  return stringify(am);
}

interface Attempt {
  receiver: string;
  integration: string;
  outcome: string;
  alerts: { firing: number };
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

let cleanups: Array<() => Promise<unknown>> = [];

beforeAll(() => {
  assertBuilt();
});

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe.skipIf(!hasPrometheus)(
  'notifications end to end (real Prometheus, SMTP, Slack)',
  { timeout: 120_000 },
  () => {
    it('delivers the seed HighErrorRate alert by email and Slack with the seed templates, and records both', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'vigil-notify-e2e-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const exporter = await startExporter();
      cleanups.push(() => exporter.close());
      const prometheus = await startPrometheus(PROMETHEUS, exporter.target);
      cleanups.push(() => prometheus.destroy());
      const smtp = await FakeSmtp.start(SMTP_USER, SMTP_PASSWORD);
      cleanups.push(() => smtp.close());
      const slack = await FakeHttp.start();
      cleanups.push(() => slack.close());

      await writeFile(join(dir, 'alerts.rules.yml'), await seedRules());
      const promPart = join(dir, 'prometheus.yml');
      await writeFile(
        promPart,
        `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: ['alerts.rules.yml']\n` +
          `scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['${exporter.target}']\n`,
      );
      const amPart = join(dir, 'alertmanager.yml');
      await writeFile(amPart, await seedAlertmanager(smtp.port, `${slack.url}${SLACK_PATH}`));

      const vigil = spawnVigil([
        'run',
        '--config',
        promPart,
        '--config',
        amPart,
        '--datasource.url',
        prometheus.url,
        '--storage.path',
        join(dir, 'data'),
        '--web.listen-address',
        '127.0.0.1:0',
      ]);
      cleanups.push(() => vigil.stop().catch(() => null));
      await vigil.ready();
      const base = await vigil.url('');

      exporter.errorsPerSecond = 100;
      const mail = await waitFor(
        `the email; vigil log:\n${vigil.log}`,
        () => smtp.received.find((m) => m.mail.subject === 'CRITICAL: HighErrorRate'),
        60_000,
      );
      const slackReq = await waitFor('the Slack message', () =>
        slack.requests.find((r) => r.path === SLACK_PATH && r.method === 'POST'),
      );

      // The email: seed subject alias, seed body alias rendered with the rule's annotation templates.
      expect(mail.user).toBe(SMTP_USER);
      expect(mail.envelopeTo).toEqual(['critical@example.com']);
      expect(mail.envelopeFrom).toBe('alerts@example.com');
      const body = mail.mail.text ?? '';
      expect(body).toContain('Alert: High error rate detected');
      expect(body).not.toContain('{{');
      const m = /Description: Error rate is (\S+) errors per second/.exec(body);
      const rendered = Number(m?.[1]);
      expect(rendered).toBeGreaterThan(0.1);
      // The value is the one the rule saw: Prometheus gives about the same at the alert's activeAt.
      const firing = await getJson<{
        data: { alerts: Array<{ labels: Record<string, string>; activeAt: string }> };
      }>(`${base}/api/v1/alerts`);
      const alert = firing.data.alerts.find((a) => a.labels['alertname'] === 'HighErrorRate');
      expect(alert?.labels).toMatchObject({ severity: 'critical', status: '500', job: 'e2e' });
      const at = Date.parse(alert?.activeAt ?? '') / 1000;
      const res = await fetch(
        `${prometheus.url}/api/v1/query?query=${encodeURIComponent('rate(http_requests_total{status=~"5.."}[5m])')}&time=${at}`,
      );
      const promValue = Number(
        ((await res.json()) as { data: { result: Array<{ value: [number, string] }> } }).data.result[0]
          ?.value[1],
      );
      expect(Math.abs(rendered - promValue) / promValue).toBeLessThan(0.5);

      // Slack: the seed's channel, title and text.
      expect(slackReq.json).toMatchObject({
        channel: '#critical-alerts',
        attachments: [expect.objectContaining({ title: 'Critical Alert', text: 'High error rate detected' })],
      });

      // The history lists both attempts as successes, and no secret.
      const attempts = await waitFor('both attempts in the history', async () => {
        const h = await getJson<{ data: Attempt[] }>(`${base}/api/v1/notifications?receiver=critical-alerts`);
        const kinds = new Set(h.data.map((a) => a.integration));
        return kinds.has('email') && kinds.has('slack') ? h.data : undefined;
      });
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      for (const a of attempts) {
        expect(a).toMatchObject({ receiver: 'critical-alerts', outcome: 'success', alerts: { firing: 1 } });
      }
      const raw = await (await fetch(`${base}/api/v1/notifications`)).text();
      expect(raw).not.toContain(SMTP_PASSWORD);
      expect(raw).not.toContain('s3cretW3bh00kT0ken');
      expect(vigil.log).not.toContain(SMTP_PASSWORD);
    });
  },
);
