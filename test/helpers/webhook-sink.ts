// A webhook receiver for end-to-end tests: an HTTP server on 127.0.0.1 that records every POST
// body and lets a test wait (with a deadline) until the recorded requests satisfy a condition.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './vigil-process.js';

/** One request the sink received. */
export interface SinkRequest {
  readonly at: number;
  readonly path: string;
  readonly body: unknown;
}

/** A running sink. */
export interface WebhookSink {
  readonly url: string;
  readonly requests: SinkRequest[];
  /** Resolves with the requests once `check` holds for them; rejects after `timeoutMs`. */
  until(
    what: string,
    check: (reqs: readonly SinkRequest[]) => boolean,
    timeoutMs?: number,
  ): Promise<SinkRequest[]>;
  close(): Promise<void>;
}

/** Starts a sink on a random free port of 127.0.0.1; it always answers 200. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const requests: SinkRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      requests.push({ at: Date.now(), path: req.url ?? '', body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    until: (what, check, timeoutMs = 30_000) =>
      waitFor(
        `${what}; received: ${JSON.stringify(requests.map((r) => r.body))}`,
        () => (check(requests) ? [...requests] : undefined),
        timeoutMs,
      ),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The fields of an Alertmanager webhook (payload version 4) the tests read. */
export interface WebhookPayload {
  readonly version: string;
  readonly status: string;
  readonly receiver: string;
  readonly groupKey: string;
  readonly alerts: ReadonlyArray<{
    readonly status: string;
    readonly labels: Record<string, string>;
    readonly annotations: Record<string, string>;
    readonly startsAt: string;
  }>;
}

/** Narrows a recorded body to a webhook payload (throws when it is not one). */
export function payload(r: SinkRequest): WebhookPayload {
  const b = r.body;
  if (typeof b !== 'object' || b === null || !('alerts' in b) || !Array.isArray(b.alerts)) {
    throw new Error(`not a webhook payload: ${JSON.stringify(b)}`);
  }
  return b as WebhookPayload;
}

/** The alert names of every notification, in arrival order. */
export function alertNames(reqs: readonly SinkRequest[]): string[][] {
  return reqs.map((r) => payload(r).alerts.map((a) => a.labels['alertname'] ?? ''));
}
