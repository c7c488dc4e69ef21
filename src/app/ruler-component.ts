// The ruler as a component: the rule manager with the datasource, remote write, templates,
// state persistence and alert delivery (in-process router and external Alertmanagers) wired in.
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { rulesApiPlugin } from '../api/v1/rules.js';
import { DEFAULT_QUERY_BATCH_SIZE } from '../config/prometheus.js';
import type { Config } from '../config/types.js';
import { instantVectorQuery, matrixQuery } from '../datasource/query.js';
import type { QueryClient } from '../datasource/query.js';
import { relabel } from '../datasource/relabel.js';
import type { Clock } from '../model/clock.js';
import { systemClock } from '../model/clock.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { compareStrings } from '../model/labels.js';
import type { Labels } from '../model/labels.js';
import type { Logger } from '../model/logger.js';
import { cachedReferencedMetrics, cachedThresholdRule } from '../promql/facts.js';
import type { PostableAlert } from '../router/alerts/intake.js';
import type { QueryBatchOptions } from '../rules/batch.js';
import type { RuleGroup } from '../rules/group.js';
import { RuleManager } from '../rules/manager.js';
import { createRuleMetrics } from '../rules/metrics.js';
import type { RuleMetrics } from '../rules/metrics.js';
import { DEFAULT_RESTORE_OPTIONS } from '../rules/restore.js';
import { realSetTimer } from '../rules/scheduler.js';
import type { SetTimer } from '../rules/scheduler.js';
import type { ExpandTemplate, NotifyAlert, OutSeries } from '../rules/types.js';
import { RuleStateTable } from '../store/rule-state.js';
import { CompiledAlertTemplate } from '../template/funcs/alert-prelude.js';
import type { TemplateQueryFunc } from '../template/funcs/prometheus.js';
import type { LoadedConfig } from './loaded-config.js';
import type { Component } from './reloader.js';
import { alertmanagerTargets, buildRulerClients, clientsSignature, NO_DATASOURCE } from './ruler-clients.js';
import type { RulerClients } from './ruler-clients.js';
import type { SharedStore } from './shared-store.js';
import { TemplateQueryCache } from './template-queries.js';

/** Prometheus' `--rules.alert.resend-delay` default. */
const RESEND_DELAY_MS = 60_000;

/** The in-process router as the ruler sees it: the same intake path as `POST /api/v2/alerts`. */
export interface AlertSink {
  active(): boolean;
  ingest(batch: readonly PostableAlert[]): { errors: readonly string[] };
}

/** What the ruler is built from besides the configuration. */
export interface RulerComponentOptions {
  readonly logger: Logger;
  /** A function when the URL is known only once the server listens (port 0). */
  readonly externalUrl: URL | (() => URL);
  readonly store: SharedStore;
  readonly router?: AlertSink;
  readonly clock?: Clock;
  readonly setTimer?: SetTimer;
  /** Where the rule, remote-write and Alertmanager-client metrics go (created once per registry). */
  readonly registry?: Registry;
}

const ruleMetricsByRegistry = new WeakMap<Registry, RuleMetrics>();

/** The ruler metrics of `registry`, created on first use: prom-client rejects a second registration. */
export function ruleMetricsFor(registry: Registry): RuleMetrics {
  let m = ruleMetricsByRegistry.get(registry);
  if (m === undefined) {
    m = createRuleMetrics(registry);
    ruleMetricsByRegistry.set(registry, m);
  }
  return m;
}

/**
 * Template expansion with parsed templates cached by alert name and text; `query` answers a
 * template's `query` calls at the evaluation time (see TemplateQueryCache).
 */
export function createTemplateExpander(query?: (evalTimeMs: number) => TemplateQueryFunc): {
  expand: ExpandTemplate;
  clear(): void;
} {
  const cache = new Map<string, CompiledAlertTemplate>();
  const expand: ExpandTemplate = (text, data) => {
    const name = data.alertName ?? '';
    const key = `${name}\u0000${text}`;
    let t = cache.get(key);
    if (t === undefined) {
      t = new CompiledAlertTemplate(name, text);
      cache.set(key, t);
    }
    const r = t.expand({
      labels: data.labels,
      value: data.value,
      externalLabels: data.externalLabels,
      externalURL: data.externalURL,
      ...(data.evalTimeMs !== undefined ? { evalTimeMs: data.evalTimeMs } : {}),
      ...(data.evalTimeMs !== undefined && query ? { query: query(data.evalTimeMs) } : {}),
    });
    if (r.error !== undefined) throw new Error(r.error);
    return r.text;
  };
  return { expand, clear: () => cache.clear() };
}

// One options object per batch size, so a group re-plans its batches only when the size changes.
const batchOptionsBySize = new Map<number, QueryBatchOptions>();

/** The query batching of `datasource.query_batch_size` (undefined, before a config: the default). */
function batchOptions(size: number | undefined): QueryBatchOptions {
  const maxExprs = size ?? DEFAULT_QUERY_BATCH_SIZE;
  let opts = batchOptionsBySize.get(maxExprs);
  if (opts === undefined) batchOptionsBySize.set(maxExprs, (opts = { maxExprs }));
  return opts;
}

/** The same label set with its keys in sorted order (how Alertmanager prints label sets). */
function sortedLabels(labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort(compareStrings)) out[k] = labels[k] ?? '';
  return out;
}

/** Adds external labels the alert lacks and applies `alert_relabel_configs`, as Prometheus' notifier. */
export function prepareForRouter(alerts: readonly NotifyAlert[], config: Config): PostableAlert[] {
  const out: PostableAlert[] = [];
  for (const a of alerts) {
    let labels: Labels | undefined = { ...config.global.external_labels, ...a.labels };
    if (config.alerting.alert_relabel_configs.length > 0)
      labels = relabel(labels, config.alerting.alert_relabel_configs);
    if (labels === undefined || Object.keys(labels).length === 0) continue;
    out.push({
      labels: sortedLabels(labels),
      annotations: a.annotations,
      ...(a.startsAtMs !== 0 ? { startsAt: a.startsAtMs } : {}),
      ...(a.endsAtMs !== 0 ? { endsAt: a.endsAtMs } : {}),
      generatorURL: a.generatorURL,
    });
  }
  return out;
}

/** The Prometheus-ruler half of Vigil; active while the config names rule files. */
export class RulerComponent implements Component<LoadedConfig> {
  readonly name = 'ruler';
  readonly #o: RulerComponentOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #templateQueries = new TemplateQueryCache();
  readonly #templates = createTemplateExpander((at) => this.#templateQueries.lookup(at));
  readonly #metrics: RuleMetrics | undefined;
  #clients: RulerClients | undefined;
  #config: Config | undefined;
  #manager: RuleManager | undefined;
  #pending: LoadedConfig | undefined;
  #started = false;

  constructor(opts: RulerComponentOptions) {
    this.#o = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger.child({ component: 'ruler' });
    this.#metrics = opts.registry ? ruleMetricsFor(opts.registry) : undefined;
  }

  /** The running groups (empty when no rule files are configured). */
  groups(): RuleGroup[] {
    return this.#manager?.groups() ?? [];
  }

  /** Warns about rule files without a datasource: their rules will report health `err`. */
  async prepare(loaded: LoadedConfig): Promise<Diagnostic[]> {
    if (loaded.ruleFiles.length === 0 || loaded.config.datasource !== undefined) return [];
    return [
      {
        severity: 'warning',
        file: loaded.config.files[0] ?? '',
        message: NO_DATASOURCE,
        code: 'ruler.no_datasource',
      },
    ];
  }

  /** Switches to the new rule groups, keeping the state of unchanged rules. */
  async applyConfig(loaded: LoadedConfig): Promise<void> {
    const config = loaded.config;
    if (loaded.ruleFiles.length > 0) {
      if (config.datasource === undefined) this.#log.warn('Rules are not evaluated', { err: NO_DATASOURCE });
      const sig = clientsSignature(config);
      if (this.#clients?.signature !== sig) {
        const next = buildRulerClients(config, this.#log, this.#o.registry);
        const old = this.#clients;
        this.#clients = next;
        void old?.close();
      }
    }
    this.#config = config;
    this.#templates.clear();
    if (!this.#started) {
      this.#pending = loaded;
      return;
    }
    await this.#update(loaded);
  }

  async #update(loaded: LoadedConfig): Promise<void> {
    if (loaded.ruleFiles.length === 0 && this.#manager === undefined) return;
    this.#manager ??= this.#createManager();
    this.#templateQueries.setGroups(loaded.ruleGroups, cachedThresholdRule);
    await this.#manager.update(loaded.ruleGroups);
    this.#log.info('Rule groups loaded', {
      groups: loaded.ruleGroups.length,
      files: loaded.ruleFiles.length,
    });
  }

  #createManager(): RuleManager {
    const store = new RuleStateTable(this.#o.store.get(), (err) =>
      this.#log.error('Writing alert state failed', { err }),
    );
    const client = (): QueryClient => {
      const q = this.#clients?.query;
      // A failed query, never "no data": the rules show health err with this text.
      if (q === undefined) throw new Error(NO_DATASOURCE);
      return q;
    };
    const config = (): Config | undefined => this.#config;
    const url = this.#o.externalUrl;
    const externalUrl = typeof url === 'function' ? url() : url;
    return new RuleManager({
      query: this.#templateQueries.wrap((expr, at) => instantVectorQuery(client())(expr, at)),
      rangeQuery: (expr, at) => matrixQuery(client())(expr, at),
      write: (series) => this.#write(series),
      notify: (alerts) => this.#notify(alerts),
      expandTemplate: this.#templates.expand,
      referencedMetrics: cachedReferencedMetrics,
      parseThreshold: cachedThresholdRule,
      ...(this.#metrics ? { metrics: this.#metrics } : {}),
      get externalLabels() {
        return config()?.global.external_labels ?? {};
      },
      get queryBatch() {
        return batchOptions(config()?.datasource?.query_batch_size);
      },
      externalURL: externalUrl.href.replace(/\/$/, ''),
      resendDelayMs: RESEND_DELAY_MS,
      clock: this.#clock,
      setTimer: this.#o.setTimer ?? realSetTimer,
      store,
      restore: DEFAULT_RESTORE_OPTIONS,
      log: (msg, fields) => this.#log.warn(msg, fields),
    });
  }

  async #write(series: readonly OutSeries[]): Promise<void> {
    const writers = this.#clients?.writers ?? [];
    await Promise.all(
      writers.map((w) => {
        if (w.relabel.length === 0) return w.client.write(series);
        const out: OutSeries[] = [];
        for (const s of series) {
          const labels = relabel(s.labels, w.relabel);
          if (labels !== undefined) out.push({ ...s, labels });
        }
        return out.length > 0 ? w.client.write(out) : Promise.resolve();
      }),
    );
  }

  #notify(alerts: readonly NotifyAlert[]): void {
    const config = this.#config;
    if (config === undefined) return;
    const router = this.#o.router;
    if (router?.active()) {
      const r = router.ingest(prepareForRouter(alerts, config));
      if (r.errors.length > 0) this.#log.warn('The router rejected alerts', { errors: r.errors.join('; ') });
    }
    for (const am of this.#clients?.alertmanagers ?? []) am.send(alerts);
  }

  /** Starts evaluating the groups of the configuration applied before. */
  async start(): Promise<void> {
    this.#started = true;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) await this.#update(pending);
  }

  /** Stops every group after its in-flight evaluation and closes the connections. */
  async stop(): Promise<void> {
    this.#started = false;
    await this.#manager?.stop();
    await this.#clients?.close();
    this.#clients = undefined;
  }

  /** `GET /api/v1/rules`, `GET /api/v1/alerts` and `GET /api/v1/alertmanagers`. */
  apiPlugins(): FastifyPluginAsync[] {
    return [rulesApiPlugin({ groups: () => this.groups(), alertmanagers: () => this.alertmanagers() })];
  }

  /** The external Alertmanagers' alert URLs under the current config, kept and dropped. */
  alertmanagers(): { active: string[]; dropped: string[] } {
    const targets = (this.#config?.alerting.alertmanagers ?? []).map(alertmanagerTargets);
    return { active: targets.flatMap((t) => t.active), dropped: targets.flatMap((t) => t.dropped) };
  }
}
