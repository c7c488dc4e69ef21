// HTTP helpers for the benchmarks: a keep-alive undici client, a sink server that answers
// webhooks, notifier posts and remote writes (recording when each alert name arrived), and a
// Prometheus text-format metrics reader.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'undici';

/** A keep-alive connection pool to one loopback origin. */
export function keepAlivePool(url: string, connections: number): Pool {
  return new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

/** POSTs a JSON body (already serialised) and returns the status and response text. */
export async function postJson(pool: Pool, path: string, body: string): Promise<{ status: number; text: string }> {
  const res = await pool.request({ method: 'POST', path, body, headers: { 'content-type': 'application/json' } });
  const text = await res.body.text();
  return { status: res.statusCode, text };
}

/** A local HTTP server standing in for webhook receivers, Alertmanager and remote write. */
export interface Sink {
  readonly url: string;
  /** Requests received so far, per path. */
  readonly counts: Map<string, number>;
  /** Resolves with the hrtime at which a webhook naming `alertname` arrived. */
  waitForAlert(alertname: string, deadlineMs: number): Promise<bigint>;
  close(): Promise<void>;
}

function alertNames(body: string): string[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const alerts = typeof parsed === 'object' && parsed !== null && 'alerts' in parsed ? parsed.alerts : undefined;
    if (!Array.isArray(alerts)) return [];
    const names: string[] = [];
    for (const a of alerts as unknown[]) {
      if (typeof a !== 'object' || a === null || !('labels' in a)) continue;
      const labels = a.labels;
      if (typeof labels === 'object' && labels !== null && 'alertname' in labels && typeof labels.alertname === 'string') {
        names.push(labels.alertname);
      }
    }
    return names;
  } catch {
    return [];
  }
}

/** Starts the sink on a random loopback port; `/webhook` bodies are parsed for alert names. */
export async function startSink(): Promise<Sink> {
  const counts = new Map<string, number>();
  const arrived = new Map<string, bigint>();
  const waiters = new Map<string, (t: bigint) => void>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] as string;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = process.hrtime.bigint();
      if (path === '/webhook') {
        for (const name of alertNames(Buffer.concat(chunks).toString('utf8'))) {
          if (!arrived.has(name)) arrived.set(name, now);
          waiters.get(name)?.(now);
          waiters.delete(name);
        }
      }
      res.statusCode = path.endsWith('/write') ? 204 : 200;
      res.end(path.endsWith('/write') ? undefined : '{}');
    });
  };
  const server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    waitForAlert(alertname, deadlineMs) {
      const seen = arrived.get(alertname);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolveT, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(alertname);
          reject(new Error(`no webhook for ${alertname} within ${deadlineMs} ms`));
        }, deadlineMs);
        waiters.set(alertname, (t) => {
          clearTimeout(timer);
          resolveT(t);
        });
      });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** One sample of a scraped metric: its labels and value. */
export interface MetricSample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Parses the samples of metric `name` from Prometheus text exposition. */
export function parseMetric(text: string, name: string): MetricSample[] {
  const out: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const close = rest[0] === '{' ? rest.lastIndexOf('}') : -1;
    const labels: Record<string, string> = {};
    if (close > 0) {
      for (const m of rest.slice(1, close).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[m[1] as string] = m[2] as string;
      }
    }
    const value = Number(rest.slice(close + 1).trim().split(' ')[0]);
    out.push({ labels, value });
  }
  return out;
}

/** GETs `<url>/metrics`; returns the text, or undefined when the endpoint is missing. */
export async function scrape(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    return res.status === 200 ? text : undefined;
  } catch {
    return undefined;
  }
}
