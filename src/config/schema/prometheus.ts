// JSON Schemas for the Prometheus part of the configuration (`prometheus.yml`).
import {
  bool,
  dur,
  int,
  list,
  obj,
  relabelConfig,
  scalar,
  str,
  strList,
  strMap,
  withDefault,
  httpClientProps,
} from './common.js';
import type { Schema } from './common.js';

/** Top-level Prometheus sections Vigil does not use: reported once each, never an error. */
export const PROMETHEUS_ONLY_SECTIONS: readonly string[] = [
  'scrape_configs',
  'scrape_config_files',
  'remote_read',
  'storage',
  'tracing',
  'otlp',
  'runtime',
];

/** The Prometheus fields of `global` (accepted; evaluation settings are used). */
export const prometheusGlobalProps: Record<string, Schema> = {
  evaluation_interval: withDefault(dur, '1m'),
  scrape_interval: withDefault(dur, '1m'),
  scrape_timeout: dur,
  rule_query_offset: withDefault(dur, '0s'),
  external_labels: withDefault(strMap, {}),
  query_log_file: str,
  scrape_failure_log_file: str,
  scrape_protocols: strList,
  body_size_limit: scalar,
  sample_limit: int,
  label_limit: int,
  label_name_length_limit: int,
  label_value_length_limit: int,
  target_limit: int,
  keep_dropped_targets: int,
  metric_name_validation_scheme: str,
  metric_name_escaping_scheme: str,
  always_scrape_classic_histograms: bool,
  convert_classic_histograms_to_nhcb: bool,
  scrape_native_histograms: bool,
};

const staticConfig: Schema = obj({ targets: strList, labels: strMap });

/** One entry of `alerting.alertmanagers`. */
const alertmanagerConfig: Schema = {
  type: 'object',
  properties: {
    static_configs: withDefault(list(staticConfig), []),
    scheme: withDefault({ enum: ['http', 'https'] }, 'http'),
    path_prefix: withDefault(str, '/'),
    timeout: withDefault(dur, '10s'),
    api_version: withDefault({ enum: ['v1', 'v2'] }, 'v2'),
    relabel_configs: withDefault(list(relabelConfig), []),
    alert_relabel_configs: withDefault(list(relabelConfig), []),
    sigv4: { type: 'object' },
    ...httpClientProps,
  },
  patternProperties: { _sd_configs$: { type: 'array' } },
  additionalProperties: false,
};

/** `alerting`. */
export const alertingSchema: Schema = withDefault(
  obj({
    alertmanagers: withDefault(list(alertmanagerConfig), []),
    alert_relabel_configs: withDefault(list(relabelConfig), []),
  }),
  {},
);

const queueConfig: Schema = obj({
  capacity: withDefault(int, 10000),
  max_shards: withDefault(int, 50),
  min_shards: withDefault(int, 1),
  max_samples_per_send: withDefault(int, 2000),
  batch_send_deadline: withDefault(dur, '5s'),
  min_backoff: withDefault(dur, '30ms'),
  max_backoff: withDefault(dur, '5s'),
  retry_on_http_429: withDefault(bool, false),
  sample_age_limit: dur,
});

const metadataConfig: Schema = obj({
  send: withDefault(bool, true),
  send_interval: withDefault(dur, '1m'),
  max_samples_per_send: withDefault(int, 500),
});

/** One `remote_write` entry. */
const remoteWrite: Schema = obj({
  url: str,
  name: str,
  remote_timeout: withDefault(dur, '30s'),
  headers: withDefault(strMap, {}),
  write_relabel_configs: withDefault(list(relabelConfig), []),
  queue_config: withDefault(queueConfig, {}),
  metadata_config: withDefault(metadataConfig, {}),
  send_exemplars: withDefault(bool, false),
  send_native_histograms: withDefault(bool, false),
  round_robin_dns: bool,
  protobuf_message: str,
  sigv4: { type: 'object' },
  azuread: { type: 'object' },
  google_iam: { type: 'object' },
  ...httpClientProps,
});

/** The Prometheus top-level sections Vigil uses. */
export const prometheusTopProps: Record<string, Schema> = {
  rule_files: withDefault(strList, []),
  alerting: alertingSchema,
  remote_write: withDefault(list(remoteWrite), []),
};

/** Vigil's own `datasource` section. */
export const datasourceSchema: Schema = obj({
  url: str,
  timeout: withDefault(dur, '30s'),
  query_batch_size: withDefault(int, 10),
  headers: withDefault(strMap, {}),
  ...httpClientProps,
});
