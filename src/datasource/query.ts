// Prometheus HTTP API instant-query client (`POST /api/v1/query`), usable against any server with that API.
import { request, type Dispatcher } from 'undici';
import type { Labels } from '../model/labels.js';
import { DatasourceError, fromFetchError, redactURL } from './errors.js';
import { buildAgent, buildHeaders, requestHeaders, type HTTPClientOptions } from './http-options.js';

/** One sample of an instant vector; `timestampMs` is the evaluation time the server reports. */
export interface VectorSample {
  readonly labels: Labels;
  readonly value: number;
  readonly timestampMs: number;
}

/** One series of a range-vector result with its raw points. */
export interface MatrixSeries {
  readonly labels: Labels;
  readonly points: ReadonlyArray<{ readonly timestampMs: number; readonly value: number }>;
}

/** The decoded `data` of a successful query, by `resultType`. */
export type QueryResult =
  | { readonly resultType: 'vector'; readonly samples: readonly VectorSample[] }
  | { readonly resultType: 'scalar'; readonly value: number; readonly timestampMs: number }
  | { readonly resultType: 'string'; readonly value: string; readonly timestampMs: number }
  | { readonly resultType: 'matrix'; readonly series: readonly MatrixSeries[] };

/** Options of a query client: the base URL (`http://prom:9090`, a path prefix allowed) and connection settings. */
export interface QueryClientOptions extends HTTPClientOptions {
  readonly url: string;
  /** Per-query timeout; default 30 s. */
  readonly timeoutMs?: number;
  /** Extra attempts after a connection failure, 5xx or 429 (not after a timeout); default 2. */
  readonly retries?: number;
  /** First wait between attempts, doubled each time; default 100 ms. */
  readonly retryBackoffMs?: number;
  /** Waits between attempts; injected so tests need no real delays. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Parses a Prometheus sample value exactly, including `NaN`, `+Inf` and `-Inf`. */
export function parseSampleValue(text: unknown): number {
  if (typeof text !== 'string')
    throw new DatasourceError('bad_data', `sample value is not a string: ${String(text)}`);
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
  }
  const v = Number(text);
  if (text.trim() === '' || Number.isNaN(v))
    throw new DatasourceError('bad_data', `invalid sample value ${JSON.stringify(text)}`);
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseLabels(v: unknown): Labels {
  if (!isRecord(v)) throw new DatasourceError('bad_data', 'series labels are not an object');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw new DatasourceError('bad_data', `label ${k} is not a string`);
    out[k] = val;
  }
  return out;
}

function parsePoint(v: unknown): { timestampMs: number; value: number } {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number') {
    throw new DatasourceError('bad_data', 'sample is not a [time, "value"] pair');
  }
  return { timestampMs: Math.round(v[0] * 1000), value: parseSampleValue(v[1]) };
}

function parseSeriesList(result: unknown): Record<string, unknown>[] {
  if (!Array.isArray(result)) throw new DatasourceError('bad_data', 'result is not an array');
  return result.map((s) => {
    if (!isRecord(s)) throw new DatasourceError('bad_data', 'series is not an object');
    if ('histogram' in s || 'histograms' in s)
      throw new DatasourceError('bad_data', 'native histogram results are not supported');
    return s;
  });
}

/** Decodes the `data` member of a success envelope. */
export function parseQueryData(data: unknown): QueryResult {
  if (!isRecord(data)) throw new DatasourceError('bad_data', 'response has no data object');
  const { resultType, result } = data;
  switch (resultType) {
    case 'vector':
      return {
        resultType,
        samples: parseSeriesList(result).map((s) => {
          const p = parsePoint(s['value']);
          return { labels: parseLabels(s['metric'] ?? {}), value: p.value, timestampMs: p.timestampMs };
        }),
      };
    case 'scalar': {
      const p = parsePoint(result);
      return { resultType, value: p.value, timestampMs: p.timestampMs };
    }
    case 'string': {
      if (!Array.isArray(result) || typeof result[1] !== 'string')
        throw new DatasourceError('bad_data', 'bad string result');
      return { resultType, value: result[1], timestampMs: Math.round(Number(result[0]) * 1000) };
    }
    case 'matrix':
      return {
        resultType,
        series: parseSeriesList(result).map((s) => {
          const values = s['values'] ?? [];
          if (!Array.isArray(values)) throw new DatasourceError('bad_data', 'series values are not an array');
          return { labels: parseLabels(s['metric'] ?? {}), points: values.map(parsePoint) };
        }),
      };
    default:
      throw new DatasourceError('bad_data', `unknown resultType ${JSON.stringify(resultType)}`);
  }
}

/** Turns the API's response (status + body text) into a result or a typed error. */
export function parseQueryResponse(status: number, body: string, what: string): QueryResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const kind = status >= 200 && status < 300 ? 'bad_data' : 'http';
    throw new DatasourceError(
      kind,
      `${what}: HTTP ${status}: ${body.slice(0, 200).trim() || 'invalid JSON'}`,
      status,
    );
  }
  if (isRecord(json) && json['status'] === 'error') {
    const errorType = typeof json['errorType'] === 'string' ? json['errorType'] : '';
    const msg = typeof json['error'] === 'string' ? json['error'] : 'unknown error';
    const kind = errorType === 'timeout' ? 'timeout' : errorType === 'bad_data' ? 'bad_data' : 'execution';
    throw new DatasourceError(kind, `${errorType ? `${errorType}: ` : ''}${msg}`, status, errorType);
  }
  if (status < 200 || status >= 300) throw new DatasourceError('http', `${what}: HTTP ${status}`, status);
  if (!isRecord(json) || json['status'] !== 'success')
    throw new DatasourceError('bad_data', `${what}: response has no success status`, status);
  return parseQueryData(json['data']);
}

/** A Prometheus instant-query client with a keep-alive connection pool; `close()` releases it. */
export class QueryClient {
  readonly #agent: Dispatcher;
  readonly #headers: Record<string, string>;
  readonly #endpoint: string;
  readonly #timeoutMs: number;
  readonly #opts: QueryClientOptions;

  constructor(opts: QueryClientOptions) {
    this.#opts = opts;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#agent = buildAgent(opts, this.#timeoutMs);
    this.#headers = {
      ...buildHeaders(opts),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    this.#endpoint = `${opts.url.replace(/\/+$/, '')}/api/v1/query`;
  }

  /** Runs `expr` at `atMs` (sent as seconds with millisecond precision), retrying transient failures. */
  async query(expr: string, atMs: number): Promise<QueryResult> {
    const retries = this.#opts.retries ?? 2;
    const sleep = this.#opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let backoff = this.#opts.retryBackoffMs ?? 100;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#queryOnce(expr, atMs);
      } catch (err) {
        const retryable = err instanceof DatasourceError && err.transient && err.kind !== 'timeout';
        if (!retryable || attempt >= retries) throw err;
        await sleep(backoff);
        backoff *= 2;
      }
    }
  }

  async #queryOnce(expr: string, atMs: number): Promise<QueryResult> {
    const what = `query ${redactURL(this.#endpoint)}`;
    const body = new URLSearchParams({ query: expr, time: (atMs / 1000).toFixed(3) }).toString();
    let status: number;
    let text: string;
    try {
      const res = await request(this.#endpoint, {
        method: 'POST',
        headers: await requestHeaders(this.#headers, this.#opts),
        body,
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw fromFetchError(err, what, this.#timeoutMs);
    }
    return parseQueryResponse(status, text, what);
  }

  /** Closes the pooled connections. */
  async close(): Promise<void> {
    await this.#agent.close();
  }
}

/**
 * Adapts a client to the rules engine's query function: a vector as is, a scalar as one sample
 * without labels, and string or matrix results as an error (as Prometheus' `EngineQueryFunc`).
 */
export function instantVectorQuery(client: Pick<QueryClient, 'query'>) {
  return async (expr: string, atMs: number): Promise<VectorSample[]> => {
    const r = await client.query(expr, atMs);
    if (r.resultType === 'vector') return [...r.samples];
    if (r.resultType === 'scalar') return [{ labels: {}, value: r.value, timestampMs: r.timestampMs }];
    throw new DatasourceError('bad_data', 'rule result is not a vector or scalar');
  };
}

/** Adapts a client to a range-vector query (for restoring `for` state from `ALERTS_FOR_STATE`). */
export function matrixQuery(client: Pick<QueryClient, 'query'>) {
  return async (expr: string, atMs: number): Promise<MatrixSeries[]> => {
    const r = await client.query(expr, atMs);
    if (r.resultType === 'matrix') return [...r.series];
    throw new DatasourceError('bad_data', `expected a range vector, got ${r.resultType}`);
  };
}
