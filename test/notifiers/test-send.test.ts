// Test-send through the CLI and the API: a sample notification per integration, outcomes reported, no secrets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { receiversTestApi } from '../../src/api/v1/receivers-test.js';
import { receiversTestCommand } from '../../src/cli/receivers-test.js';
import { loadConfig } from '../../src/config/load.js';
import { ManualClock } from '../../src/model/clock.js';
import { FakeHttp, json } from './fake-http.js';
import { FakeSmtp } from './fake-smtp.js';
import { NOW, TEMPLATES } from './harness.js';
import { secretForms } from './services.js';

const SECRET = 'tst-Secret-77aa';
let cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function setup(): Promise<{ file: string; http: FakeHttp; smtp: FakeSmtp }> {
  const http = await FakeHttp.start();
  http.answer = (req) =>
    req.path.startsWith('/api/webhooks')
      ? json(404, { message: 'Unknown Webhook', code: 10015 })
      : { status: 200, body: 'ok' };
  const smtp = await FakeSmtp.start('u@example.com', SECRET);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-testsend-'));
  const file = join(dir, 'vigil.yml');
  writeFileSync(
    file,
    `route:\n  receiver: team\nreceivers:\n- name: team\n  slack_configs:\n  - api_url: '${http.url}/services/T/B/${SECRET}'\n` +
      `  discord_configs:\n  - webhook_url: '${http.url}/api/webhooks/1/${SECRET}'\n` +
      `  email_configs:\n  - to: a@example.com\n    from: v@example.com\n    smarthost: 127.0.0.1:${smtp.port}\n` +
      `    auth_username: u@example.com\n    auth_password: '${SECRET}'\n    tls_config:\n      insecure_skip_verify: true\n`,
  );
  cleanup.push(async () => {
    await http.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { file, http, smtp };
}

function noSecret(text: string): void {
  for (const f of secretForms(SECRET)) expect(text).not.toContain(f);
}

describe('receivers test', () => {
  it('CLI: reports each integration and exits 1 when one failed', async () => {
    const { file, http, smtp } = await setup();
    let out = '';
    let err = '';
    const code = await receiversTestCommand(['--config', file, 'team'], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
    });
    expect(code).toBe(1);
    expect(out).toMatch(
      /^discord\[0\]: FAILED \(permanent, \d+ms\): discord: unexpected status code 404: Unknown Webhook \(code 10015\)$/m,
    );
    expect(out).toMatch(/^email\[0\]: ok \(\d+ms\)$/m);
    expect(out).toMatch(/^slack\[0\]: ok \(\d+ms\)$/m);
    expect(out).toContain('receiver team: some integrations failed');
    expect(smtp.received[0]?.mail.subject).toBe('[FIRING:1] VigilTestNotification (team none)');
    const slackBody = http.requests.find((r) => r.path.startsWith('/services'))?.json;
    expect(JSON.stringify(slackBody)).toContain('VigilTestNotification');
    noSecret(out + err);
  });

  it('CLI: unknown receiver and usage errors exit 2', async () => {
    const { file } = await setup();
    let err = '';
    const io = { stdout: () => undefined, stderr: (t: string) => (err += t) };
    expect(await receiversTestCommand(['--config', file, 'nobody'], io)).toBe(2);
    expect(err).toContain('unknown receiver "nobody"');
    expect(await receiversTestCommand(['team'], io)).toBe(2);
    expect(err).toContain('missing --config');
  });

  it('API: POST /api/v1/receivers/:name/test returns the outcomes', async () => {
    const { file } = await setup();
    const { config } = await loadConfig([file]);
    const app = Fastify();
    await app.register(
      receiversTestApi({
        config: () => config,
        sendDeps: () => ({ templates: TEMPLATES, clock: new ManualClock(NOW) }),
      }),
    );
    const res = await app.inject({ method: 'POST', url: '/api/v1/receivers/team/test' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      data: { ok: boolean; results: Array<{ integration: string; ok: boolean; retryable?: boolean }> };
    }>();
    expect(body.data.ok).toBe(false);
    expect(body.data.results.map((r) => [r.integration, r.ok, r.retryable])).toEqual([
      ['discord', false, false],
      ['email', true, undefined],
      ['slack', true, undefined],
    ]);
    noSecret(res.body);
    expect((await app.inject({ method: 'POST', url: '/api/v1/receivers/nobody/test' })).statusCode).toBe(404);
    await app.close();
  });
});
