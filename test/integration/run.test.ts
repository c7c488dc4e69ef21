// `vigil run` as a real process: readiness, metrics, SIGHUP and HTTP reloads with broken and
// fixed configs, graceful shutdown.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, metricValue, REPO_ROOT, spawnVigil } from '../helpers/vigil-process.js';
import type { VigilProcess } from '../helpers/vigil-process.js';

const GOOD = `global:
  evaluation_interval: 15s
route:
  receiver: hook
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:5001/
`;
const FIXED = GOOD.replace('15s', '30s');
// Valid YAML, but the route names a receiver that does not exist.
const UNDEFINED_RECEIVER = GOOD.replace('receiver: hook', 'receiver: nobody');
// Invalid YAML: rejected by any loader, with a position.
const BROKEN = `global:
  evaluation_interval: [15s
route: {receiver: hook}
`;

let running: VigilProcess[] = [];
let dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-run-'));
  dirs.push(dir);
  return dir;
}

function start(args: string[]): VigilProcess {
  const p = spawnVigil(['run', '--web.listen-address', '127.0.0.1:0', ...args]);
  running.push(p);
  return p;
}

async function metrics(p: VigilProcess, prefix = ''): Promise<string> {
  const res = await fetch(await p.url('/metrics', prefix));
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(() => {
  assertBuilt();
});

afterEach(async () => {
  await Promise.all(running.map((p) => p.stop().catch(() => null)));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  running = [];
  dirs = [];
});

describe('vigil run', { timeout: 90_000 }, () => {
  it('serves /-/healthy, /-/ready and /metrics on the example config and exits 0 on SIGTERM', async () => {
    const storage = await tempDir();
    const p = start(['--config', join(REPO_ROOT, 'rules', 'vigil.yml'), '--storage.path', storage]);
    await p.ready();
    const healthy = await fetch(await p.url('/-/healthy'));
    expect(healthy.status).toBe(200);
    expect(await healthy.text()).toContain('Healthy');
    const body = await metrics(p);
    expect(metricValue(body, 'vigil_config_last_reload_successful')).toBe(1);
    expect(metricValue(body, 'vigil_config_last_reload_success_timestamp_seconds')).toBeGreaterThan(1e9);
    expect(metricValue(body, 'vigil_config_hash')).toBeGreaterThan(0);
    expect(body).toMatch(/^process_cpu_user_seconds_total /m);
    p.signal('SIGTERM');
    expect(await p.exited()).toBe(0);
    expect(p.log).toContain('Received shutdown signal');
  });

  it('keeps the old config on a broken SIGHUP reload and takes the fixed one on the next', async () => {
    const dir = await tempDir();
    const config = join(dir, 'vigil.yml');
    await writeFile(config, GOOD);
    const p = start(['--config', config, '--storage.path', join(dir, 'data')]);
    await p.ready();
    const before = metricValue(await metrics(p), 'vigil_config_hash');

    await writeFile(config, UNDEFINED_RECEIVER);
    p.signal('SIGHUP');
    await p.waitForLog('Error reloading config');
    expect(p.log).toMatch(
      /level=error msg="Error reloading config, keeping the previous configuration".*vigil\.yml:4:\d+: .*nobody/,
    );
    expect((await fetch(await p.url('/-/ready'))).status).toBe(200);
    const failed = await metrics(p);
    expect(metricValue(failed, 'vigil_config_last_reload_successful')).toBe(0);
    expect(metricValue(failed, 'vigil_config_hash')).toBe(before);

    await writeFile(config, FIXED);
    const completed = p.count('Completed loading of configuration file');
    p.signal('SIGHUP');
    await p.waitForLog('Completed loading of configuration file', completed + 1);
    const fixed = await metrics(p);
    expect(metricValue(fixed, 'vigil_config_last_reload_successful')).toBe(1);
    expect(metricValue(fixed, 'vigil_config_hash')).not.toBe(before);
  });

  it('answers POST /-/reload with 500 and the reason for a broken config, 200 once fixed', async () => {
    const dir = await tempDir();
    const config = join(dir, 'vigil.yml');
    await writeFile(config, GOOD);
    const p = start([
      '--config',
      config,
      '--storage.path',
      join(dir, 'data'),
      '--web.route-prefix',
      '/vigil',
    ]);
    await p.ready('/vigil');
    await writeFile(config, BROKEN);
    const bad = await fetch(await p.url('/-/reload', '/vigil'), { method: 'POST' });
    expect(bad.status).toBe(500);
    expect(await bad.text()).toMatch(/^failed to reload config: .*vigil\.yml:\d+:\d+: /);
    expect(metricValue(await metrics(p, '/vigil'), 'vigil_config_last_reload_successful')).toBe(0);
    await writeFile(config, GOOD);
    const good = await fetch(await p.url('/-/reload', '/vigil'), { method: 'PUT' });
    expect(good.status).toBe(200);
    expect(metricValue(await metrics(p, '/vigil'), 'vigil_config_last_reload_successful')).toBe(1);
  });

  it('rejects a reload when a rule file breaks, and accepts it once the rule file is fixed', async () => {
    const dir = await tempDir();
    const config = join(dir, 'vigil.yml');
    const rules = join(dir, 'app.rules.yml');
    await writeFile(config, `rule_files: ['*.rules.yml']\n${GOOD}`);
    await writeFile(
      rules,
      'groups:\n  - name: app\n    rules:\n      - alert: Down\n        expr: up == 0\n',
    );
    const p = start(['--config', config, '--storage.path', join(dir, 'data')]);
    await p.ready();
    await writeFile(rules, 'groups:\n  - name: app\n    rules:\n      - alert: Down\n        expr: up ==\n');
    const bad = await fetch(await p.url('/-/reload'), { method: 'POST' });
    expect(bad.status).toBe(500);
    expect(await bad.text()).toContain('app.rules.yml:5:');
    await writeFile(
      rules,
      'groups:\n  - name: app\n    rules:\n      - alert: Down\n        expr: up == 1\n',
    );
    expect((await fetch(await p.url('/-/reload'), { method: 'POST' })).status).toBe(200);
  });

  it("runs on a Prometheus and an Alertmanager file given together, like the user's existing setup", async () => {
    const dir = await tempDir();
    const prom = join(dir, 'prometheus.yml');
    const am = join(dir, 'alertmanager.yml');
    await writeFile(
      prom,
      "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\nrule_files: ['alert_rules.yml']\n" +
        "scrape_configs:\n  - job_name: prometheus\n    static_configs:\n      - targets: ['localhost:9090']\n",
    );
    await writeFile(
      am,
      "global:\n  smtp_smarthost: 'smtp.company.com:587'\n  smtp_from: 'alerts@company.com'\n" +
        'route:\n  receiver: mail\nreceivers:\n  - name: mail\n    email_configs:\n' +
        "      - to: 'oncall@company.com'\n        subject: 'CRITICAL: {{ .GroupLabels.alertname }}'\n        body: 'text'\n",
    );
    const p = start(['--config', prom, '--config', am, '--storage.path', join(dir, 'data')]);
    await p.ready();
    expect(p.log).toContain('scrape_configs');
    expect(metricValue(await metrics(p), 'vigil_config_last_reload_successful')).toBe(1);
  });

  it('reloads by itself with --config.watch, logging JSON', async () => {
    const dir = await tempDir();
    const config = join(dir, 'vigil.yml');
    await writeFile(config, GOOD);
    const p = start([
      '--config',
      config,
      '--storage.path',
      join(dir, 'data'),
      '--config.watch',
      '--log.format',
      'json',
    ]);
    await p.waitForLog('"msg":"Server is ready to receive web requests."');
    await writeFile(config, FIXED);
    await p.waitForLog('"msg":"Completed loading of configuration file"', 2);
    const lines = p.log.trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain(
      'Configuration file changed, reloading',
    );
  });

  it('exits 1 with the reasons logged when the first config is invalid', async () => {
    const dir = await tempDir();
    const config = join(dir, 'vigil.yml');
    await writeFile(config, BROKEN);
    const p = start(['--config', config, '--storage.path', join(dir, 'data')]);
    expect(await p.exited()).toBe(1);
    expect(p.log).toMatch(/level=error msg="Error loading config".*vigil\.yml:\d+:\d+: /);
  });

  it('exits 1 naming the file when the web config is invalid', async () => {
    const dir = await tempDir();
    await copyFile(join(REPO_ROOT, 'rules', 'vigil.yml'), join(dir, 'vigil.yml'));
    const web = join(dir, 'web.yml');
    await writeFile(web, 'basic_auth_users:\n  admin: not-a-hash\n');
    const p = start([
      '--config',
      join(dir, 'vigil.yml'),
      '--storage.path',
      join(dir, 'data'),
      '--web.config.file',
      web,
    ]);
    expect(await p.exited()).toBe(1);
    expect(p.log).toContain(
      `${web}:2:10: basic_auth_users: the password of user \\"admin\\" is not a bcrypt hash`,
    );
    expect(p.log).not.toContain('not-a-hash');
  });

  it('requires basic auth when the web config has users', async () => {
    const dir = await tempDir();
    const web = join(dir, 'web.yml');
    // bcrypt of "s3cret", cost 4 to keep the test fast.
    await writeFile(
      web,
      "basic_auth_users:\n  admin: '$2a$04$CqS9hNGsORtGqVONgAzy7uTBZpFAkSsKwVR2P.e6NG8TnIcyzF63S'\n",
    );
    const config = join(dir, 'vigil.yml');
    await writeFile(config, await readFile(join(REPO_ROOT, 'rules', 'vigil.yml'), 'utf8'));
    const p = start(['--config', config, '--storage.path', join(dir, 'data'), '--web.config.file', web]);
    await p.waitForLog('Server is ready');
    const url = await p.url('/-/ready');
    expect((await fetch(url)).status).toBe(401);
    const auth = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
    expect((await fetch(url, { headers: { authorization: auth } })).status).toBe(200);
  });
});
