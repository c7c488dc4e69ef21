// A local webhook sink: an HTTP server on 127.0.0.1 that records every request it receives.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One received request, with the time it arrived. */
export interface Received {
  readonly at: number;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** How the sink answers: a status (and headers) per request, default 200. */
export type Responder = (
  req: Received,
  index: number,
) => { status: number; headers?: Record<string, string>; delayMs?: number };

/** A running sink; `waitFor` resolves once `n` requests arrived or rejects at the deadline. */
export interface Sink {
  readonly url: string;
  readonly received: Received[];
  respond: Responder;
  waitFor(n: number, timeoutMs: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** Starts a sink on a random free port of 127.0.0.1. */
export async function startSink(now: () => number = Date.now): Promise<Sink> {
  const received: Received[] = [];
  let waiters: Array<() => boolean> = [];
  const sink: Sink = {
    url: '',
    received,
    respond: () => ({ status: 200 }),
    waitFor: (n, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (received.length < n) return false;
          clearTimeout(timer);
          resolve(received.slice(0, n));
          return true;
        };
        const timer = setTimeout(
          () => reject(new Error(`sink: got ${received.length} of ${n} requests`)),
          timeoutMs,
        );
        if (!check()) waiters.push(check);
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Keep raw text.
      }
      const r: Received = { at: now(), path: req.url ?? '', headers: req.headers, body };
      const answer = sink.respond(r, received.length);
      received.push(r);
      waiters = waiters.filter((w) => !w());
      const reply = (): void => {
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers ?? {});
        res.end();
      };
      if (answer.delayMs === undefined) reply();
      else {
        const t = setTimeout(reply, answer.delayMs);
        res.on('close', () => clearTimeout(t));
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (sink as { url: string }).url = `http://127.0.0.1:${port}`;
  return sink;
}
