// Sends rule alerts to external Alertmanagers (API v2): a bounded queue, batches, one POST per target.
import { request, type Dispatcher } from 'undici';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Labels } from '../model/labels.js';
import { buildAgent, buildHeaders, requestHeaders, type HTTPClientOptions } from '../datasource/http-options.js';
import { redactURL } from '../datasource/errors.js';

/** An alert as the ruler hands it over (times in ms since the epoch; 0 = unset). */
export interface OutgoingAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly generatorURL: string;
}

/** Settings shared by the Alertmanagers of one `alertmanagers` entry. */
export interface AlertmanagerClientOptions extends HTTPClientOptions {
  /** The URLs alerts are posted to, one per Alertmanager (`http://am:9093/api/v2/alerts`). */
  readonly urls: readonly string[];
  /** Per-request timeout; default 10 s. */
  readonly timeoutMs?: number;
  /** Alerts per request; default 256 (`--alertmanager.notification-batch-size`). */
  readonly batchSize?: number;
  /** Alerts waiting; the oldest are dropped beyond it; default 10 000. */
  readonly queueCapacity?: number;
  /** Added to each alert only where the alert lacks the label. */
  readonly externalLabels?: Labels;
  /** `alert_relabel_configs` as a function; `undefined` drops the alert. */
  readonly relabel?: (labels: Labels) => Labels | undefined;
  readonly registry?: Registry;
  readonly log?: (msg: string, fields: Record<string, unknown>) => void;
}

interface AMMetrics {
  sent: Counter<'alertmanager'>;
  errors: Counter<'alertmanager'>;
  dropped: Counter;
  queueLength: Gauge;
  queueCapacity: Gauge;
  latency: Histogram<'alertmanager'>;
}

const metricsByRegistry = new WeakMap<Registry, AMMetrics>();

function metricsFor(registry: Registry): AMMetrics {
  const have = metricsByRegistry.get(registry);
  if (have) return have;
  const registers = [registry];
  const am = ['alertmanager'] as const;
  const m: AMMetrics = {
    sent: new Counter({
      name: 'vigil_notifications_sent_total',
      help: 'Alerts sent to Alertmanagers.',
      labelNames: am,
      registers,
    }),
    errors: new Counter({
      name: 'vigil_notifications_errors_total',
      help: 'Alerts whose sending failed.',
      labelNames: am,
      registers,
    }),
    dropped: new Counter({
      name: 'vigil_notifications_dropped_total',
      help: 'Alerts dropped (queue full or relabeled away).',
      registers,
    }),
    queueLength: new Gauge({
      name: 'vigil_notifications_queue_length',
      help: 'Alerts waiting to be sent.',
      registers,
    }),
    queueCapacity: new Gauge({
      name: 'vigil_notifications_queue_capacity',
      help: 'Capacity of the alert queue.',
      registers,
    }),
    latency: new Histogram({
      name: 'vigil_notifications_latency_seconds',
      help: 'Latency of sending alerts to an Alertmanager.',
      labelNames: am,
      registers,
    }),
  };
  metricsByRegistry.set(registry, m);
  return m;
}

/** The JSON body Alertmanager's `POST /api/v2/alerts` takes, as Prometheus builds it. */
export function toAPIv2(alerts: readonly OutgoingAlert[]): object[] {
  return alerts.map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    ...(a.startsAtMs !== 0 ? { startsAt: new Date(a.startsAtMs).toISOString() } : {}),
    ...(a.endsAtMs !== 0 ? { endsAt: new Date(a.endsAtMs).toISOString() } : {}),
    generatorURL: a.generatorURL,
  }));
}

/** A queue of alerts flushed in batches to every configured Alertmanager. */
export class AlertmanagerClient {
  readonly #opts: AlertmanagerClientOptions;
  readonly #agent: Dispatcher;
  readonly #headers: Record<string, string>;
  readonly #metrics: AMMetrics | undefined;
  #queue: OutgoingAlert[] = [];
  #running: Promise<void> | undefined;

  constructor(opts: AlertmanagerClientOptions) {
    this.#opts = opts;
    this.#agent = buildAgent(opts, opts.timeoutMs ?? 10_000);
    this.#headers = { ...buildHeaders(opts), 'content-type': 'application/json', 'user-agent': 'vigil' };
    this.#metrics = opts.registry ? metricsFor(opts.registry) : undefined;
    this.#metrics?.queueCapacity.set(this.#capacity());
  }

  #capacity(): number {
    return this.#opts.queueCapacity ?? 10_000;
  }

  #prepare(a: OutgoingAlert): OutgoingAlert | undefined {
    const labels: Record<string, string> = { ...a.labels };
    for (const [k, v] of Object.entries(this.#opts.externalLabels ?? {})) if (!(k in labels)) labels[k] = v;
    const relabeled = this.#opts.relabel ? this.#opts.relabel(labels) : labels;
    return relabeled && Object.keys(relabeled).length > 0 ? { ...a, labels: relabeled } : undefined;
  }

  /** Queues alerts (relabeled copies) and starts sending; the oldest are dropped when full. */
  send(alerts: readonly OutgoingAlert[]): void {
    for (const a of alerts) {
      const p = this.#prepare(a);
      if (p) this.#queue.push(p);
      else this.#metrics?.dropped.inc();
    }
    const over = this.#queue.length - this.#capacity();
    if (over > 0) {
      this.#queue.splice(0, over);
      this.#metrics?.dropped.inc(over);
      this.#opts.log?.('Alert notification queue full, dropping alerts', { num_dropped: over });
    }
    this.#metrics?.queueLength.set(this.#queue.length);
    this.#running ??= this.#run().finally(() => (this.#running = undefined));
  }

  /** Resolves when everything queued so far was attempted. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#opts.batchSize ?? 256);
      this.#metrics?.queueLength.set(this.#queue.length);
      const body = JSON.stringify(toAPIv2(batch));
      await Promise.all(this.#opts.urls.map((u) => this.#post(u, body, batch.length)));
    }
  }

  async #post(url: string, body: string, n: number): Promise<void> {
    const am = redactURL(url);
    const end = this.#metrics?.latency.startTimer({ alertmanager: am });
    try {
      const res = await request(url, {
        method: 'POST',
        headers: await requestHeaders(this.#headers, this.#opts),
        body,
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(this.#opts.timeoutMs ?? 10_000),
      });
      await res.body.text();
      if (res.statusCode < 200 || res.statusCode >= 300)
        throw new Error(`bad response status ${res.statusCode}`);
      this.#metrics?.sent.inc({ alertmanager: am }, n);
    } catch (err) {
      this.#metrics?.errors.inc({ alertmanager: am }, n);
      this.#opts.log?.('Error sending alerts', {
        alertmanager: am,
        count: n,
        err: err instanceof Error ? err.message : String(err),
      });
    } finally {
      end?.();
    }
  }

  /** Sends what is queued, then closes connections. */
  async close(): Promise<void> {
    await this.flush();
    await this.#agent.close();
  }
}
