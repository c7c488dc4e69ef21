// A local HTTP server capturing requests, for client tests against a real socket.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One captured request with its raw body. */
export interface Captured {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

type Respond = (req: Captured, res: ServerResponse) => void;

/** Starts a server on 127.0.0.1 with a random port; `respond` answers each request. */
export async function startServer(
  respond: Respond,
): Promise<{ url: string; requests: Captured[]; server: Server; close: () => Promise<void> }> {
  const requests: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const cap = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(cap);
      respond(cap, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Decodes a remote-write `WriteRequest` (enough protobuf for tests): labels and samples per series. */
export function decodeWriteRequest(
  buf: Uint8Array,
): Array<{ labels: Array<[string, string]>; samples: Array<{ bits: string; value: number; ts: number }> }> {
  let pos = 0;
  const varint = (b: Uint8Array): number => {
    let n = 0n;
    let shift = 0n;
    for (;;) {
      const byte = b[pos++] ?? 0;
      n |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) break;
      shift += 7n;
    }
    return Number(BigInt.asIntN(64, n));
  };
  const fields = (b: Uint8Array): Array<[number, Uint8Array | number]> => {
    const saved = pos;
    pos = 0;
    const out: Array<[number, Uint8Array | number]> = [];
    while (pos < b.length) {
      const tag = varint(b);
      const field = tag >> 3;
      const wire = tag & 7;
      if (wire === 2) {
        const len = varint(b);
        out.push([field, b.subarray(pos, pos + len)]);
        pos += len;
      } else if (wire === 1) {
        out.push([field, pos]);
        out.push([-field, b.subarray(pos, pos + 8)]);
        pos += 8;
      } else out.push([field, varint(b)]);
    }
    pos = saved;
    return out;
  };
  const dec = new TextDecoder();
  return fields(buf).map(([, ts]) => {
    const series = fields(ts as Uint8Array);
    const labels: Array<[string, string]> = [];
    const samples: Array<{ bits: string; value: number; ts: number }> = [];
    for (const [f, v] of series) {
      if (f === 1) {
        const lf = fields(v as Uint8Array);
        labels.push([dec.decode(lf[0]?.[1] as Uint8Array), dec.decode(lf[1]?.[1] as Uint8Array)]);
      } else if (f === 2) {
        const sf = fields(v as Uint8Array);
        const raw = sf.find(([k]) => k === -1)?.[1] as Uint8Array;
        const bits = Buffer.from(raw).reverse().toString('hex');
        samples.push({
          bits,
          value: Buffer.from(raw).readDoubleLE(0),
          ts: sf.find(([k]) => k === 2)?.[1] as number,
        });
      }
    }
    return { labels, samples };
  });
}
