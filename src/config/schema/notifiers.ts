// JSON Schemas for Alertmanager receivers and their integrations, with Alertmanager's defaults.
import {
  bool,
  dur,
  httpConfig,
  int,
  list,
  obj,
  scalar,
  str,
  strList,
  strMap,
  tlsConfig,
  withDefault,
} from './common.js';
import type { Schema } from './common.js';

const tmpl = (name: string): string => `{{ template "${name}" . }}`;

/** The fields every integration has. */
function notifier(sendResolved: boolean, props: Record<string, Schema>, withHttp = true): Schema {
  return obj({
    send_resolved: withDefault(bool, sendResolved),
    ...(withHttp ? { http_config: httpConfig } : {}),
    ...props,
  });
}

const email = notifier(
  false,
  {
    to: str,
    from: str,
    smarthost: str,
    hello: str,
    auth_username: str,
    auth_password: str,
    auth_password_file: str,
    auth_secret: str,
    auth_secret_file: str,
    auth_identity: str,
    require_tls: bool,
    force_implicit_tls: bool,
    tls_config: tlsConfig,
    headers: strMap,
    html: withDefault(str, tmpl('email.default.html')),
    text: str,
    threading: { type: 'object' },
    // Not Alertmanager fields: the user's seed configs use them; see semantic aliases.
    subject: str,
    body: str,
  },
  false,
);

const slackField = obj({ title: str, value: str, short: bool });
const slackAction = obj({
  type: str,
  text: str,
  url: str,
  style: str,
  name: str,
  value: str,
  confirm: obj({ text: str, title: str, ok_text: str, dismiss_text: str }),
});

const slack = notifier(false, {
  api_url: str,
  api_url_file: str,
  app_token: str,
  app_token_file: str,
  app_url: str,
  channel: str,
  username: withDefault(str, tmpl('slack.default.username')),
  color: withDefault(str, '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}'),
  title: withDefault(str, tmpl('slack.default.title')),
  title_link: withDefault(str, tmpl('slack.default.titlelink')),
  pretext: withDefault(str, tmpl('slack.default.pretext')),
  text: withDefault(str, tmpl('slack.default.text')),
  message_text: str,
  fields: withDefault(list(slackField), []),
  short_fields: withDefault(bool, false),
  footer: withDefault(str, tmpl('slack.default.footer')),
  fallback: withDefault(str, tmpl('slack.default.fallback')),
  callback_id: withDefault(str, tmpl('slack.default.callbackid')),
  icon_emoji: withDefault(str, tmpl('slack.default.iconemoji')),
  icon_url: withDefault(str, tmpl('slack.default.iconurl')),
  image_url: withDefault(str, ''),
  thumb_url: withDefault(str, ''),
  link_names: withDefault(bool, false),
  mrkdwn_in: withDefault(strList, ['fallback', 'pretext', 'text']),
  actions: withDefault(list(slackAction), []),
  timeout: dur,
  update_message: bool,
});

const webhook = notifier(true, {
  url: str,
  url_file: str,
  max_alerts: withDefault(int, 0),
  timeout: withDefault(dur, '0s'),
  payload: {},
});

const pagerduty = notifier(true, {
  routing_key: str,
  routing_key_file: str,
  service_key: str,
  service_key_file: str,
  url: str,
  client: withDefault(str, tmpl('pagerduty.default.client')),
  client_url: withDefault(str, tmpl('pagerduty.default.clientURL')),
  description: withDefault(str, '{{ template "pagerduty.default.description" .}}'),
  details: { type: 'object' },
  images: withDefault(list(obj({ src: str, alt: str, href: str })), []),
  links: withDefault(list(obj({ href: str, text: str })), []),
  source: str,
  severity: withDefault(str, 'error'),
  class: str,
  component: str,
  group: str,
  timeout: dur,
});

const opsgenie = notifier(true, {
  api_key: str,
  api_key_file: str,
  api_url: str,
  message: withDefault(str, tmpl('opsgenie.default.message')),
  description: withDefault(str, tmpl('opsgenie.default.description')),
  source: withDefault(str, tmpl('opsgenie.default.source')),
  details: withDefault(strMap, {}),
  entity: str,
  responders: withDefault(list(obj({ id: str, name: str, username: str, type: str })), []),
  actions: str,
  tags: str,
  note: str,
  priority: str,
  update_alerts: withDefault(bool, false),
});

const msteams = notifier(true, {
  webhook_url: str,
  webhook_url_file: str,
  title: withDefault(str, tmpl('msteams.default.title')),
  summary: withDefault(str, tmpl('msteams.default.summary')),
  text: withDefault(str, tmpl('msteams.default.text')),
});

const discord = notifier(true, {
  webhook_url: str,
  webhook_url_file: str,
  title: withDefault(str, tmpl('discord.default.title')),
  message: withDefault(str, tmpl('discord.default.message')),
  content: str,
  username: str,
  avatar_url: str,
});

const telegram = notifier(true, {
  api_url: str,
  bot_token: str,
  bot_token_file: str,
  chat_id: int,
  chat_id_file: str,
  message_thread_id: int,
  message: withDefault(str, tmpl('telegram.default.message')),
  disable_notifications: withDefault(bool, false),
  parse_mode: withDefault({ enum: ['', 'HTML', 'Markdown', 'MarkdownV2'] }, 'HTML'),
});

/** Integrations Vigil accepts structurally but does not send to. */
const loose: Schema = { type: 'object', properties: { send_resolved: bool }, additionalProperties: true };

/** The schema of `receivers[]`. */
export const receiverSchema: Schema = obj({
  name: scalar,
  email_configs: withDefault(list(email), []),
  slack_configs: withDefault(list(slack), []),
  webhook_configs: withDefault(list(webhook), []),
  pagerduty_configs: withDefault(list(pagerduty), []),
  opsgenie_configs: withDefault(list(opsgenie), []),
  msteams_configs: withDefault(list(msteams), []),
  discord_configs: withDefault(list(discord), []),
  telegram_configs: withDefault(list(telegram), []),
  msteamsv2_configs: list(loose),
  victorops_configs: list(loose),
  pushover_configs: list(loose),
  sns_configs: list(loose),
  wechat_configs: list(loose),
  webex_configs: list(loose),
  jira_configs: list(loose),
  rocketchat_configs: list(loose),
  mattermost_configs: list(loose),
  incidentio_configs: list(loose),
});
