// Prometheus remote write 1.0 client: protobuf + snappy, an ordered bounded queue, retries, metrics.
import { request, type Dispatcher } from 'undici';
import { compress } from 'snappyjs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Labels } from '../model/labels.js';
import { DatasourceError, fromFetchError, redactURL } from './errors.js';
import { buildAgent, buildHeaders, requestHeaders, type HTTPClientOptions } from './http-options.js';
import { countSamples, encodeWriteRequest, type WriteSeries } from './protobuf.js';

/** Settings of one remote-write target. */
export interface RemoteWriteOptions extends HTTPClientOptions {
  readonly url: string;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  /** Samples waiting to be sent before new writes are dropped; default 100 000. */
  readonly queueCapacity?: number;
  /** Most samples merged into one request; default 2 000. */
  readonly maxSamplesPerSend?: number;
  /** Attempts per request including the first; default 5. */
  readonly maxAttempts?: number;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Where the client's metrics are registered. */
  readonly registry?: Registry;
  /** `write_relabel_configs` as a function (see `relabel.ts`); `undefined` drops the series. */
  readonly relabel?: (labels: Labels) => Labels | undefined;
  /** Waits between retries; injected so tests can run on fake time. */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Pending {
  readonly series: readonly WriteSeries[];
  readonly samples: number;
  /** Writes holding stale markers go alone: one rejected marker must not fail real results. */
  readonly alone: boolean;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

interface RWMetrics {
  samples: Counter<'remote'>;
  failed: Counter<'remote'>;
  dropped: Counter<'remote'>;
  retries: Counter<'remote'>;
  requests: Counter<'remote' | 'code'>;
  queueLength: Gauge<'remote'>;
  queueCapacity: Gauge<'remote'>;
  duration: Histogram<'remote'>;
}

const metricsByRegistry = new WeakMap<Registry, RWMetrics>();

function metricsFor(registry: Registry): RWMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing) return existing;
  const r = [registry];
  const m: RWMetrics = {
    samples: new Counter({
      name: 'vigil_remote_write_samples_total',
      help: 'Samples acknowledged by the remote-write target.',
      labelNames: ['remote'],
      registers: r,
    }),
    failed: new Counter({
      name: 'vigil_remote_write_samples_failed_total',
      help: 'Samples that could not be written (rejected or retries exhausted).',
      labelNames: ['remote'],
      registers: r,
    }),
    dropped: new Counter({
      name: 'vigil_remote_write_samples_dropped_total',
      help: 'Samples dropped because the queue was full.',
      labelNames: ['remote'],
      registers: r,
    }),
    retries: new Counter({
      name: 'vigil_remote_write_retries_total',
      help: 'Requests retried after a transient failure.',
      labelNames: ['remote'],
      registers: r,
    }),
    requests: new Counter({
      name: 'vigil_remote_write_requests_total',
      help: 'Remote-write requests by response code.',
      labelNames: ['remote', 'code'],
      registers: r,
    }),
    queueLength: new Gauge({
      name: 'vigil_remote_write_queue_length',
      help: 'Samples waiting to be sent.',
      labelNames: ['remote'],
      registers: r,
    }),
    queueCapacity: new Gauge({
      name: 'vigil_remote_write_queue_capacity',
      help: 'Capacity of the queue in samples.',
      labelNames: ['remote'],
      registers: r,
    }),
    duration: new Histogram({
      name: 'vigil_remote_write_request_duration_seconds',
      help: 'Duration of remote-write requests.',
      labelNames: ['remote'],
      registers: r,
    }),
  };
  metricsByRegistry.set(registry, m);
  return m;
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Sends series to one remote-write URL. Requests go out one at a time in queue order, so samples
 * of a series never overtake each other; `write()` resolves once the server acknowledged.
 */
export class RemoteWriteClient {
  readonly #agent: Dispatcher;
  readonly #headers: Record<string, string>;
  readonly #url: string;
  readonly #remote: string;
  readonly #opts: RemoteWriteOptions;
  readonly #metrics: RWMetrics | undefined;
  readonly #queue: Pending[] = [];
  readonly #sleep: (ms: number) => Promise<void>;
  #queued = 0;
  #running = false;
  #closed = false;

  constructor(opts: RemoteWriteOptions) {
    this.#opts = opts;
    this.#url = opts.url;
    this.#remote = redactURL(opts.url);
    this.#agent = buildAgent(opts, opts.timeoutMs ?? 30_000);
    this.#sleep = opts.sleep ?? realSleep;
    this.#headers = {
      ...buildHeaders(opts),
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': 'vigil',
    };
    this.#metrics = opts.registry ? metricsFor(opts.registry) : undefined;
    this.#metrics?.queueCapacity.set({ remote: this.#remote }, this.#capacity());
  }

  #capacity(): number {
    return this.#opts.queueCapacity ?? 100_000;
  }

  /** Queues series and resolves when the target acknowledged them; rejects when dropped or rejected. */
  write(input: readonly WriteSeries[]): Promise<void> {
    const series = this.#relabel(input);
    const samples = countSamples(series);
    if (samples === 0) return Promise.resolve();
    if (this.#closed)
      return Promise.reject(new DatasourceError('network', `remote write ${this.#remote}: client closed`));
    if (this.#queued + samples > this.#capacity()) {
      this.#metrics?.dropped.inc({ remote: this.#remote }, samples);
      return Promise.reject(
        new DatasourceError(
          'network',
          `remote write ${this.#remote}: queue full, ${samples} samples dropped`,
        ),
      );
    }
    const alone = series.some((s) => s.samples.some((x) => x.stale));
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ series, samples, alone, resolve, reject });
      this.#queued += samples;
      this.#metrics?.queueLength.set({ remote: this.#remote }, this.#queued);
      if (!this.#running) void this.#run();
    });
  }

  #relabel(input: readonly WriteSeries[]): readonly WriteSeries[] {
    const fn = this.#opts.relabel;
    if (!fn) return input;
    const out: WriteSeries[] = [];
    for (const s of input) {
      const labels = fn(s.labels);
      if (labels) out.push({ labels, samples: s.samples });
    }
    return out;
  }

  /** Samples waiting in the queue. */
  get queued(): number {
    return this.#queued;
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#takeBatch();
        await this.#sendBatch(batch);
        for (const p of batch) this.#queued -= p.samples;
        this.#metrics?.queueLength.set({ remote: this.#remote }, this.#queued);
      }
    } finally {
      this.#running = false;
    }
  }

  #takeBatch(): Pending[] {
    const first = this.#queue.shift();
    if (!first) return [];
    const batch = [first];
    if (first.alone) return batch;
    const max = this.#opts.maxSamplesPerSend ?? 2000;
    let n = first.samples;
    while (this.#queue.length > 0) {
      const next = this.#queue[0];
      if (!next || next.alone || n + next.samples > max) break;
      batch.push(next);
      n += next.samples;
      this.#queue.shift();
    }
    return batch;
  }

  async #sendBatch(batch: Pending[]): Promise<void> {
    try {
      await this.#send(batch.flatMap((p) => p.series));
      for (const p of batch) p.resolve();
      return;
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const permanent4xx = e instanceof DatasourceError && e.kind === 'http' && !e.transient;
      if (batch.length > 1 && permanent4xx) {
        // One bad sample fails a whole v1 request: resend the merged writes one by one.
        for (const p of batch) await this.#sendBatch([p]);
        return;
      }
      for (const p of batch) {
        this.#metrics?.failed.inc({ remote: this.#remote }, p.samples);
        p.reject(e);
      }
    }
  }

  async #send(series: readonly WriteSeries[]): Promise<void> {
    const body = Buffer.from(compress(encodeWriteRequest(series)));
    const samples = countSamples(series);
    const maxAttempts = this.#opts.maxAttempts ?? 5;
    let backoff = this.#opts.minBackoffMs ?? 30;
    const maxBackoff = this.#opts.maxBackoffMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(body);
      if (result.ok) {
        this.#metrics?.samples.inc({ remote: this.#remote }, samples);
        return;
      }
      if (!result.error.transient || attempt >= maxAttempts) throw result.error;
      this.#metrics?.retries.inc({ remote: this.#remote });
      // Retry-After is honoured, capped so one write cannot block its group for long.
      const wait = Math.min(result.retryAfterMs ?? backoff, 60_000);
      await this.#sleep(wait);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }

  async #attempt(
    body: Buffer,
  ): Promise<{ ok: true } | { ok: false; error: DatasourceError; retryAfterMs?: number }> {
    const what = `remote write ${this.#remote}`;
    const timeoutMs = this.#opts.timeoutMs ?? 30_000;
    const end = this.#metrics?.duration.startTimer({ remote: this.#remote });
    try {
      const res = await request(this.#url, {
        method: 'POST',
        headers: await requestHeaders(this.#headers, this.#opts),
        body,
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.body.text();
      this.#metrics?.requests.inc({ remote: this.#remote, code: String(res.statusCode) });
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true };
      const error = new DatasourceError(
        'http',
        `${what}: HTTP ${res.statusCode}: ${text.slice(0, 300).trim()}`,
        res.statusCode,
      );
      const ra =
        res.statusCode === 429 || res.statusCode >= 500
          ? retryAfterMs(res.headers['retry-after'])
          : undefined;
      return ra === undefined ? { ok: false, error } : { ok: false, error, retryAfterMs: ra };
    } catch (err) {
      this.#metrics?.requests.inc({ remote: this.#remote, code: 'error' });
      return { ok: false, error: fromFetchError(err, what, timeoutMs) };
    } finally {
      end?.();
    }
  }

  /** Stops accepting writes, waits for the queue to drain, and closes connections. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#running) await new Promise((r) => setImmediate(r));
    await this.#agent.close();
  }
}
