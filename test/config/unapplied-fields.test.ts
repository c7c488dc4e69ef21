// Fields Vigil accepts for compatibility but does not apply get a warning naming the field and
// what the user loses, at the field's position; the config still loads. The HTTP client fields
// that decide where and how requests go (proxies, OAuth 2.0) are applied, and checked as
// prometheus/common checks them.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/model/diagnostic.js';
import { loadConfigText } from '../helpers/http-clients.js';

/** Loads `text`; its diagnostics of `severity` as `line:col: message`, and whether it loaded. */
async function diagnosticsOf(
  text: string,
  severity: 'warning' | 'error',
): Promise<{ loaded: boolean; lines: string[] }> {
  const { config, diagnostics } = await loadConfigText(text);
  const lines = diagnostics
    .filter((d) => d.severity === severity)
    .map((d) => formatDiagnostic(d).slice(d.file.length + 1));
  return { loaded: config !== undefined, lines };
}

async function load(text: string): Promise<{ loaded: boolean; warnings: string[] }> {
  const { loaded, lines } = await diagnosticsOf(text, 'warning');
  return { loaded, warnings: lines };
}

describe('accepted but unapplied fields', () => {
  it('says nothing about proxy and OAuth 2.0 settings, which are applied', async () => {
    const r = await load(`route:
  receiver: hook
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:9/hook
        http_config:
          proxy_url: http://proxy.example:3128
          no_proxy: internal.example
          proxy_connect_header:
            X-Proxy-Auth: [token]
  - name: hook2
    slack_configs:
      - api_url: http://127.0.0.1:9/slack
        channel: '#a'
        http_config:
          oauth2:
            client_id: vigil
            client_secret: s3cret
            token_url: http://127.0.0.1:9/token
`);
    expect(r.loaded).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('warns about Alertmanager API v1, service discovery and SigV4, not about relabelling', async () => {
    const r = await load(`alerting:
  alertmanagers:
    - api_version: v1
      static_configs:
        - targets: ['127.0.0.1:9093']
      relabel_configs:
        - source_labels: [__address__]
          target_label: __param_target
      dns_sd_configs:
        - names: [am.example]
      alert_relabel_configs:
        - action: drop
          source_labels: [severity]
          regex: info
      sigv4:
        region: eu-west-1
`);
    expect(r.loaded).toBe(true);
    // In the order of the file.
    expect(r.warnings).toEqual([
      '3:20: warning: api_version: v1 is not supported by Vigil, alerts are sent to the v2 API',
      '9:7: warning: dns_sd_configs: service discovery is not supported by Vigil, only static_configs are used',
      '15:7: warning: sigv4: AWS SigV4 signing is not supported by Vigil, requests are sent unsigned',
    ]);
  });

  it('says nothing for an Alertmanager target that uses only what Vigil applies', async () => {
    const r = await load(`alerting:
  alertmanagers:
    - api_version: v2
      static_configs:
        - targets: ['127.0.0.1:9093']
      relabel_configs: []
`);
    expect(r.warnings).toEqual([]);
  });
});

async function errorsOf(http: string): Promise<string[]> {
  const { loaded, lines } = await diagnosticsOf(
    `rule_files: []\ndatasource:\n  url: http://127.0.0.1:9090\n${http}`,
    'error',
  );
  expect(loaded).toBe(lines.length === 0);
  return lines;
}

describe('proxy field rules (prometheus/common)', () => {
  it.each([
    [
      '  proxy_connect_header:\n    X: [a]\n',
      '4:3: if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured',
    ],
    [
      '  proxy_from_environment: true\n  proxy_url: http://p:3128\n',
      '5:3: if proxy_from_environment is configured, proxy_url must not be configured',
    ],
    [
      '  proxy_from_environment: true\n  no_proxy: a.example\n',
      '5:3: if proxy_from_environment is configured, no_proxy must not be configured',
    ],
    ['  no_proxy: a.example\n', '4:3: if no_proxy is configured, proxy_url must also be configured'],
    ['  proxy_url: not a url\n', '4:14: proxy_url must be an absolute URL with a host'],
    [
      '  proxy_url: socks5://user:pw@p:1080\n',
      '4:14: unsupported proxy scheme "socks5": Vigil supports http and https proxies',
    ],
  ])('%j is refused', async (http, error) => {
    const errors = await errorsOf(http);
    expect(errors).toEqual([error]);
    expect(errors.join('\n')).not.toContain('pw@');
  });

  it('accepts proxy_url with credentials and connect headers', async () => {
    expect(
      await errorsOf('  proxy_url: https://u:p@proxy.example:3128\n  proxy_connect_header:\n    X: [a, b]\n'),
    ).toEqual([]);
  });
});

describe('oauth2 rules (prometheus/common)', () => {
  it.each([
    ['    client_secret: s\n    token_url: http://t/token\n', 'oauth2 client_id must be configured'],
    [
      '    client_id: a\n    token_url: http://t/token\n',
      'either oauth2 client_secret or client_secret_file must be configured',
    ],
    ['    client_id: a\n    client_secret: s\n', 'oauth2 token_url must be configured'],
  ])('%j is refused', async (block, error) => {
    expect(await errorsOf(`  oauth2:\n${block}`)).toEqual([`5:5: ${error}`]);
  });

  it('accepts a complete block', async () => {
    expect(
      await errorsOf('  oauth2:\n    client_id: a\n    client_secret: s\n    token_url: http://t/token\n'),
    ).toEqual([]);
  });
});
