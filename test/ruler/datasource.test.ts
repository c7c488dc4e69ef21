import { createServer } from 'node:net';
import { uncompress } from 'snappyjs';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { DatasourceError } from '../../src/datasource/errors.js';
import { encodeWriteRequest } from '../../src/datasource/protobuf.js';
import { QueryClient, instantVectorQuery, parseSampleValue } from '../../src/datasource/query.js';
import { RemoteWriteClient } from '../../src/datasource/remote-write.js';
import { Secret } from '../../src/model/secret.js';
import { decodeWriteRequest, startServer } from './http-fixture.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function server(
  status: number | ((n: number) => number),
  body: string | ((n: number) => string),
  headers: Record<string, string> = {},
) {
  let n = 0;
  const s = await startServer((_req, res) => {
    n++;
    res.writeHead(typeof status === 'number' ? status : status(n), {
      'content-type': 'application/json',
      ...headers,
    });
    res.end(typeof body === 'string' ? body : body(n));
  });
  cleanups.push(s.close);
  return s;
}

function client(url: string, over: Partial<ConstructorParameters<typeof QueryClient>[0]> = {}) {
  const c = new QueryClient({ url, timeoutMs: 2000, sleep: async () => {}, ...over });
  cleanups.push(() => c.close());
  return c;
}

describe('parseSampleValue', () => {
  it.each([
    ['1.5', 1.5],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['1e-300', 1e-300],
    ['-0', -0],
  ])('%s', (text, want) => expect(parseSampleValue(text)).toBe(want));
  it('NaN', () => expect(parseSampleValue('NaN')).toBeNaN());
  it('rejects garbage', () => expect(() => parseSampleValue('abc')).toThrow(DatasourceError));
});

describe('QueryClient', () => {
  it('POSTs the form with time in seconds (ms precision), auth and headers; parses a vector', async () => {
    const s = await server(
      200,
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'vector',
          result: [{ metric: { __name__: 'up', job: 'j' }, value: [1700000000.123, 'NaN'] }],
        },
      }),
    );
    const c = client(s.url + '/prefix/', {
      basicAuth: { username: 'u', password: new Secret('p') },
      headers: { 'X-Scope-OrgID': 't1' },
    });
    const r = await c.query('up == 1', 1_700_000_000_123);
    expect(r.resultType).toBe('vector');
    expect(r.resultType === 'vector' && r.samples[0]).toMatchObject({
      labels: { __name__: 'up', job: 'j' },
      timestampMs: 1_700_000_000_123,
    });
    const req = s.requests[0];
    expect(req?.url).toBe('/prefix/api/v1/query');
    expect(req?.body.toString()).toBe('query=up+%3D%3D+1&time=1700000000.123');
    expect(req?.headers['authorization']).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(req?.headers['x-scope-orgid']).toBe('t1');
  });

  it('reuses one keep-alive connection', async () => {
    const s = await server(
      200,
      JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } }),
    );
    const ports = new Set<number>();
    s.server.on('request', (req) => ports.add(req.socket.remotePort ?? 0));
    const c = client(s.url);
    for (let i = 0; i < 20; i++) await c.query('2', 1000);
    // Sequential queries share the pooled connection(s) instead of opening one each.
    expect(ports.size).toBeLessThanOrEqual(2);
  });

  it.each([
    [
      'error envelope (422 execution)',
      422,
      JSON.stringify({ status: 'error', errorType: 'execution', error: 'many-to-many matching not allowed' }),
      'execution',
      'execution: many-to-many matching not allowed',
    ],
    [
      'error envelope (400 bad_data)',
      400,
      JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }),
      'bad_data',
      'bad_data: parse error',
    ],
    [
      'error envelope (503 timeout)',
      503,
      JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out' }),
      'timeout',
      'timeout: query timed out',
    ],
    ['non-2xx without envelope', 502, '<html>bad gateway</html>', 'http', 'HTTP 502'],
    ['2xx that is not JSON', 200, 'hello', 'bad_data', 'HTTP 200'],
  ])('%s → DatasourceError', async (_n, status, body, kind, text) => {
    const s = await server(status, body);
    const err = await client(s.url)
      .query('x', 0)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasourceError);
    expect((err as DatasourceError).kind).toBe(kind);
    expect((err as DatasourceError).message).toContain(text);
  });

  it('retries 5xx, 429 and connection failures, but not 4xx or errors in a 2xx', async () => {
    const s = await server(
      (n) => (n < 3 ? 503 : 200),
      (n) => (n < 3 ? '' : JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } })),
    );
    const waits: number[] = [];
    const c = client(s.url, { sleep: async (ms) => void waits.push(ms) });
    expect(await c.query('x', 0)).toEqual({ resultType: 'vector', samples: [] });
    expect(waits).toEqual([100, 200]);
    const bad = await server(
      400,
      JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }),
    );
    await expect(client(bad.url, { sleep: async () => {} }).query('x', 0)).rejects.toThrow('parse error');
    expect(bad.requests.length).toBe(1);
  });

  it('a refused connection is a network error, never an empty result', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err = await client(`http://u:secret@127.0.0.1:${port}`)
      .query('x', 0)
      .catch((e: unknown) => e);
    expect((err as DatasourceError).kind).toBe('network');
    expect((err as Error).message).not.toContain('secret');
  });

  it('times out', async () => {
    const s = await startServer(() => {});
    cleanups.push(s.close);
    const err = await client(s.url, { timeoutMs: 200 })
      .query('x', 0)
      .catch((e: unknown) => e);
    expect((err as DatasourceError).kind).toBe('timeout');
  });

  it('the rule adapter turns scalars into a label-less sample and rejects strings and matrices', async () => {
    const s = await server(200, (n) =>
      JSON.stringify({
        status: 'success',
        data: n === 1 ? { resultType: 'scalar', result: [1, '+Inf'] } : { resultType: 'matrix', result: [] },
      }),
    );
    const q = instantVectorQuery(client(s.url));
    expect(await q('1/0', 1000)).toEqual([{ labels: {}, value: Infinity, timestampMs: 1000 }]);
    await expect(q('x[1m]', 1000)).rejects.toThrow('rule result is not a vector or scalar');
  });
});

describe('remote write', () => {
  it('encodes WriteRequest with sorted labels, exact StaleNaN bits and int64 timestamps', () => {
    const buf = encodeWriteRequest([
      {
        labels: { z: '1', __name__: 'm', a: 'é' },
        samples: [
          { value: 1.5, timestampMs: 1_700_000_000_123 },
          { value: NaN, timestampMs: 5, stale: true },
        ],
      },
      { labels: { __name__: 'n' }, samples: [{ value: -2, timestampMs: -1 }] },
    ]);
    const d = decodeWriteRequest(buf);
    expect(d[0]?.labels).toEqual([
      ['__name__', 'm'],
      ['a', 'é'],
      ['z', '1'],
    ]);
    expect(d[0]?.samples.map((s) => [s.bits, s.ts])).toEqual([
      ['3ff8000000000000', 1_700_000_000_123],
      ['7ff0000000000002', 5],
    ]);
    expect(d[1]?.samples).toEqual([{ bits: 'c000000000000000', value: -2, ts: -1 }]);
  });

  function rw(url: string, over: Partial<ConstructorParameters<typeof RemoteWriteClient>[0]> = {}) {
    const sleeps: number[] = [];
    const c = new RemoteWriteClient({
      url,
      sleep: async (ms) => void sleeps.push(ms),
      minBackoffMs: 30,
      ...over,
    });
    cleanups.push(() => c.close());
    return { c, sleeps };
  }
  const one = [{ labels: { __name__: 'm' }, samples: [{ value: 1, timestampMs: 1000 }] }];

  it('sends snappy protobuf with the remote-write headers and resolves on 2xx', async () => {
    const s = await server(204, '');
    const { c } = rw(s.url + '/api/v1/write', { bearerToken: new Secret('tok') });
    await c.write(one);
    const req = s.requests[0];
    expect(req?.headers).toMatchObject({
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
      authorization: 'Bearer tok',
    });
    expect(decodeWriteRequest(uncompress(new Uint8Array(req?.body ?? [])))[0]?.labels).toEqual([
      ['__name__', 'm'],
    ]);
  });

  it('applies write relabeling and drops series it removes', async () => {
    const s = await server(204, '');
    const { c } = rw(s.url, { relabel: (l) => (l['drop'] ? undefined : { ...l, env: 'x' }) });
    await c.write([
      ...one,
      { labels: { __name__: 'd', drop: '1' }, samples: [{ value: 1, timestampMs: 1 }] },
    ]);
    const got = decodeWriteRequest(uncompress(new Uint8Array(s.requests[0]?.body ?? [])));
    expect(got.map((x) => x.labels)).toEqual([
      [
        ['__name__', 'm'],
        ['env', 'x'],
      ],
    ]);
  });

  it('retries 5xx and 429 (honouring Retry-After) and not other 4xx', async () => {
    const s = await server((n) => (n === 1 ? 500 : n === 2 ? 429 : 200), '', { 'retry-after': '2' });
    const { c, sleeps } = rw(s.url);
    await c.write(one);
    expect(s.requests.length).toBe(3);
    expect(sleeps).toEqual([2000, 2000]);

    const bad = await server(400, 'out of order sample');
    const { c: c2 } = rw(bad.url);
    await expect(c2.write(one)).rejects.toThrow('HTTP 400: out of order sample');
    expect(bad.requests.length).toBe(1);
  });

  it('gives up after maxAttempts, drops when the queue is full, and counts', async () => {
    const s = await server(503, '');
    const registry = new Registry();
    const { c, sleeps } = rw(s.url, { maxAttempts: 3, queueCapacity: 1, registry });
    const p = c.write(one);
    await expect(c.write(one)).rejects.toThrow('queue full');
    await expect(p).rejects.toThrow('HTTP 503');
    expect(sleeps).toEqual([30, 60]);
    const text = await registry.metrics();
    expect(text).toMatch(
      /vigil_remote_write_samples_dropped_total\{remote="http:\/\/127\.0\.0\.1:\d+\/"\} 1/,
    );
    expect(text).toMatch(/vigil_remote_write_samples_failed_total\{remote="[^"]+"\} 1/);
  });

  it('merges queued writes but sends stale markers alone; a 400 on a merged batch is retried write by write', async () => {
    const s = await server((n) => (n === 2 ? 400 : 200), '');
    const { c } = rw(s.url);
    const stale = [{ labels: { __name__: 'm' }, samples: [{ value: NaN, timestampMs: 900, stale: true }] }];
    const results = await Promise.allSettled([c.write(one), c.write(one), c.write(one), c.write(stale)]);
    const bodies = s.requests.map((r) => decodeWriteRequest(uncompress(new Uint8Array(r.body))).length);
    // 1st alone (queue was empty), then 2+3 merged (rejected 400) → 2, 3 separately, then the stale one.
    expect(bodies).toEqual([1, 2, 1, 1, 1]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  });
});
