import { format, inspect } from 'node:util';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { redactConfig } from '../../src/config/redact.js';
import { formatDiagnostic } from '../../src/model/diagnostic.js';

const GOOD = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/config/good');

/** Every secret value written in (or read from files by) the good fixtures. */
const SECRETS = [
  'smtp-password-from-file',
  'hooks.slack.com/services/FROM/FILE',
  'bearer-from-file',
  'XXXXSECRETXXXX',
  'opsgenie-secret-key',
  'pagerduty-routing-secret',
  'discord-secret',
  'telegram-bot-secret',
  'basic-auth-secret',
  'am-basic-secret',
  'remote-write-secret',
];

describe('secrets', () => {
  const load = () => loadConfig([path.join(GOOD, 'vigil.yml'), path.join(GOOD, 'alertmanager-full.yml')]);

  it('loads inline secrets and *_file twins', async () => {
    const { config, diagnostics } = await load();
    expect(diagnostics).toEqual([]);
    expect(config?.global.smtp_auth_password?.reveal()).toBe('smtp-password-from-file');
    // File paths become absolute, relative to the config file that names them.
    expect(config?.global.smtp_auth_password_file).toBe(path.join(GOOD, 'secrets/smtp-password'));
    const hooks = config?.receivers.find((r) => r.name === 'hooks');
    expect(hooks?.webhook_configs[0]?.http.authorization?.credentials?.reveal()).toBe('bearer-from-file');
    expect(hooks?.webhook_configs[1]?.http.basic_auth?.password?.reveal()).toBe('basic-auth-secret');
    const pager = config?.receivers.find((r) => r.name === 'pager');
    expect(pager?.email_configs[0]?.auth_password?.reveal()).toBe('smtp-password-from-file');
  });

  it.each<[string, (c: unknown) => string]>([
    ['JSON.stringify', (c) => JSON.stringify(c)],
    ['util.inspect', (c) => inspect(c, { depth: Infinity, showHidden: true })],
    ['util.format %o', (c) => format('%o', c)],
    ['String', (c) => String(c)],
    ['redactConfig', (c) => JSON.stringify(redactConfig(c))],
  ])('never shows a secret through %s', async (_name, show) => {
    const { config } = await load();
    expect(config).toBeDefined();
    const text = show(config);
    for (const s of SECRETS) expect(text).not.toContain(s);
  });

  it('redacts to a plain object with <secret>, matcher text and durations', async () => {
    const { config } = await load();
    const r = redactConfig(config) as {
      global: Record<string, unknown>;
      route: { group_wait: string; routes: Array<{ matchers: string[] }> };
      receivers: Array<{ name: string; webhook_configs: Array<{ url: string }> }>;
      datasource: { http_config: { authorization: { credentials: string } } };
    };
    expect(r.global['slack_api_url']).toBe('<secret>');
    expect(r.global['smtp_auth_password']).toBe('<secret>');
    expect(r.global['smtp_auth_password_file']).toBe(path.join(GOOD, 'secrets/smtp-password'));
    expect(r.global['resolve_timeout']).toBe('2m');
    expect(r.route.group_wait).toBe('30s');
    expect(r.route.routes[0]?.matchers).toEqual(['severity="critical"', 'team=~"db|platform"']);
    expect(r.receivers.find((x) => x.name === 'hooks')?.webhook_configs[0]?.url).toBe('<secret>');
    expect(r.datasource.http_config.authorization.credentials).toBe('<secret>');
  });

  it('never puts a secret into a diagnostic', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-secrets-'));
    const file = path.join(dir, 'am.yml');
    await writeFile(
      file,
      [
        'global:',
        '  slack_api_url: https://hooks.slack.com/services/XXXXSECRETXXXX',
        '  slack_api_url_file: /nope',
        'route:',
        '  receiver: r',
        'receivers:',
        '  - name: r',
        '    webhook_configs:',
        '      - url: "http//hook-telegram-bot-secret"',
        '        http_config:',
        '          basic_auth: {username: u, password: basic-auth-secret, password_file: /x}',
        '          bearer_token: bearer-from-file',
        '    pagerduty_configs:',
        '      - routing_key: pagerduty-routing-secret',
        '        routing_key_file: /nope',
        '        url: [opsgenie-secret-key]',
        '',
      ].join('\n'),
    );
    const { config, diagnostics } = await loadConfig([file]);
    expect(config).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThanOrEqual(5);
    const text = diagnostics.map(formatDiagnostic).join('\n') + JSON.stringify(diagnostics);
    for (const s of SECRETS) expect(text).not.toContain(s);
  });
});

describe('telegram chat_id_file', () => {
  const write = async (chatFile: string, extra = ''): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-chat-'));
    await writeFile(path.join(dir, 'chat-id'), chatFile);
    const file = path.join(dir, 'am.yml');
    await writeFile(
      file,
      [
        'route: {receiver: tg}',
        'receivers:',
        '  - name: tg',
        '    telegram_configs:',
        `      - {bot_token: tok, chat_id_file: chat-id${extra}}`,
        '',
      ].join('\n'),
    );
    return file;
  };

  it('reads the chat id from the file, relative to the config', async () => {
    const { config, diagnostics } = await loadConfig([await write('-1001234\n')]);
    expect(diagnostics).toEqual([]);
    expect(config?.receivers[0]?.telegram_configs[0]?.chat_id).toBe(-1001234);
  });

  it.each([
    ['not a number\n', '', 'does not hold an integer chat id'],
    ['42', ', chat_id: 7', 'at most one of chat_id & chat_id_file must be configured'],
  ])('refuses %j%s', async (content, extra, message) => {
    const { config, diagnostics } = await loadConfig([await write(content, extra)]);
    expect(config).toBeUndefined();
    expect(diagnostics.map((d) => d.message).join('\n')).toContain(message);
  });
});
