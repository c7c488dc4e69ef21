// Builders for prometheus/common's HTTP client settings, TLS settings and relabel configs,
// with the same mutual-exclusion checks and messages.
import { resolve } from 'node:path';
import { isValidLabelName } from '../model/labels.js';
import { compileRe2, RegexError } from '../model/re2.js';
import { Secret } from '../model/secret.js';
import type { BuildContext, RawMap } from './context.js';
import { asList, asMap, optStr, strMap } from './context.js';
import type {
  Authorization,
  BasicAuth,
  HTTPClientConfig,
  OAuth2,
  RelabelAction,
  RelabelConfig,
  TLSConfig,
} from './types.js';
import type { JsonPath } from './yaml.js';

const set = (v: unknown): boolean => v !== undefined && v !== '';

/** Builds `tls_config`; `ca` and `ca_file` (and the cert/key pairs) are mutually exclusive. */
export function buildTLS(ctx: BuildContext, raw: unknown, path: JsonPath): TLSConfig {
  const m = asMap(raw);
  for (const k of ['ca', 'cert', 'key']) {
    if (set(m[k]) && set(m[`${k}_file`])) {
      ctx.error(
        [...path, `${k}_file`],
        `at most one of ${k} and ${k}_file must be configured`,
        'config.secret_and_file',
        true,
      );
    }
  }
  const key = optStr(m['key']);
  // Like Alertmanager's SetDirectory: file paths are relative to the config file that names them.
  const file = (k: string): Record<string, string> => {
    const f = optStr(m[k]);
    return f !== undefined && f !== '' ? { [k]: resolve(ctx.dirOf(path), f) } : {};
  };
  return {
    ...file('ca_file'),
    ...file('cert_file'),
    ...file('key_file'),
    ...(optStr(m['ca']) !== undefined ? { ca: optStr(m['ca']) } : {}),
    ...(optStr(m['cert']) !== undefined ? { cert: optStr(m['cert']) } : {}),
    ...(key !== undefined && key !== '' ? { key: new Secret(key) } : {}),
    ...(optStr(m['server_name']) !== undefined ? { server_name: optStr(m['server_name']) } : {}),
    insecure_skip_verify: m['insecure_skip_verify'] === true,
    ...(optStr(m['min_version']) !== undefined ? { min_version: optStr(m['min_version']) } : {}),
    ...(optStr(m['max_version']) !== undefined ? { max_version: optStr(m['max_version']) } : {}),
  };
}

function buildBasicAuth(ctx: BuildContext, m: RawMap, path: JsonPath): BasicAuth {
  if (set(m['password']) && set(m['password_file'])) {
    ctx.error(
      [...path, 'password_file'],
      'at most one of basic_auth password & password_file must be configured',
      'config.secret_and_file',
      true,
    );
    return { username: optStr(m['username']) ?? '' };
  }
  const { secret, file } = ctx.secret(m, 'password', path);
  return {
    username: optStr(m['username']) ?? '',
    ...(secret ? { password: secret } : {}),
    ...(file ? { password_file: file } : {}),
  };
}

function buildAuthorization(ctx: BuildContext, m: RawMap, path: JsonPath): Authorization | undefined {
  const type = optStr(m['type']) ?? 'Bearer';
  if (type.toLowerCase() === 'basic') {
    ctx.error(
      [...path, 'type'],
      'authorization type cannot be set to "basic", use "basic_auth" instead',
      'config.invalid_auth',
    );
    return undefined;
  }
  if (set(m['credentials']) && set(m['credentials_file'])) {
    ctx.error(
      [...path, 'credentials_file'],
      'at most one of authorization credentials & credentials_file must be configured',
      'config.secret_and_file',
      true,
    );
    return { type };
  }
  const { secret, file } = ctx.secret(m, 'credentials', path);
  return { type, ...(secret ? { credentials: secret } : {}), ...(file ? { credentials_file: file } : {}) };
}

function buildOAuth2(ctx: BuildContext, m: RawMap, path: JsonPath): OAuth2 {
  // prometheus/common's checks, first failure only.
  const missing = !set(m['client_id'])
    ? 'oauth2 client_id must be configured'
    : !set(m['client_secret']) && !set(m['client_secret_file'])
      ? 'either oauth2 client_secret or client_secret_file must be configured'
      : !set(m['token_url'])
        ? 'oauth2 token_url must be configured'
        : undefined;
  if (missing !== undefined) ctx.error(path, missing, 'config.invalid');
  const { secret, file } = ctx.secret(m, 'client_secret', path);
  return {
    client_id: optStr(m['client_id']) ?? '',
    ...(secret ? { client_secret: secret } : {}),
    ...(file ? { client_secret_file: file } : {}),
    scopes: asList(m['scopes']).map((s) => String(s)),
    token_url: optStr(m['token_url']) ?? '',
    endpoint_params: strMap(m['endpoint_params']),
  };
}

/** Reports the authentication settings that prometheus/common forbids together. */
function checkAuthExclusive(ctx: BuildContext, m: RawMap, path: JsonPath): void {
  if (set(m['bearer_token']) && set(m['bearer_token_file'])) {
    ctx.error(
      [...path, 'bearer_token_file'],
      'at most one of bearer_token & bearer_token_file must be configured',
      'config.secret_and_file',
      true,
    );
  }
  const methods = [
    m['basic_auth'],
    m['oauth2'],
    set(m['bearer_token']) || set(m['bearer_token_file']) ? true : undefined,
  ];
  if (methods.filter((x) => x !== undefined).length > 1) {
    ctx.error(
      path,
      'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured',
      'config.invalid_auth',
    );
  }
  if (m['authorization'] !== undefined && (set(m['bearer_token']) || set(m['bearer_token_file']))) {
    ctx.error(
      [...path, 'authorization'],
      'authorization is not compatible with bearer_token & bearer_token_file',
      'config.invalid_auth',
      true,
    );
  }
  if (m['authorization'] !== undefined && (m['basic_auth'] !== undefined || m['oauth2'] !== undefined)) {
    ctx.error(
      [...path, 'authorization'],
      'at most one of basic_auth, oauth2 & authorization must be configured',
      'config.invalid_auth',
      true,
    );
  }
}

/** prometheus/common's rules for the proxy fields. */
function checkProxy(ctx: BuildContext, m: RawMap, path: JsonPath): void {
  const url = set(m['proxy_url']);
  const fromEnv = m['proxy_from_environment'] === true;
  // prometheus/common reports the first of these only.
  const rule: [string, string] | undefined =
    m['proxy_connect_header'] !== undefined && !url && !fromEnv
      ? [
          'proxy_connect_header',
          'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured',
        ]
      : fromEnv && url
        ? ['proxy_url', 'if proxy_from_environment is configured, proxy_url must not be configured']
        : fromEnv && set(m['no_proxy'])
          ? ['no_proxy', 'if proxy_from_environment is configured, no_proxy must not be configured']
          : !url && set(m['no_proxy'])
            ? ['no_proxy', 'if no_proxy is configured, proxy_url must also be configured']
            : undefined;
  if (rule !== undefined) ctx.error([...path, rule[0]], rule[1], 'config.invalid', true);
  const raw = m['proxy_url'];
  if (typeof raw === 'string' && raw !== '') {
    let u: URL | undefined;
    try {
      u = new URL(raw);
    } catch {
      u = undefined;
    }
    if (u === undefined || u.host === '')
      ctx.error([...path, 'proxy_url'], 'proxy_url must be an absolute URL with a host', 'config.bad_url');
    else if (u.protocol !== 'http:' && u.protocol !== 'https:')
      ctx.error(
        [...path, 'proxy_url'],
        `unsupported proxy scheme "${u.protocol.slice(0, -1)}": Vigil supports http and https proxies`,
        'config.bad_url',
      );
  }
}

/** `proxy_connect_header`: header name → values, each a secret. */
function connectHeaders(m: RawMap): Record<string, Secret[]> | undefined {
  const raw = m['proxy_connect_header'];
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  const out: Record<string, Secret[]> = {};
  for (const [name, values] of Object.entries(raw as Record<string, unknown>))
    out[name] = asList(values).map((v) => new Secret(String(v)));
  return out;
}

/** Builds an HTTP client config from a block holding prometheus/common's fields. */
export function buildHTTP(
  ctx: BuildContext,
  raw: unknown,
  path: JsonPath,
  headers?: unknown,
): HTTPClientConfig {
  const m = asMap(raw);
  checkAuthExclusive(ctx, m, path);
  checkProxy(ctx, m, path);
  const proxyConnectHeader = connectHeaders(m);
  let authorization =
    m['authorization'] !== undefined
      ? buildAuthorization(ctx, asMap(m['authorization']), [...path, 'authorization'])
      : undefined;
  if (!authorization && set(m['bearer_token']) !== set(m['bearer_token_file'])) {
    const { secret, file } = ctx.secret(m, 'bearer_token', path);
    authorization = {
      type: 'Bearer',
      ...(secret ? { credentials: secret } : {}),
      ...(file ? { credentials_file: file } : {}),
    };
  }
  return {
    ...(m['basic_auth'] !== undefined
      ? { basic_auth: buildBasicAuth(ctx, asMap(m['basic_auth']), [...path, 'basic_auth']) }
      : {}),
    ...(authorization ? { authorization } : {}),
    ...(m['oauth2'] !== undefined
      ? { oauth2: buildOAuth2(ctx, asMap(m['oauth2']), [...path, 'oauth2']) }
      : {}),
    tls_config: buildTLS(ctx, m['tls_config'], [...path, 'tls_config']),
    ...(set(m['proxy_url']) ? { proxy_url: String(m['proxy_url']) } : {}),
    ...(proxyConnectHeader !== undefined ? { proxy_connect_header: proxyConnectHeader } : {}),
    ...(optStr(m['no_proxy']) !== undefined ? { no_proxy: optStr(m['no_proxy']) } : {}),
    proxy_from_environment: m['proxy_from_environment'] === true,
    follow_redirects: m['follow_redirects'] !== false,
    enable_http2: m['enable_http2'] !== false,
    ...(headers !== undefined ? { headers: strMap(headers) } : {}),
  };
}

const RELABEL_ACTIONS: ReadonlySet<string> = new Set([
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
]);
const NEEDS_TARGET: ReadonlySet<string> = new Set([
  'replace',
  'hashmod',
  'lowercase',
  'uppercase',
  'keepequal',
  'dropequal',
]);

/** Builds one relabel config with Prometheus' defaults and checks. */
function buildRelabel(ctx: BuildContext, raw: unknown, path: JsonPath): RelabelConfig | undefined {
  const m = asMap(raw);
  const action = (optStr(m['action']) ?? 'replace').toLowerCase();
  if (!RELABEL_ACTIONS.has(action)) {
    ctx.error(
      [...path, 'action'],
      `unknown relabel action ${JSON.stringify(optStr(m['action']))}`,
      'config.relabel',
    );
    return undefined;
  }
  const regex = optStr(m['regex']) ?? '(.*)';
  let regexp: RegExp;
  try {
    regexp = compileRe2(regex, true);
  } catch (e) {
    ctx.error([...path, 'regex'], e instanceof RegexError ? e.message : String(e), 'config.bad_regex');
    return undefined;
  }
  const target = optStr(m['target_label']);
  if (NEEDS_TARGET.has(action) && (target === undefined || target === '')) {
    ctx.error(
      path,
      `relabel configuration for ${action} action requires 'target_label' value`,
      'config.relabel',
    );
  }
  const modulus = typeof m['modulus'] === 'number' ? m['modulus'] : undefined;
  if (action === 'hashmod' && !modulus) {
    ctx.error(path, 'relabel configuration for hashmod requires non-zero modulus', 'config.relabel');
  }
  if (
    action === 'replace' &&
    target !== undefined &&
    target !== '' &&
    !target.includes('$') &&
    !isValidLabelName(target)
  ) {
    ctx.error(
      [...path, 'target_label'],
      `${JSON.stringify(target)} is invalid 'target_label' for replace action`,
      'config.relabel',
    );
  }
  return {
    source_labels: asList(m['source_labels']).map((s) => String(s)),
    separator: optStr(m['separator']) ?? ';',
    regex,
    regexp,
    ...(modulus !== undefined ? { modulus } : {}),
    ...(target !== undefined ? { target_label: target } : {}),
    replacement: optStr(m['replacement']) ?? '$1',
    action: action as RelabelAction,
  };
}

/** Builds a list of relabel configs, dropping invalid entries (they are reported). */
export function buildRelabels(ctx: BuildContext, raw: unknown, path: JsonPath): RelabelConfig[] {
  const out: RelabelConfig[] = [];
  asList(raw).forEach((r, i) => {
    const rc = buildRelabel(ctx, r, [...path, i]);
    if (rc) out.push(rc);
  });
  return out;
}
