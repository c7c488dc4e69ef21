// JSON Schemas for the Alertmanager part of the configuration (`alertmanager.yml`).
import {
  bool,
  dur,
  httpConfig,
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
import { receiverSchema } from './notifiers.js';

/** The Alertmanager fields of `global`, with `DefaultGlobalConfig`'s values. */
export const alertmanagerGlobalProps: Record<string, Schema> = {
  resolve_timeout: withDefault(dur, '5m'),
  http_config: withDefault(httpConfig, {}),
  smtp_from: str,
  smtp_hello: withDefault(str, 'localhost'),
  smtp_smarthost: str,
  smtp_auth_username: str,
  smtp_auth_password: str,
  smtp_auth_password_file: str,
  smtp_auth_secret: str,
  smtp_auth_secret_file: str,
  smtp_auth_identity: str,
  smtp_require_tls: withDefault(bool, true),
  smtp_tls_config: tlsConfig,
  smtp_force_implicit_tls: bool,
  slack_api_url: str,
  slack_api_url_file: str,
  slack_app_token: str,
  slack_app_token_file: str,
  slack_app_url: str,
  pagerduty_url: withDefault(str, 'https://events.pagerduty.com/v2/enqueue'),
  opsgenie_api_url: withDefault(str, 'https://api.opsgenie.com/'),
  opsgenie_api_key: str,
  opsgenie_api_key_file: str,
  victorops_api_url: withDefault(str, 'https://alert.victorops.com/integrations/generic/20131114/alert/'),
  victorops_api_key: str,
  victorops_api_key_file: str,
  wechat_api_url: withDefault(str, 'https://qyapi.weixin.qq.com/cgi-bin/'),
  wechat_api_secret: str,
  wechat_api_secret_file: str,
  wechat_api_corp_id: str,
  telegram_api_url: withDefault(str, 'https://api.telegram.org'),
  telegram_bot_token: str,
  telegram_bot_token_file: str,
  webex_api_url: withDefault(str, 'https://webexapis.com/v1/messages'),
  jira_api_url: str,
  rocketchat_api_url: str,
  rocketchat_token: str,
  rocketchat_token_file: str,
  rocketchat_token_id: str,
  rocketchat_token_id_file: str,
  mattermost_webhook_url: str,
  mattermost_webhook_url_file: str,
};

/** Route fields shared by the root and child routes (no defaults: children inherit). */
const routeProps: Record<string, Schema> = {
  receiver: scalar,
  group_by: strList,
  continue: bool,
  match: strMap,
  match_re: strMap,
  matchers: strList,
  group_wait: dur,
  group_interval: dur,
  repeat_interval: dur,
  mute_time_intervals: strList,
  active_time_intervals: strList,
  routes: list({ $ref: '#/$defs/route' }),
};

/** The child-route definition, referenced recursively. */
export const routeDefs: Record<string, Schema> = { route: obj(routeProps) };

/** The root route: Alertmanager's default timers are applied here only. */
export const rootRouteSchema: Schema = obj({
  ...routeProps,
  group_wait: withDefault(dur, '30s'),
  group_interval: withDefault(dur, '5m'),
  repeat_interval: withDefault(dur, '4h'),
});

const inhibitRule: Schema = obj({
  name: str,
  source_match: strMap,
  source_match_re: strMap,
  source_matchers: strList,
  target_match: strMap,
  target_match_re: strMap,
  target_matchers: strList,
  equal: strList,
});

const rangeList: Schema = { type: 'array', items: { type: ['string', 'integer'] } };

const timeIntervalSpec: Schema = obj({
  times: list(obj({ start_time: scalar, end_time: scalar })),
  weekdays: rangeList,
  days_of_month: rangeList,
  months: rangeList,
  years: rangeList,
  location: str,
});

const timeInterval: Schema = obj({ name: scalar, time_intervals: withDefault(list(timeIntervalSpec), []) });

/** The Alertmanager top-level sections. */
export const alertmanagerTopProps: Record<string, Schema> = {
  route: rootRouteSchema,
  receivers: withDefault(list(receiverSchema), []),
  inhibit_rules: withDefault(list(inhibitRule), []),
  time_intervals: withDefault(list(timeInterval), []),
  mute_time_intervals: withDefault(list(timeInterval), []),
  templates: withDefault(strList, []),
};
