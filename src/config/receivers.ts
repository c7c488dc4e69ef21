// Builds receivers and their integrations, applying the globals the way Alertmanager's
// `Config.UnmarshalYAML` does and reporting its errors with their texts.
import type { BuildContext, RawMap } from './context.js';
import { asList, asMap, optStr, strMap } from './context.js';
import { buildHTTP, buildTLS } from './http.js';
import { checkURL } from './prometheus.js';
import type {
  DiscordConfig,
  EmailConfig,
  GlobalConfig,
  HTTPClientConfig,
  MSTeamsConfig,
  OpsGenieConfig,
  PagerdutyConfig,
  Receiver,
  SlackConfig,
  TelegramConfig,
  WebhookConfig,
} from './types.js';
import type { JsonPath } from './yaml.js';

type Builder<T> = (ctx: BuildContext, m: RawMap, path: JsonPath, g: GlobalConfig) => T | undefined;

/** The integration's own `http_config`, or the global one. */
function http(ctx: BuildContext, m: RawMap, path: JsonPath, g: GlobalConfig): HTTPClientConfig {
  return m['http_config'] !== undefined
    ? buildHTTP(ctx, m['http_config'], [...path, 'http_config'])
    : g.http_config;
}

/** Copies the plain (non-secret, already defaulted) fields of a raw integration block. */
function plain(m: RawMap, omit: readonly string[]): RawMap {
  const out: RawMap = {};
  for (const [k, v] of Object.entries(m)) if (!omit.includes(k) && !k.endsWith('_file')) out[k] = v;
  return out;
}

/** Checks a `host:port` address the way Go's net.SplitHostPort and Alertmanager's HostPort do. */
export function checkHostPort(ctx: BuildContext, path: JsonPath, addr: string): void {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):([^:]*)$/.exec(addr);
  if (!m) {
    const why = addr.includes(':') ? 'too many colons in address' : 'missing port in address';
    ctx.error(path, `address ${addr}: ${why}`, 'config.bad_address');
  } else if (m[3] === '')
    ctx.error(path, `address ${JSON.stringify(addr)}: port cannot be empty`, 'config.bad_address');
}

/** Go's textproto.CanonicalMIMEHeaderKey for the common ASCII case. */
function canonicalHeader(h: string): string {
  return h.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

function emailHeaders(ctx: BuildContext, m: RawMap, path: JsonPath): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [h, v] of Object.entries(strMap(m['headers']))) {
    const n = canonicalHeader(h);
    if (n in headers)
      ctx.error(
        [...path, 'headers', h],
        `duplicate header ${JSON.stringify(n)} in email config`,
        'config.duplicate_header',
        true,
      );
    headers[n] = v;
  }
  const subject = optStr(m['subject']);
  if (subject !== undefined) {
    ctx.report(
      'info',
      [...path, 'subject'],
      'email_configs: "subject" is not an Alertmanager field (Alertmanager rejects it); Vigil reads it as headers.Subject',
      'config.alias',
      true,
    );
    if ('Subject' in headers)
      ctx.error(
        [...path, 'subject'],
        'subject and headers.Subject are both set',
        'config.alias_conflict',
        true,
      );
    else headers['Subject'] = subject;
  }
  if (!('Subject' in headers)) headers['Subject'] = '{{ template "email.default.subject" . }}';
  return headers;
}

const email: Builder<EmailConfig> = (ctx, m, path, g) => {
  const to = optStr(m['to']) ?? '';
  if (to === '') ctx.error(path, 'missing to address in email config', 'config.email_to');
  const smarthost = optStr(m['smarthost']) ?? g.smtp_smarthost ?? '';
  if (smarthost === '') ctx.error(path, 'no global SMTP smarthost set', 'config.email_smarthost');
  else if (optStr(m['smarthost']) !== undefined) checkHostPort(ctx, [...path, 'smarthost'], smarthost);
  const from = optStr(m['from']) ?? g.smtp_from ?? '';
  if (from === '') ctx.error(path, 'no global SMTP from set', 'config.email_from');
  const headers = emailHeaders(ctx, m, path);
  let text = optStr(m['text']);
  const body = optStr(m['body']);
  if (body !== undefined) {
    ctx.report(
      'info',
      [...path, 'body'],
      'email_configs: "body" is not an Alertmanager field (Alertmanager rejects it); Vigil reads it as text',
      'config.alias',
      true,
    );
    if (text !== undefined)
      ctx.error([...path, 'body'], 'body and text are both set', 'config.alias_conflict', true);
    else text = body;
  }
  let password = ctx.secret(m, 'auth_password', path);
  if (!password.secret && !password.file)
    password = {
      ...(g.smtp_auth_password ? { secret: g.smtp_auth_password } : {}),
      ...(g.smtp_auth_password_file ? { file: g.smtp_auth_password_file } : {}),
    };
  const authSecret = ctx.secret(m, 'auth_secret', path).secret ?? g.smtp_auth_secret;
  const username = optStr(m['auth_username']) ?? g.smtp_auth_username;
  const identity = optStr(m['auth_identity']) ?? g.smtp_auth_identity;
  return {
    send_resolved: m['send_resolved'] === true,
    to,
    from,
    smarthost,
    hello: optStr(m['hello']) ?? g.smtp_hello,
    ...(username !== undefined ? { auth_username: username } : {}),
    ...(password.secret ? { auth_password: password.secret } : {}),
    ...(password.file ? { auth_password_file: password.file } : {}),
    ...(authSecret ? { auth_secret: authSecret } : {}),
    ...(identity !== undefined ? { auth_identity: identity } : {}),
    require_tls: typeof m['require_tls'] === 'boolean' ? m['require_tls'] : g.smtp_require_tls,
    tls_config:
      m['tls_config'] !== undefined
        ? buildTLS(ctx, m['tls_config'], [...path, 'tls_config'])
        : (g.smtp_tls_config ?? buildTLS(ctx, {}, path)),
    headers,
    ...(optStr(m['html']) !== undefined ? { html: optStr(m['html']) } : {}),
    ...(text !== undefined ? { text } : {}),
  };
};

function checkSlackParts(ctx: BuildContext, m: RawMap, path: JsonPath): void {
  asList(m['fields']).forEach((f, i) => {
    const fm = asMap(f);
    if (!optStr(fm['title']))
      ctx.error([...path, 'fields', i], 'missing title in Slack field configuration', 'config.slack');
    else if (!optStr(fm['value']))
      ctx.error([...path, 'fields', i], 'missing value in Slack field configuration', 'config.slack');
  });
  asList(m['actions']).forEach((a, i) => {
    const am = asMap(a);
    const p = [...path, 'actions', i];
    if (!optStr(am['type'])) ctx.error(p, 'missing type in Slack action configuration', 'config.slack');
    else if (!optStr(am['text'])) ctx.error(p, 'missing text in Slack action configuration', 'config.slack');
    else if (!optStr(am['url']) && !optStr(am['name']))
      ctx.error(p, 'missing name or url in Slack action configuration', 'config.slack');
  });
}

const slack: Builder<SlackConfig> = (ctx, m, path, g) => {
  checkSlackParts(ctx, m, path);
  const inline = optStr(m['api_url']);
  if (inline !== undefined && inline !== '' && inline !== '<secret>')
    checkURL(ctx, [...path, 'api_url'], inline, true);
  let url = ctx.secret(m, 'api_url', path);
  if (!url.secret && !url.file && !(optStr(m['api_url']) && optStr(m['api_url_file']))) {
    if (!g.slack_api_url && !g.slack_api_url_file)
      ctx.error(path, 'no global Slack API URL set either inline or in a file', 'config.slack_url');
    url = {
      ...(g.slack_api_url ? { secret: g.slack_api_url } : {}),
      ...(g.slack_api_url_file ? { file: g.slack_api_url_file } : {}),
    };
  }
  return {
    ...(plain(m, ['http_config', 'api_url', 'app_token']) as unknown as SlackConfig),
    http: http(ctx, m, path, g),
    ...(url.secret ? { api_url: url.secret } : {}),
    ...(url.file ? { api_url_file: url.file } : {}),
  };
};

const webhook: Builder<WebhookConfig> = (ctx, m, path, g) => {
  const hasUrl = optStr(m['url']) !== undefined && optStr(m['url']) !== '';
  const hasFile = optStr(m['url_file']) !== undefined && optStr(m['url_file']) !== '';
  if (!hasUrl && !hasFile) {
    ctx.error(path, 'one of url or url_file must be configured', 'config.webhook_url');
    return undefined;
  }
  if (hasUrl) checkURL(ctx, [...path, 'url'], optStr(m['url']) ?? '', true);
  const url = ctx.secret(m, 'url', path);
  if (!url.secret) return undefined;
  return {
    send_resolved: m['send_resolved'] !== false,
    http: http(ctx, m, path, g),
    url: url.secret,
    ...(url.file ? { url_file: url.file } : {}),
    max_alerts: typeof m['max_alerts'] === 'number' ? m['max_alerts'] : 0,
    timeout: ctx.durationOr([...path, 'timeout'], m['timeout'], 0),
  };
};

const pagerduty: Builder<PagerdutyConfig> = (ctx, m, path, g) => {
  const routing = ctx.secret(m, 'routing_key', path);
  const service = ctx.secret(m, 'service_key', path);
  const any = ['routing_key', 'routing_key_file', 'service_key', 'service_key_file'].some((k) =>
    optStr(m[k]),
  );
  if (!any) ctx.error(path, 'missing service or routing key in PagerDuty config', 'config.pagerduty_key');
  return {
    ...(plain(m, ['http_config', 'routing_key', 'service_key']) as unknown as PagerdutyConfig),
    http: http(ctx, m, path, g),
    ...(routing.secret ? { routing_key: routing.secret } : {}),
    ...(service.secret ? { service_key: service.secret } : {}),
    url: optStr(m['url']) ?? g.pagerduty_url,
    // Alertmanager adds each default detail the user did not set.
    details: {
      firing: '{{ template "pagerduty.default.instances" .Alerts.Firing }}',
      resolved: '{{ template "pagerduty.default.instances" .Alerts.Resolved }}',
      num_firing: '{{ .Alerts.Firing | len }}',
      num_resolved: '{{ .Alerts.Resolved | len }}',
      ...asMap(m['details']),
    },
  };
};

const opsgenie: Builder<OpsGenieConfig> = (ctx, m, path, g) => {
  let key = ctx.secret(m, 'api_key', path);
  if (!key.secret && !optStr(m['api_key']) && !optStr(m['api_key_file'])) {
    if (!g.opsgenie_api_key)
      ctx.error(path, 'no global OpsGenie API Key set either inline or in a file', 'config.opsgenie_key');
    key = g.opsgenie_api_key ? { secret: g.opsgenie_api_key } : {};
  }
  asList(m['responders']).forEach((r, i) => {
    const rm = asMap(r);
    if (!optStr(rm['id']) && !optStr(rm['name']) && !optStr(rm['username'])) {
      ctx.error(
        [...path, 'responders', i],
        'opsGenieConfig responder has to have at least one of id, username or name specified',
        'config.opsgenie',
      );
    }
  });
  return {
    ...(plain(m, ['http_config', 'api_key']) as unknown as OpsGenieConfig),
    http: http(ctx, m, path, g),
    ...(key.secret ? { api_key: key.secret } : {}),
    api_url: optStr(m['api_url']) ?? g.opsgenie_api_url,
    details: strMap(m['details']),
  };
};

/** msteams and discord: a required secret `webhook_url` or its file twin. */
function webhookUrlConfig<T>(ctx: BuildContext, m: RawMap, path: JsonPath, g: GlobalConfig): T | undefined {
  if (!optStr(m['webhook_url']) && !optStr(m['webhook_url_file'])) {
    ctx.error(path, 'one of webhook_url or webhook_url_file must be configured', 'config.webhook_url');
    return undefined;
  }
  const url = ctx.secret(m, 'webhook_url', path);
  if (!url.secret) return undefined;
  return {
    ...plain(m, ['http_config', 'webhook_url']),
    http: http(ctx, m, path, g),
    webhook_url: url.secret,
    ...(url.file ? { webhook_url_file: url.file } : {}),
  } as T;
}

/** Reads `chat_id_file` (an integer, like Alertmanager's newer releases) when it replaces `chat_id`. */
function telegramChatIdFromFile(ctx: BuildContext, m: RawMap, path: JsonPath): number | undefined {
  const file = optStr(m['chat_id_file']);
  if (file === undefined || file === '') return undefined;
  const at = [...path, 'chat_id_file'];
  if (m['chat_id'] !== undefined) {
    ctx.error(path, 'at most one of chat_id & chat_id_file must be configured', 'config.telegram');
    return undefined;
  }
  const text = ctx.readSecretFile(at, file)?.reveal();
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) {
    ctx.error(at, `chat_id_file ${file} does not hold an integer chat id`, 'config.telegram');
    return undefined;
  }
  return Number(text);
}

const telegram: Builder<TelegramConfig> = (ctx, m, path, g) => {
  if (!optStr(m['bot_token']) && !optStr(m['bot_token_file'])) {
    ctx.error(path, 'missing bot_token or bot_token_file on telegram_config', 'config.telegram');
    return undefined;
  }
  if (m['chat_id'] === undefined && m['chat_id_file'] === undefined)
    ctx.error(path, 'missing chat_id on telegram_config', 'config.telegram');
  const chatId = telegramChatIdFromFile(ctx, m, path);
  const token = ctx.secret(m, 'bot_token', path);
  if (!token.secret) return undefined;
  return {
    ...(plain(m, ['http_config', 'bot_token']) as unknown as TelegramConfig),
    ...(chatId !== undefined ? { chat_id: chatId } : {}),
    http: http(ctx, m, path, g),
    api_url: optStr(m['api_url']) ?? g.telegram_api_url,
    bot_token: token.secret,
    ...(token.file ? { bot_token_file: token.file } : {}),
  };
};

const BUILDERS: Record<string, Builder<unknown>> = {
  email_configs: email,
  slack_configs: slack,
  webhook_configs: webhook,
  pagerduty_configs: pagerduty,
  opsgenie_configs: opsgenie,
  msteams_configs: (ctx, m, p, g) => webhookUrlConfig<MSTeamsConfig>(ctx, m, p, g),
  discord_configs: (ctx, m, p, g) => webhookUrlConfig<DiscordConfig>(ctx, m, p, g),
  telegram_configs: telegram,
};

/** Builds `receivers`: names required and unique; integrations built with the globals applied. */
export function buildReceivers(ctx: BuildContext, raw: unknown, g: GlobalConfig): Receiver[] {
  const names = new Set<string>();
  return asList(raw).map((r, i) => {
    const m = asMap(r);
    const path = ['receivers', i];
    const name = optStr(m['name']) ?? '';
    if (name === '') ctx.error(path, 'missing name in receiver', 'config.missing_name');
    else if (names.has(name))
      ctx.error(
        [...path, 'name'],
        `notification config name ${JSON.stringify(name)} is not unique`,
        'config.duplicate_receiver',
      );
    names.add(name);
    const out: Record<string, unknown> = { name, other_configs: {} };
    for (const [key, build] of Object.entries(BUILDERS)) {
      const built: unknown[] = [];
      asList(m[key]).forEach((c, j) => {
        const v = build(ctx, asMap(c), [...path, key, j], g);
        if (v !== undefined) built.push(v);
      });
      out[key] = built;
    }
    const other: Record<string, unknown[]> = {};
    for (const [k, v] of Object.entries(m))
      if (k.endsWith('_configs') && !(k in BUILDERS)) other[k] = asList(v);
    out['other_configs'] = other;
    return out as unknown as Receiver;
  });
}
