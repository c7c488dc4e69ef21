// A local HTTP server standing in for a notification service: records requests, answers as told.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake saw it. */
export interface Captured {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly json: unknown;
}

/** What the fake answers: a reply, or hang until the client gives up. */
export type Answer =
  | { readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }
  | 'hang';

/** A fake service on 127.0.0.1 with a random port. */
export class FakeHttp {
  readonly requests: Captured[] = [];
  answer: (req: Captured) => Answer = () => ({ status: 200, body: 'ok' });
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts a fake and returns it once it listens. */
  static async start(): Promise<FakeHttp> {
    const ref: { fake?: FakeHttp } = {};
    const server = createServer((req, res) => void ref.fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeHttp(server, `http://127.0.0.1:${port}`);
    ref.fake = fake;
    return fake;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(body) as unknown;
    } catch {
      json = undefined;
    }
    const captured: Captured = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body,
      json,
    };
    this.requests.push(captured);
    const a = this.answer(captured);
    if (a === 'hang') {
      this.hanging.add(res);
      return;
    }
    res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
    res.end(a.body ?? '');
  }

  /** Stops listening and drops hanging requests. */
  async close(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let refusing: Promise<number> | undefined;

/**
 * A port where every connection fails at once: a server that resets each connection as it
 * comes. It stays bound for the whole run, so no other test's server can take the port (a port
 * bound and then released could be handed to a server started meanwhile).
 */
export function closedPort(): Promise<number> {
  refusing ??= new Promise<number>((resolve) => {
    const s = createServer();
    s.on('connection', (socket) => socket.resetAndDestroy());
    s.listen(0, '127.0.0.1', () => {
      s.unref();
      resolve((s.address() as AddressInfo).port);
    });
  });
  return refusing;
}

/** JSON reply helper. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}
