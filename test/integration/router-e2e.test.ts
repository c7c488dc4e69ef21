// The router end to end as a real process: alerts from the real `amtool` and plain HTTP reach a
// webhook sink as Alertmanager's payload version 4; `amtool silence add/query/expire` work; a
// restart (SIGTERM or kill -9) keeps silences, resumes groups and sends nothing twice.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, spawnVigil, waitFor } from '../helpers/vigil-process.js';
import type { VigilProcess } from '../helpers/vigil-process.js';
import { haveBinary, runTool } from '../helpers/tools.js';
import { alertNames, payload, startWebhookSink } from '../helpers/webhook-sink.js';
import type { WebhookSink } from '../helpers/webhook-sink.js';

const AMTOOL = '/usr/bin/amtool';
const hasAmtool = haveBinary(AMTOOL);

function config(sinkUrl: string): string {
  return `route:
  receiver: hook
  group_by: [team]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: ${sinkUrl}/hook
`;
}

let processes: VigilProcess[] = [];
let dirs: string[] = [];
let sinks: WebhookSink[] = [];

async function setup(): Promise<{ dir: string; configFile: string; sink: WebhookSink }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-router-e2e-'));
  dirs.push(dir);
  const sink = await startWebhookSink();
  sinks.push(sink);
  const configFile = join(dir, 'vigil.yml');
  await writeFile(configFile, config(sink.url));
  return { dir, configFile, sink };
}

async function startVigil(configFile: string, storage: string): Promise<{ p: VigilProcess; base: string }> {
  const p = spawnVigil([
    'run',
    '--config',
    configFile,
    '--storage.path',
    storage,
    '--web.listen-address',
    '127.0.0.1:0',
  ]);
  processes.push(p);
  await p.ready();
  return { p, base: await p.url('') };
}

async function amtool(base: string, ...args: string[]): Promise<string> {
  const r = await runTool(AMTOOL, [...args, `--alertmanager.url=${base}`]);
  if (r.code !== 0) throw new Error(`amtool ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function postAlerts(base: string, alerts: unknown[]): Promise<void> {
  const res = await fetch(`${base}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  expect(res.status).toBe(200);
}

beforeAll(() => {
  assertBuilt();
});

afterEach(async () => {
  await Promise.all(processes.map((p) => p.stop().catch(() => null)));
  await Promise.all(sinks.map((s) => s.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  processes = [];
  sinks = [];
  dirs = [];
});

describe.skipIf(!hasAmtool)('router end to end (real amtool)', { timeout: 120_000 }, () => {
  it('delivers alerts from amtool and plain HTTP to the webhook as payload version 4, with history and test send', async () => {
    const { dir, configFile, sink } = await setup();
    const { base } = await startVigil(configFile, join(dir, 'data'));
    await amtool(base, 'alert', 'add', 'alertname=FromAmtool', 'team=a', '--annotation=summary=hello');
    await postAlerts(base, [{ labels: { alertname: 'FromHttp', team: 'b' } }]);
    const reqs = await sink.until('one notification per team', (r) => r.length >= 2);
    const byName = new Map(reqs.map((r) => [payload(r).alerts[0]?.labels['alertname'], payload(r)]));
    const a = byName.get('FromAmtool');
    expect(a).toMatchObject({ version: '4', status: 'firing', receiver: 'hook', groupKey: '{}:{team="a"}' });
    expect(a?.alerts[0]).toMatchObject({ status: 'firing', annotations: { summary: 'hello' } });
    expect(byName.get('FromHttp')?.groupKey).toBe('{}:{team="b"}');
    expect(await amtool(base, 'alert', 'query', '-o', 'simple')).toContain('FromAmtool');
    const shown = await amtool(base, 'config', 'show');
    expect(shown).toContain('receiver: hook');
    expect(shown).toContain('url: <secret>');
    expect(shown).not.toContain(sink.url);

    const history = await fetch(`${base}/api/v1/notifications?receiver=hook`);
    const attempts = ((await history.json()) as { data: Array<{ outcome: string; integration: string }> })
      .data;
    expect(attempts.map((a) => [a.integration, a.outcome])).toEqual([
      ['webhook', 'success'],
      ['webhook', 'success'],
    ]);
    const test = await fetch(`${base}/api/v1/receivers/hook/test`, { method: 'POST' });
    expect(((await test.json()) as { data: { ok: boolean } }).data.ok).toBe(true);
    const all = await sink.until('the test notification', (r) => r.length >= 3);
    expect(alertNames(all.slice(2))).toEqual([['VigilTestNotification']]);
  });

  it('adds, queries and expires silences with amtool, and a silence mutes its alert', async () => {
    const { dir, configFile, sink } = await setup();
    const { base } = await startVigil(configFile, join(dir, 'data'));
    const id = (
      await amtool(base, 'silence', 'add', 'alertname=Muted', '-c', 'maintenance', '-a', 'e2e', '-d', '1h')
    ).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await amtool(base, 'silence', 'query', '-q')).split('\n')).toContain(id);
    await postAlerts(base, [
      { labels: { alertname: 'Muted', team: 'a' } },
      { labels: { alertname: 'Loud', team: 'a' } },
    ]);
    const [first] = await sink.until('the group notification', (r) => r.length >= 1);
    expect(first && alertNames([first])).toEqual([['Loud']]);
    const res = await fetch(`${base}/api/v2/alerts?filter=alertname%3D%22Muted%22`);
    const [muted] = (await res.json()) as Array<{ status: { state: string; silencedBy: string[] } }>;
    expect(muted?.status).toEqual({ state: 'suppressed', silencedBy: [id], inhibitedBy: [] });

    await amtool(base, 'silence', 'expire', id);
    expect((await amtool(base, 'silence', 'query', '-q')).trim()).toBe('');
    expect(await amtool(base, 'silence', 'query', '--expired', '-q')).toContain(id);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'after a restart with %s keeps silences, resumes groups and notifies nothing twice',
    async (signal) => {
      const { dir, configFile, sink } = await setup();
      const storage = join(dir, 'data');
      const first = await startVigil(configFile, storage);
      await postAlerts(first.base, [{ labels: { alertname: 'Restart', team: 'r', i: '1' } }]);
      await sink.until('the first notification', (r) => r.length >= 1);
      const id = (
        await amtool(first.base, 'silence', 'add', 'alertname=Other', '-c', 'keep me', '-d', '2h')
      ).trim();
      first.p.signal(signal);
      await first.p.exited();

      const second = await startVigil(configFile, storage);
      expect((await amtool(second.base, 'silence', 'query', '-q')).split('\n')).toContain(id);
      await waitFor('the restored group', async () => {
        const res = await fetch(`${second.base}/api/v2/alerts/groups`);
        const groups = (await res.json()) as Array<{ labels: Record<string, string> }>;
        return groups.some((g) => g.labels['team'] === 'r') ? true : undefined;
      });
      await postAlerts(second.base, [{ labels: { alertname: 'Restart', team: 'r', i: '2' } }]);
      const reqs = await sink.until('the notification with the new alert', (r) => r.length >= 2);
      // The restored group flushed at once but its alert had been notified: no repeat of it alone.
      expect(reqs).toHaveLength(2);
      const labels = payload(reqs[1] as (typeof reqs)[number]).alerts.map((a) => a.labels['i']);
      expect(labels.sort()).toEqual(['1', '2']);
    },
  );
});
