// The loaded, validated and frozen configuration. Field names mirror the YAML keys of
// Prometheus and Alertmanager (snake_case), so the anchors' documentation describes them;
// durations are milliseconds, secrets are `Secret`, matchers are compiled `Matcher`s.
import type { DurationMs } from '../model/duration.js';
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import type { Secret } from '../model/secret.js';

/** TLS client settings shared by every HTTP client (`tls_config`). */
export interface TLSConfig {
  readonly ca_file?: string;
  readonly cert_file?: string;
  readonly key_file?: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: Secret;
  readonly server_name?: string;
  readonly insecure_skip_verify: boolean;
  readonly min_version?: string;
  readonly max_version?: string;
}

/** `basic_auth` with its password (inline or read from `password_file` at load). */
export interface BasicAuth {
  readonly username: string;
  readonly password?: Secret;
  readonly password_file?: string;
}

/** `authorization` (type defaults to Bearer); credentials inline or from `credentials_file`. */
export interface Authorization {
  readonly type: string;
  readonly credentials?: Secret;
  readonly credentials_file?: string;
}

/** `oauth2` client credentials settings; accepted and passed through. */
export interface OAuth2 {
  readonly client_id: string;
  readonly client_secret?: Secret;
  readonly client_secret_file?: string;
  readonly scopes: readonly string[];
  readonly token_url: string;
  readonly endpoint_params: Labels;
}

/** An HTTP client configuration (`http_config`, or inlined in Prometheus sections). */
export interface HTTPClientConfig {
  readonly basic_auth?: BasicAuth;
  readonly authorization?: Authorization;
  readonly oauth2?: OAuth2;
  readonly tls_config: TLSConfig;
  readonly proxy_url?: string;
  /** Headers of the proxy's CONNECT requests; each value is a secret (it often carries a token). */
  readonly proxy_connect_header?: Readonly<Record<string, readonly Secret[]>>;
  readonly no_proxy?: string;
  readonly proxy_from_environment: boolean;
  readonly follow_redirects: boolean;
  readonly enable_http2: boolean;
  /** Extra headers sent with every request (Vigil datasource, remote_write). */
  readonly headers?: Labels;
}

/** One Prometheus relabelling step. */
export interface RelabelConfig {
  readonly source_labels: readonly string[];
  readonly separator: string;
  /** The regex as written; `regexp` is the compiled, fully anchored form. */
  readonly regex: string;
  readonly regexp: RegExp;
  readonly modulus?: number;
  readonly target_label?: string;
  readonly replacement: string;
  readonly action: RelabelAction;
}

/** Prometheus relabel actions. */
export type RelabelAction =
  | 'replace'
  | 'keep'
  | 'drop'
  | 'keepequal'
  | 'dropequal'
  | 'hashmod'
  | 'labelmap'
  | 'labeldrop'
  | 'labelkeep'
  | 'lowercase'
  | 'uppercase';

/** One Alertmanager target list of `alerting.alertmanagers[]`. */
export interface AlertmanagerTargetConfig {
  readonly static_configs: ReadonlyArray<{ readonly targets: readonly string[]; readonly labels: Labels }>;
  readonly scheme: 'http' | 'https';
  readonly path_prefix: string;
  readonly timeout: DurationMs;
  readonly api_version: 'v1' | 'v2';
  readonly http: HTTPClientConfig;
  /** Relabels each target's `__address__`, `__scheme__`, `__alerts_path__` and static labels. */
  readonly relabel_configs: readonly RelabelConfig[];
  /** Relabels the alerts sent to these Alertmanagers, after `alerting.alert_relabel_configs`. */
  readonly alert_relabel_configs: readonly RelabelConfig[];
}

/** `alerting`: where the ruler sends alerts. */
export interface AlertingConfig {
  readonly alertmanagers: readonly AlertmanagerTargetConfig[];
  readonly alert_relabel_configs: readonly RelabelConfig[];
}

/** `remote_write[]` queue settings, with Prometheus' defaults applied. */
export interface QueueConfig {
  readonly capacity: number;
  readonly max_shards: number;
  readonly min_shards: number;
  readonly max_samples_per_send: number;
  readonly batch_send_deadline: DurationMs;
  readonly min_backoff: DurationMs;
  readonly max_backoff: DurationMs;
  readonly retry_on_http_429: boolean;
}

/** One `remote_write[]` endpoint. */
export interface RemoteWriteConfig {
  readonly url: string;
  readonly name?: string;
  readonly remote_timeout: DurationMs;
  readonly http: HTTPClientConfig;
  readonly write_relabel_configs: readonly RelabelConfig[];
  readonly queue_config: QueueConfig;
  readonly metadata_config: { readonly send: boolean; readonly send_interval: DurationMs };
  readonly send_exemplars: boolean;
  readonly send_native_histograms: boolean;
}

/** Vigil's own datasource: the Prometheus HTTP API it queries. */
export interface DatasourceConfig {
  readonly url: string;
  readonly timeout: DurationMs;
  /** Most rule expressions sent as one query (split locally); 1 sends one query per expression. */
  readonly query_batch_size: number;
  readonly http: HTTPClientConfig;
}

/** The merged `global` block: Prometheus evaluation settings plus Alertmanager globals. */
export interface GlobalConfig {
  readonly evaluation_interval: DurationMs;
  readonly scrape_interval: DurationMs;
  readonly scrape_timeout: DurationMs;
  readonly rule_query_offset: DurationMs;
  readonly external_labels: Labels;
  readonly query_log_file?: string;
  readonly resolve_timeout: DurationMs;
  readonly http_config: HTTPClientConfig;
  readonly smtp_from?: string;
  readonly smtp_hello: string;
  readonly smtp_smarthost?: string;
  readonly smtp_auth_username?: string;
  readonly smtp_auth_password?: Secret;
  readonly smtp_auth_password_file?: string;
  readonly smtp_auth_secret?: Secret;
  readonly smtp_auth_identity?: string;
  readonly smtp_require_tls: boolean;
  readonly smtp_tls_config?: TLSConfig;
  readonly slack_api_url?: Secret;
  readonly slack_api_url_file?: string;
  readonly pagerduty_url: string;
  readonly opsgenie_api_url: string;
  readonly opsgenie_api_key?: Secret;
  readonly opsgenie_api_key_file?: string;
  readonly victorops_api_url: string;
  readonly victorops_api_key?: Secret;
  readonly victorops_api_key_file?: string;
  readonly wechat_api_url: string;
  readonly wechat_api_secret?: Secret;
  readonly wechat_api_corp_id?: string;
  readonly telegram_api_url: string;
  readonly webex_api_url: string;
}

/** A routing-tree node. Unset timers and group_by are inherited from the parent (the root has defaults). */
export interface Route {
  readonly receiver?: string;
  /** Label names to group by; absent = inherit. */
  readonly group_by?: readonly string[];
  /** True for `group_by: ['...']` (group by all labels). */
  readonly group_by_all: boolean;
  /** `match`, `match_re` and `matchers` combined and sorted, as Alertmanager does. */
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  readonly group_wait?: DurationMs;
  readonly group_interval?: DurationMs;
  readonly repeat_interval?: DurationMs;
  readonly mute_time_intervals: readonly string[];
  readonly active_time_intervals: readonly string[];
  readonly routes: readonly Route[];
}

/** The root route: receiver and timers are always set. */
export interface RootRoute extends Route {
  readonly receiver: string;
  readonly group_wait: DurationMs;
  readonly group_interval: DurationMs;
  readonly repeat_interval: DurationMs;
}

/** An inhibition rule, legacy `*_match(_re)` forms folded into the matcher lists. */
export interface InhibitRule {
  readonly source_matchers: readonly Matcher[];
  readonly target_matchers: readonly Matcher[];
  readonly equal: readonly string[];
}

/** An inclusive integer range (weekday 0=Sunday, day of month, month 1-12, year). */
export interface InclusiveRange {
  readonly begin: number;
  readonly end: number;
}

/** One time-interval spec; fields are AND-ed, entries within a field OR-ed; absent = any. */
export interface TimeIntervalSpec {
  /** Minutes since midnight, start inclusive, end exclusive. */
  readonly times?: ReadonlyArray<{ readonly start_minute: number; readonly end_minute: number }>;
  readonly weekdays?: readonly InclusiveRange[];
  readonly days_of_month?: readonly InclusiveRange[];
  readonly months?: readonly InclusiveRange[];
  readonly years?: readonly InclusiveRange[];
  /** IANA zone name, `UTC` by default (`Local` = the host's zone). */
  readonly location: string;
}

/** A named list of time-interval specs (from `time_intervals` or `mute_time_intervals`). */
export interface TimeInterval {
  readonly name: string;
  readonly time_intervals: readonly TimeIntervalSpec[];
}

/** Fields every notifier config shares. */
export interface NotifierCommon {
  readonly send_resolved: boolean;
}

/** `email_configs[]`, globals applied. */
export interface EmailConfig extends NotifierCommon {
  readonly to: string;
  readonly from: string;
  readonly smarthost: string;
  readonly hello: string;
  readonly auth_username?: string;
  readonly auth_password?: Secret;
  readonly auth_password_file?: string;
  readonly auth_secret?: Secret;
  readonly auth_identity?: string;
  readonly require_tls: boolean;
  readonly tls_config: TLSConfig;
  /** Header templates, keys canonicalised; `Subject` defaults to Alertmanager's template. */
  readonly headers: Labels;
  readonly html?: string;
  readonly text?: string;
}

/** A Slack attachment field. */
export interface SlackField {
  readonly title: string;
  readonly value: string;
  readonly short?: boolean;
}

/** A Slack action button. */
export interface SlackAction {
  readonly type: string;
  readonly text: string;
  readonly url?: string;
  readonly style?: string;
  readonly name?: string;
  readonly value?: string;
  readonly confirm?: {
    readonly text: string;
    readonly title?: string;
    readonly ok_text?: string;
    readonly dismiss_text?: string;
  };
}

/** `slack_configs[]`, global URL and template defaults applied. */
export interface SlackConfig extends NotifierCommon {
  readonly http: HTTPClientConfig;
  readonly api_url?: Secret;
  readonly api_url_file?: string;
  readonly channel?: string;
  readonly username: string;
  readonly color: string;
  readonly title: string;
  readonly title_link: string;
  readonly pretext: string;
  readonly text: string;
  readonly fields: readonly SlackField[];
  readonly short_fields: boolean;
  readonly footer: string;
  readonly fallback: string;
  readonly callback_id: string;
  readonly icon_emoji: string;
  readonly icon_url: string;
  readonly image_url: string;
  readonly thumb_url: string;
  readonly link_names: boolean;
  readonly mrkdwn_in: readonly string[];
  readonly actions: readonly SlackAction[];
}

/** `webhook_configs[]`. */
export interface WebhookConfig extends NotifierCommon {
  readonly http: HTTPClientConfig;
  readonly url: Secret;
  readonly url_file?: string;
  readonly max_alerts: number;
  readonly timeout: DurationMs;
}

/** `pagerduty_configs[]`. */
export interface PagerdutyConfig extends NotifierCommon {
  readonly http: HTTPClientConfig;
  readonly routing_key?: Secret;
  readonly service_key?: Secret;
  readonly url: string;
  readonly client: string;
  readonly client_url: string;
  readonly description: string;
  readonly severity: string;
  readonly class?: string;
  readonly component?: string;
  readonly group?: string;
  readonly source?: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly images: ReadonlyArray<{ readonly src: string; readonly alt?: string; readonly href?: string }>;
  readonly links: ReadonlyArray<{ readonly href: string; readonly text?: string }>;
}

/** `opsgenie_configs[]`. */
export interface OpsGenieConfig extends NotifierCommon {
  readonly http: HTTPClientConfig;
  readonly api_key?: Secret;
  readonly api_url: string;
  readonly message: string;
  readonly description: string;
  readonly source: string;
  readonly details: Labels;
  readonly entity?: string;
  readonly actions?: string;
  readonly tags?: string;
  readonly note?: string;
  readonly priority?: string;
  readonly update_alerts: boolean;
  readonly responders: ReadonlyArray<{
    readonly id?: string;
    readonly name?: string;
    readonly username?: string;
    readonly type: string;
  }>;
}

/** `msteams_configs[]` (Office 365 connector). */
export interface MSTeamsConfig extends NotifierCommon {
  readonly http: HTTPClientConfig;
  readonly webhook_url: Secret;
  readonly webhook_url_file?: string;
  readonly title: string;
  readonly summary: string;
  readonly text: string;
}

/** `discord_configs[]`. */
export interface DiscordConfig extends NotifierCommon {
  readonly http: HTTPClientConfig;
  readonly webhook_url: Secret;
  readonly webhook_url_file?: string;
  readonly title: string;
  readonly message: string;
}

/** `telegram_configs[]`. */
export interface TelegramConfig extends NotifierCommon {
  readonly http: HTTPClientConfig;
  readonly api_url: string;
  readonly bot_token: Secret;
  readonly bot_token_file?: string;
  readonly chat_id: number;
  readonly message: string;
  readonly disable_notifications: boolean;
  readonly parse_mode: string;
}

/** A receiver; integrations Vigil does not implement are kept raw in `other_configs`. */
export interface Receiver {
  readonly name: string;
  readonly email_configs: readonly EmailConfig[];
  readonly slack_configs: readonly SlackConfig[];
  readonly webhook_configs: readonly WebhookConfig[];
  readonly pagerduty_configs: readonly PagerdutyConfig[];
  readonly opsgenie_configs: readonly OpsGenieConfig[];
  readonly msteams_configs: readonly MSTeamsConfig[];
  readonly discord_configs: readonly DiscordConfig[];
  readonly telegram_configs: readonly TelegramConfig[];
  /** e.g. `victorops_configs`: accepted structurally, not sent by Vigil. */
  readonly other_configs: Readonly<Record<string, readonly unknown[]>>;
}

/** The whole configuration, built from one or more files. */
export interface Config {
  /** The files it was loaded from (absolute paths). */
  readonly files: readonly string[];
  readonly global: GlobalConfig;
  /** `rule_files` patterns, made absolute against their config file's directory. */
  readonly rule_files: readonly string[];
  readonly alerting: AlertingConfig;
  readonly remote_write: readonly RemoteWriteConfig[];
  /** The routing tree; absent when no Alertmanager part is configured. */
  readonly route?: RootRoute;
  readonly receivers: readonly Receiver[];
  readonly inhibit_rules: readonly InhibitRule[];
  /** `time_intervals` and the deprecated `mute_time_intervals`, together. */
  readonly time_intervals: readonly TimeInterval[];
  /** `templates` patterns, made absolute against their config file's directory. */
  readonly templates: readonly string[];
  readonly datasource?: DatasourceConfig;
}
