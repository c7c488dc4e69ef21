// Builds the Prometheus part (`alerting`, `remote_write`, rule files), Vigil's `datasource`,
// and the merged `global` block.
import { isAbsolute, resolve } from 'node:path';
import { isValidLabelName } from '../model/labels.js';
import type { BuildContext, RawMap } from './context.js';
import { asList, asMap, optStr, strMap } from './context.js';
import { buildHTTP, buildRelabels, buildTLS } from './http.js';
import type {
  AlertingConfig,
  AlertmanagerTargetConfig,
  DatasourceConfig,
  GlobalConfig,
  RemoteWriteConfig,
} from './types.js';
import type { JsonPath } from './yaml.js';

/** Checks that a URL is absolute http(s), with Prometheus' wording; a secret URL is never quoted. */
export function checkURL(ctx: BuildContext, path: JsonPath, url: string, secret = false): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    ctx.error(path, secret ? 'invalid URL' : `parse ${JSON.stringify(url)}: invalid URL`, 'config.bad_url');
    return;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    ctx.error(
      path,
      `unsupported scheme ${JSON.stringify(u.protocol.slice(0, -1))} for URL`,
      'config.bad_url',
    );
  } else if (u.host === '') ctx.error(path, 'missing host for URL', 'config.bad_url');
}

function buildAlertmanager(ctx: BuildContext, raw: unknown, path: JsonPath): AlertmanagerTargetConfig {
  const m = asMap(raw);
  for (const k of Object.keys(m)) {
    if (k.endsWith('_sd_configs')) {
      ctx.report(
        'warning',
        [...path, k],
        `${k}: service discovery is not supported by Vigil, only static_configs are used`,
        'config.ignored',
        true,
      );
    }
  }
  if (m['sigv4'] !== undefined && m['sigv4'] !== null) {
    ctx.report(
      'warning',
      [...path, 'sigv4'],
      'sigv4: AWS SigV4 signing is not supported by Vigil, requests are sent unsigned',
      'config.ignored',
      true,
    );
  }
  if (optStr(m['api_version']) === 'v1') {
    ctx.report(
      'warning',
      [...path, 'api_version'],
      'api_version: v1 is not supported by Vigil, alerts are sent to the v2 API',
      'config.ignored',
    );
  }
  return {
    static_configs: asList(m['static_configs']).map((sc) => {
      const s = asMap(sc);
      return { targets: asList(s['targets']).map((t) => String(t)), labels: strMap(s['labels']) };
    }),
    scheme: optStr(m['scheme']) === 'https' ? 'https' : 'http',
    path_prefix: optStr(m['path_prefix']) ?? '/',
    timeout: ctx.durationOr([...path, 'timeout'], m['timeout'], 10_000),
    api_version: optStr(m['api_version']) === 'v1' ? 'v1' : 'v2',
    http: buildHTTP(ctx, m, path),
    relabel_configs: buildRelabels(ctx, m['relabel_configs'], [...path, 'relabel_configs']),
    alert_relabel_configs: buildRelabels(ctx, m['alert_relabel_configs'], [...path, 'alert_relabel_configs']),
  };
}

/** Builds `alerting`. */
export function buildAlerting(ctx: BuildContext, raw: unknown): AlertingConfig {
  const m = asMap(raw);
  return {
    alertmanagers: asList(m['alertmanagers']).map((a, i) =>
      buildAlertmanager(ctx, a, ['alerting', 'alertmanagers', i]),
    ),
    alert_relabel_configs: buildRelabels(ctx, m['alert_relabel_configs'], [
      'alerting',
      'alert_relabel_configs',
    ]),
  };
}

function buildRemoteWrite(ctx: BuildContext, raw: unknown, path: JsonPath): RemoteWriteConfig {
  const m = asMap(raw);
  const url = optStr(m['url']);
  if (url === undefined || url === '') ctx.error(path, 'url for remote_write is empty', 'config.missing_url');
  else checkURL(ctx, [...path, 'url'], url);
  const q = asMap(m['queue_config']);
  const md = asMap(m['metadata_config']);
  const qp = [...path, 'queue_config'];
  const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);
  return {
    url: url ?? '',
    ...(optStr(m['name']) !== undefined ? { name: optStr(m['name']) } : {}),
    remote_timeout: ctx.durationOr([...path, 'remote_timeout'], m['remote_timeout'], 30_000),
    http: buildHTTP(ctx, m, path, m['headers']),
    write_relabel_configs: buildRelabels(ctx, m['write_relabel_configs'], [...path, 'write_relabel_configs']),
    queue_config: {
      capacity: num(q['capacity'], 10000),
      max_shards: num(q['max_shards'], 50),
      min_shards: num(q['min_shards'], 1),
      max_samples_per_send: num(q['max_samples_per_send'], 2000),
      batch_send_deadline: ctx.durationOr([...qp, 'batch_send_deadline'], q['batch_send_deadline'], 5000),
      min_backoff: ctx.durationOr([...qp, 'min_backoff'], q['min_backoff'], 30),
      max_backoff: ctx.durationOr([...qp, 'max_backoff'], q['max_backoff'], 5000),
      retry_on_http_429: q['retry_on_http_429'] === true,
    },
    metadata_config: {
      send: md['send'] !== false,
      send_interval: ctx.durationOr(
        [...path, 'metadata_config', 'send_interval'],
        md['send_interval'],
        60_000,
      ),
    },
    send_exemplars: m['send_exemplars'] === true,
    send_native_histograms: m['send_native_histograms'] === true,
  };
}

/** Builds `remote_write`; names must be unique, as in Prometheus. */
export function buildRemoteWrites(ctx: BuildContext, raw: unknown): RemoteWriteConfig[] {
  const names = new Set<string>();
  return asList(raw).map((r, i) => {
    const name = optStr(asMap(r)['name']);
    if (name !== undefined && name !== '') {
      if (names.has(name))
        ctx.error(
          ['remote_write', i, 'name'],
          `found multiple remote write configs with job name ${JSON.stringify(name)}`,
          'config.duplicate_name',
        );
      names.add(name);
    }
    return buildRemoteWrite(ctx, r, ['remote_write', i]);
  });
}

/** Rule expressions per batched query unless `datasource.query_batch_size` says otherwise. */
export const DEFAULT_QUERY_BATCH_SIZE = 10;

/** Builds Vigil's `datasource`. */
export function buildDatasource(ctx: BuildContext, raw: unknown): DatasourceConfig | undefined {
  if (raw === undefined) return undefined;
  const m = asMap(raw);
  const url = optStr(m['url']) ?? '';
  if (url === '') ctx.error(['datasource'], 'datasource: missing url', 'config.missing_url');
  else checkURL(ctx, ['datasource', 'url'], url);
  const batch = typeof m['query_batch_size'] === 'number' ? m['query_batch_size'] : DEFAULT_QUERY_BATCH_SIZE;
  if (batch < 1)
    ctx.error(
      ['datasource', 'query_batch_size'],
      `query_batch_size must be at least 1, got ${batch}`,
      'config.invalid',
    );
  return {
    url,
    timeout: ctx.durationOr(['datasource', 'timeout'], m['timeout'], 30_000),
    query_batch_size: batch,
    http: buildHTTP(ctx, m, ['datasource'], m['headers']),
  };
}

/** Makes glob patterns absolute against the directory of the file that listed them. */
export function resolvePatterns(ctx: BuildContext, raw: unknown, key: string): string[] {
  return asList(raw).map((p, i) => {
    const s = String(p);
    return isAbsolute(s) ? s : resolve(ctx.dirOf([key, i]), s);
  });
}

/** Builds the merged `global` block (Prometheus evaluation settings and Alertmanager globals). */
export function buildGlobal(ctx: BuildContext, raw: unknown): GlobalConfig {
  const g = asMap(raw);
  const p = (k: string): JsonPath => ['global', k];
  const labels = strMap(g['external_labels']);
  for (const name of Object.keys(labels)) {
    if (!isValidLabelName(name))
      ctx.error(
        [...p('external_labels'), name],
        `${JSON.stringify(name)} is not a valid label name`,
        'config.bad_label_name',
        true,
      );
  }
  const s = (k: string): string | undefined => optStr(g[k]);
  const sec = (k: string): RawMap => {
    const r = ctx.secret(g, k, ['global']);
    return { ...(r.secret ? { [k]: r.secret } : {}), ...(r.file ? { [`${k}_file`]: r.file } : {}) };
  };
  const smtpSecret = ctx.secret(g, 'smtp_auth_secret', ['global']).secret;
  const scrapeInterval = ctx.durationOr(p('scrape_interval'), g['scrape_interval'], 60_000);
  const scrapeTimeout = ctx.duration(p('scrape_timeout'), g['scrape_timeout']);
  if (scrapeTimeout !== undefined && scrapeTimeout > scrapeInterval) {
    ctx.error(
      p('scrape_timeout'),
      'global scrape timeout greater than scrape interval',
      'config.scrape_timeout',
    );
  }
  return {
    evaluation_interval: ctx.durationOr(p('evaluation_interval'), g['evaluation_interval'], 60_000),
    scrape_interval: scrapeInterval,
    scrape_timeout: scrapeTimeout || Math.min(10_000, scrapeInterval),
    rule_query_offset: ctx.durationOr(p('rule_query_offset'), g['rule_query_offset'], 0),
    external_labels: labels,
    ...(s('query_log_file') !== undefined ? { query_log_file: s('query_log_file') } : {}),
    resolve_timeout: ctx.durationOr(p('resolve_timeout'), g['resolve_timeout'], 300_000),
    http_config: buildHTTP(ctx, g['http_config'], p('http_config')),
    ...(s('smtp_from') !== undefined ? { smtp_from: s('smtp_from') } : {}),
    smtp_hello: s('smtp_hello') ?? 'localhost',
    ...(s('smtp_smarthost') !== undefined ? { smtp_smarthost: s('smtp_smarthost') } : {}),
    ...(s('smtp_auth_username') !== undefined ? { smtp_auth_username: s('smtp_auth_username') } : {}),
    ...sec('smtp_auth_password'),
    ...(smtpSecret ? { smtp_auth_secret: smtpSecret } : {}),
    ...(s('smtp_auth_identity') !== undefined ? { smtp_auth_identity: s('smtp_auth_identity') } : {}),
    smtp_require_tls: g['smtp_require_tls'] !== false,
    ...(g['smtp_tls_config'] !== undefined
      ? { smtp_tls_config: buildTLS(ctx, g['smtp_tls_config'], p('smtp_tls_config')) }
      : {}),
    ...sec('slack_api_url'),
    pagerduty_url: s('pagerduty_url') ?? 'https://events.pagerduty.com/v2/enqueue',
    opsgenie_api_url: withSlash(s('opsgenie_api_url') ?? 'https://api.opsgenie.com/'),
    ...sec('opsgenie_api_key'),
    victorops_api_url: withSlash(
      s('victorops_api_url') ?? 'https://alert.victorops.com/integrations/generic/20131114/alert/',
    ),
    ...sec('victorops_api_key'),
    wechat_api_url: withSlash(s('wechat_api_url') ?? 'https://qyapi.weixin.qq.com/cgi-bin/'),
    ...sec('wechat_api_secret'),
    ...(s('wechat_api_corp_id') !== undefined ? { wechat_api_corp_id: s('wechat_api_corp_id') } : {}),
    telegram_api_url: s('telegram_api_url') ?? 'https://api.telegram.org',
    webex_api_url: s('webex_api_url') ?? 'https://webexapis.com/v1/messages',
  } as GlobalConfig;
}

/** Alertmanager forces a trailing slash on some API URLs. */
function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}
