import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expandRuleFiles, expandTemplateFiles, loadConfig } from '../../src/config/load.js';
import { formatMatcher } from '../../src/model/matcher.js';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { amtoolCheckConfig, findAmtool, findPromtool, promtoolCheckConfig } from './tools.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOOD = path.join(HERE, '../fixtures/config/good');
const SEEDS = '/work/shared/examples/seeds';
const seed = (name: string): string => path.join(SEEDS, name);

async function tempConfig(files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-config-'));
  const out: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    await writeFile(p, text);
    out.push(p);
  }
  return out;
}

describe('seed configs', () => {
  // Debian's promtool is built without Kubernetes discovery, so it cannot judge the seeds using it.
  it.each([
    ['day41-prometheus.yml', 'scrape_configs', false],
    ['lab-prometheus.yml', 'scrape_configs', true],
    ['lab-remote-write.yml', 'remote_read', true],
    ['monitoring-prometheus.yml', 'scrape_configs', false],
  ])('%s loads; %s is reported once as ignored', async (name, section, promtoolCanCheck) => {
    const { config, diagnostics } = await loadConfig([seed(name)]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(new RegExp(`: info: ${section}: Prometheus-only section, ignored by Vigil$`)),
    ]);
    expect(config?.global.evaluation_interval).toBe(name === 'lab-remote-write.yml' ? 60_000 : 15_000);
    const promtool = findPromtool();
    if (promtool !== undefined && promtoolCanCheck) {
      expect((await promtoolCheckConfig(promtool, seed(name))).code).toBe(0);
    }
  });

  it('monitoring-alertmanager.yml loads, with a note for each subject/body alias', async () => {
    const { config, diagnostics } = await loadConfig([seed('monitoring-alertmanager.yml')]);
    expect(config).toBeDefined();
    expect(diagnostics.every((d) => d.severity === 'info' && d.code === 'config.alias')).toBe(true);
    expect(diagnostics).toHaveLength(4);
    const email = config?.receivers.find((r) => r.name === 'critical-alerts')?.email_configs[0];
    expect(email?.headers['Subject']).toBe('CRITICAL: {{ .GroupLabels.alertname }}');
    expect(email?.text).toContain('Alert: {{ .Annotations.summary }}');
    expect(email?.smarthost).toBe('localhost:587');
    expect(email?.auth_password?.reveal()).toBe('password');
  });

  // The seed routes to a receiver it never defines. Alertmanager refuses it; Vigil must load
  // every seed, so it warns and routes those alerts to an implicit empty receiver.
  it('lab-alertmanager.yml loads with a warning for its undefined receiver', async () => {
    const { config, diagnostics } = await loadConfig([seed('lab-alertmanager.yml')]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic);
    expect(warnings).toEqual([
      `${seed('lab-alertmanager.yml')}:26:15: warning: undefined receiver "application-team" used in route: ` +
        'Alertmanager rejects this; Vigil routes these alerts to an empty receiver and sends no notification for them',
    ]);
    const implicit = config?.receivers.find((r) => r.name === 'application-team');
    expect(implicit?.webhook_configs).toEqual([]);
    expect(implicit?.slack_configs).toEqual([]);
  });

  it('an undefined child-route receiver is accepted by Vigil but rejected by amtool', async () => {
    const file = path.join(HERE, '../fixtures/config/lenient/am-undefined-receiver.yml');
    const { config, diagnostics } = await loadConfig([file]);
    expect(config).toBeDefined();
    expect(diagnostics.map((d) => `${d.severity} ${d.position?.line}:${d.position?.column}`)).toEqual([
      'warning 4:17',
    ]);
    const amtool = findAmtool();
    if (!amtool) return;
    const ref = await amtoolCheckConfig(amtool, file);
    expect(ref.code).not.toBe(0);
    expect(ref.output).toContain('undefined receiver "missing" used in route');
  });

  it('lab-alertmanager.yml loads once the missing receiver is defined', async () => {
    const text = await readFile(seed('lab-alertmanager.yml'), 'utf8');
    const [file] = await tempConfig({
      'alertmanager.yml': text.replace('\ninhibit_rules:', "\n- name: 'application-team'\n\ninhibit_rules:"),
    });
    const { config, diagnostics } = await loadConfig([file ?? '']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(config?.route?.routes.map((r) => r.matchers.map(formatMatcher).join(','))).toEqual([
      'severity="critical"',
      'team="platform"',
      'service=~"^(?:^(frontend|backend)$)$"', // anchored as Alertmanager keeps legacy match_re
    ]);
  });

  it.each([
    ['monitoring-prometheus.yml', 'monitoring-alertmanager.yml'],
    ['day41-prometheus.yml', 'monitoring-alertmanager.yml'],
    ['lab-prometheus.yml', 'monitoring-alertmanager.yml'],
  ])('%s + %s load together as one config', async (prom, am) => {
    const { config, diagnostics } = await loadConfig([seed(prom), seed(am)]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(config?.global.evaluation_interval).toBe(15_000);
    expect(config?.global.smtp_smarthost).toBe('localhost:587');
    expect(config?.route?.receiver).toBe('web.hook');
    expect(config?.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual(['alertmanager:9093']);
    expect(config?.rule_files.every((f) => path.isAbsolute(f) && f.startsWith(SEEDS))).toBe(true);
  });
});

describe('defaults and structure', () => {
  it('applies Alertmanager and Prometheus defaults', async () => {
    const [file] = await tempConfig({
      'a.yml': 'route:\n  receiver: x\n  routes:\n    - receiver: x\nreceivers:\n  - name: x\n',
    });
    const { config } = await loadConfig([file ?? '']);
    expect(config?.global.resolve_timeout).toBe(300_000);
    expect(config?.global.smtp_hello).toBe('localhost');
    expect(config?.global.smtp_require_tls).toBe(true);
    expect(config?.global.evaluation_interval).toBe(60_000);
    expect(config?.route).toMatchObject({
      group_wait: 30_000,
      group_interval: 300_000,
      repeat_interval: 14_400_000,
    });
    expect(config?.route?.routes[0]?.group_wait).toBeUndefined();
    expect(config?.datasource).toBeUndefined();
  });

  it('returns a deep-frozen config', async () => {
    const { config } = await loadConfig([path.join(GOOD, 'alertmanager-full.yml')]);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config?.route?.routes)).toBe(true);
    expect(Object.isFrozen(config?.receivers[1]?.email_configs[0]?.headers)).toBe(true);
  });

  it('loads the full Alertmanager fixture, which amtool also accepts', async () => {
    const file = path.join(GOOD, 'alertmanager-full.yml');
    const { config, diagnostics } = await loadConfig([file]);
    expect(diagnostics).toEqual([]);
    const routes = config?.route?.routes ?? [];
    expect(routes[0]?.matchers.map(formatMatcher)).toEqual(['severity="critical"', 'team=~"db|platform"']);
    expect(routes[0]?.continue).toBe(true);
    expect(routes[1]?.group_by_all).toBe(true);
    expect(routes[2]?.matchers.map(formatMatcher)).toEqual(['env!="dev"', 'region!~"test-.*"']);
    expect(config?.inhibit_rules).toHaveLength(3);
    expect(config?.time_intervals.map((t) => t.name)).toEqual(['offhours', 'workdays']);
    expect(config?.time_intervals[0]?.time_intervals[1]).toMatchObject({
      days_of_month: [
        { begin: -3, end: -1 },
        { begin: 1, end: 5 },
      ],
      months: [
        { begin: 12, end: 12 },
        { begin: 1, end: 2 },
      ],
      years: [{ begin: 2024, end: 2030 }],
      location: 'UTC',
    });
    expect(config?.time_intervals[1]?.time_intervals[0]).toMatchObject({
      weekdays: [{ begin: 1, end: 5 }],
      times: [{ start_minute: 540, end_minute: 1050 }],
      location: 'Europe/Paris',
    });
    const chat = config?.receivers.find((r) => r.name === 'chat');
    expect(chat?.slack_configs[0]?.api_url?.reveal()).toContain('XXXXSECRETXXXX');
    expect(chat?.slack_configs[1]?.api_url?.reveal()).toBe('https://hooks.slack.com/services/FROM/FILE');
    expect(chat?.slack_configs[0]?.send_resolved).toBe(false);
    expect(chat?.discord_configs[0]?.send_resolved).toBe(true);
    expect(config?.templates).toEqual([path.join(GOOD, 'templates/*.tmpl')]);
    expect(config?.global.smtp_tls_config).toBeUndefined();
    const amtool = findAmtool();
    if (amtool !== undefined) expect((await amtoolCheckConfig(amtool, file)).code).toBe(0);
  });

  it('accepts the documented subject/body aliases with a note, which amtool rejects', async () => {
    const file = path.join(GOOD, 'email-aliases.yml');
    const { config, diagnostics } = await loadConfig([file]);
    expect(
      diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.severity} ${d.code}`),
    ).toEqual(['12:9 info config.alias', '13:9 info config.alias']);
    const email = config?.receivers[0]?.email_configs[0];
    expect(email?.headers).toEqual({ Subject: 'ALERT: {{ .GroupLabels.alertname }}' });
    expect(email?.text).toBe('{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}\n');
    expect(email?.html).toBe('{{ template "email.default.html" . }}');
    const amtool = findAmtool();
    if (amtool !== undefined) {
      const am = await amtoolCheckConfig(amtool, file);
      expect(am.code).not.toBe(0);
      expect(am.output).toContain('field subject not found');
    }
  });

  it('loads the Vigil fixture and expands rule files relative to it', async () => {
    const { config, diagnostics } = await loadConfig([path.join(GOOD, 'vigil.yml')]);
    expect(diagnostics).toEqual([]);
    expect(config?.datasource?.url).toBe('http://127.0.0.1:9090');
    expect(config?.datasource?.timeout).toBe(30_000);
    expect(config?.datasource?.query_batch_size).toBe(10);
    expect(config?.datasource?.http.headers).toEqual({ 'X-Scope-OrgID': 'team-a' });
    expect(config?.datasource?.http.authorization?.credentials?.reveal()).toBe('bearer-from-file');
    expect(config?.datasource?.http.tls_config).toEqual({
      ca_file: path.join(GOOD, 'secrets/ca.pem'),
      server_name: 'prometheus.internal',
      insecure_skip_verify: false,
    });
    expect(config?.global.rule_query_offset).toBe(10_000);
    expect(config?.alerting.alert_relabel_configs[0]?.regexp.test('dc12')).toBe(true);
    expect(config?.remote_write[0]?.queue_config.capacity).toBe(10000);
    const rules = await expandRuleFiles(config!);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((f) => f.includes(path.join('fixtures', 'rules', 'good')))).toBe(true);
    expect(await expandTemplateFiles(config!)).toEqual([]);
  });
});

describe('merging files', () => {
  it('reports the same top-level key in two files, naming both', async () => {
    const [a, b] = await tempConfig({
      'a.yml': 'route:\n  receiver: x\nreceivers:\n  - name: x\n',
      'b.yml': 'global:\n  evaluation_interval: 30s\nroute:\n  receiver: y\n',
    });
    const { config, diagnostics } = await loadConfig([a ?? '', b ?? '']);
    expect(config).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([`${b}:3:1: route is set in both ${a} and ${b}`]);
  });

  it('merges global by its keys, and reports a key set twice', async () => {
    const [a, b] = await tempConfig({
      'prom.yml': 'global:\n  evaluation_interval: 30s\n',
      'am.yml': 'global:\n  resolve_timeout: 1m\n  evaluation_interval: 10s\n',
    });
    const { diagnostics } = await loadConfig([a ?? '', b ?? '']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${b}:3:3: global.evaluation_interval is set in both ${a} and ${b}`,
    ]);
  });

  it('reports every problem of every file at once, in file order', async () => {
    const [a, b] = await tempConfig({
      'a.yml': 'global:\n  evaluation_interval: 1x\nfoo: 1\n',
      'b.yml': 'route:\n  group_wait: 2y3x\nreceivers:\n  - name: r\n  - name: r\n',
    });
    const { diagnostics } = await loadConfig([a ?? '', b ?? '']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${a}:2:24: not a valid duration string: "1x"`,
      `${a}:3:1: field foo not found in config`,
      `${b}:1:1: root route must specify a default receiver`,
      `${b}:2:15: not a valid duration string: "2y3x"`,
      `${b}:5:11: notification config name "r" is not unique`,
    ]);
  });

  it('reports a missing file without a position', async () => {
    const { diagnostics } = await loadConfig(['/nonexistent/vigil.yml']);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      '/nonexistent/vigil.yml: open /nonexistent/vigil.yml: no such file or directory',
    ]);
  });

  it('accepts empty files and empty blocks as defaults', async () => {
    const [a, b] = await tempConfig({
      'a.yml': '# nothing\n',
      'b.yml': 'global:\nroute:\n  receiver: x\nreceivers:\n  - name: x\ninhibit_rules:\n  -\n',
    });
    const { config, diagnostics } = await loadConfig([a ?? '', b ?? '']);
    expect(diagnostics).toEqual([]);
    expect(config?.global.resolve_timeout).toBe(300_000);
    expect(config?.inhibit_rules).toEqual([{ source_matchers: [], target_matchers: [], equal: [] }]);
  });

  it('reports a template file that does not parse, at its line and column, as amtool rejects it', async () => {
    const file = path.join(HERE, '../fixtures/config/templates/am-bad-template-file.yml');
    const tmpl = path.join(HERE, '../fixtures/config/templates/am-bad-template-file.tmpl.txt');
    const { config, diagnostics } = await loadConfig([file]);
    expect(config).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `${tmpl}:2:23: invalid template: template: am-bad-template-file.tmpl.txt:2: unexpected "}" in operand`,
    ]);
    const amtool = findAmtool();
    if (!amtool) return;
    const ref = await amtoolCheckConfig(amtool, file);
    expect(ref.code).not.toBe(0);
    expect(ref.output).toContain('template: am-bad-template-file.tmpl.txt:2: unexpected "}" in operand');
  });
});
