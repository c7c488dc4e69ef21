// The ruler's connections, built from the config: the datasource query client, the remote-write
// clients and the external Alertmanager clients. Rebuilt only when their settings change.
import type { Config, RelabelConfig } from '../config/types.js';
import { QueryClient } from '../datasource/query.js';
import { relabel } from '../datasource/relabel.js';
import { RemoteWriteClient } from '../datasource/remote-write.js';
import type { Registry } from 'prom-client';
import type { Labels } from '../model/labels.js';
import type { Logger } from '../model/logger.js';
import { redactConfig } from '../config/redact.js';
import { AlertmanagerClient } from '../notifiers/alertmanager-client.js';
import { httpClientOptions } from './http-client-options.js';

/** The connections of one configuration. */
export interface RulerClients {
  /** Absent when the config has no datasource: every query then fails with a clear error. */
  readonly query: QueryClient | undefined;
  readonly writers: ReadonlyArray<{
    readonly client: RemoteWriteClient;
    readonly relabel: readonly RelabelConfig[];
  }>;
  readonly alertmanagers: readonly AlertmanagerClient[];
  /** Identifies the settings they were built from, to skip rebuilding on an unrelated reload. */
  readonly signature: string;
  close(): Promise<void>;
}

/** A text that changes whenever a setting the clients use changes (secrets included, masked or not). */
export function clientsSignature(config: Config): string {
  const secretsIncluded = (v: unknown): unknown =>
    JSON.parse(
      JSON.stringify(v, (_k, x: unknown) =>
        x && typeof x === 'object' && 'reveal' in x ? String((x as { reveal(): string }).reveal()) : x,
      ),
    );
  return JSON.stringify([
    redactConfig({
      datasource: config.datasource,
      remote_write: config.remote_write,
      alerting: config.alerting,
    }),
    secretsIncluded([
      config.datasource?.http,
      config.remote_write.map((r) => r.http),
      config.alerting.alertmanagers.map((a) => a.http),
    ]),
    config.global.external_labels,
  ]);
}

/**
 * The alert URLs of one `alertmanagers` entry, as Prometheus' notifier builds them: each static
 * target's labels (`__address__`, `__scheme__`, `__alerts_path__` and the group's labels) go
 * through `relabel_configs`. A target relabelled away is dropped (listed by its URL before
 * relabelling, as Prometheus does); one left without a usable address is skipped.
 */
export function alertmanagerTargets(am: Config['alerting']['alertmanagers'][number]): {
  active: string[];
  dropped: string[];
} {
  const alertsPath = `/${am.path_prefix.replace(/^\/+|\/+$/g, '')}/api/v2/alerts`.replace(/^\/+/, '/');
  const active: string[] = [];
  const dropped: string[] = [];
  const urlOf = (l: Labels): string => {
    const path = l['__alerts_path__'] ?? '';
    return `${l['__scheme__'] ?? am.scheme}://${l['__address__'] ?? ''}${path.startsWith('/') ? path : `/${path}`}`;
  };
  for (const sc of am.static_configs) {
    for (const target of sc.targets) {
      const before = {
        ...sc.labels,
        __address__: target,
        __scheme__: am.scheme,
        __alerts_path__: alertsPath,
      };
      const after = relabel(before, am.relabel_configs);
      const address = after?.['__address__'];
      if (after === undefined) dropped.push(urlOf(before));
      else if (address !== undefined && address !== '' && !address.includes('/')) active.push(urlOf(after));
    }
  }
  return { active, dropped };
}

/** The URLs alerts are posted to for one `alertmanagers` entry (see `alertmanagerTargets`). */
export function alertmanagerUrls(am: Config['alerting']['alertmanagers'][number]): string[] {
  return alertmanagerTargets(am).active;
}

/** What a query says when no datasource is configured. */
export const NO_DATASOURCE = 'no datasource configured: set datasource.url in the config or --datasource.url';

/**
 * Builds every client (no query client when the config has no datasource). Their metrics go
 * to `registry`; the clients share one set per registry, so rebuilding them on reload is safe.
 */
export function buildRulerClients(config: Config, logger: Logger, registry?: Registry): RulerClients {
  const metrics = registry ? { registry } : {};
  const ds = config.datasource;
  const query =
    ds === undefined
      ? undefined
      : new QueryClient({ url: ds.url, timeoutMs: ds.timeout, ...httpClientOptions(ds.http) });
  const writers = config.remote_write.map((rw) => ({
    relabel: rw.write_relabel_configs,
    client: new RemoteWriteClient({
      url: rw.url,
      timeoutMs: rw.remote_timeout,
      queueCapacity: rw.queue_config.capacity,
      maxSamplesPerSend: rw.queue_config.max_samples_per_send,
      minBackoffMs: rw.queue_config.min_backoff,
      maxBackoffMs: rw.queue_config.max_backoff,
      ...metrics,
      ...httpClientOptions(rw.http),
    }),
  }));
  const log = (msg: string, fields: Record<string, unknown>): void => logger.warn(msg, fields);
  const alertmanagers = config.alerting.alertmanagers
    .map((am) => ({ am, urls: alertmanagerUrls(am) }))
    .filter(({ urls }) => urls.length > 0)
    .map(({ am, urls }) => {
      // Prometheus applies the global alert_relabel_configs, then the entry's own.
      const relabelConfigs = [...config.alerting.alert_relabel_configs, ...am.alert_relabel_configs];
      return new AlertmanagerClient({
        urls,
        timeoutMs: am.timeout,
        externalLabels: config.global.external_labels,
        ...(relabelConfigs.length > 0 ? { relabel: (l) => relabel(l, relabelConfigs) } : {}),
        log,
        ...metrics,
        ...httpClientOptions(am.http),
      });
    });
  return {
    query,
    writers,
    alertmanagers,
    signature: clientsSignature(config),
    close: async () => {
      await Promise.allSettled([
        query?.close(),
        ...writers.map((w) => w.client.close()),
        ...alertmanagers.map((a) => a.close()),
      ]);
    },
  };
}
