import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OAuth2TokenSource } from './oauth2.js';

interface Seen {
  readonly authorization: string | undefined;
  readonly form: URLSearchParams;
}

type Answer = (seen: Seen) => { status: number; body: unknown };

/** A real token endpoint answering each request with `answer`, recording what it was sent. */
async function tokenServer(answer: Answer): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s = { authorization: req.headers.authorization, form: new URLSearchParams(body) };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`, seen, server };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('OAuth2TokenSource', () => {
  it('asks for client credentials with HTTP Basic, scopes and endpoint params, and sends the token as Bearer', async () => {
    let n = 0;
    const ts = await tokenServer(() => ({
      status: 200,
      body: { access_token: `tok${++n}`, token_type: 'bearer', expires_in: 60 },
    }));
    const source = new OAuth2TokenSource({
      clientId: 'vigil app',
      clientSecret: 's3cret/+',
      scopes: ['read', 'write'],
      tokenUrl: ts.url,
      endpointParams: { audience: 'mimir' },
    });
    expect(await source.authorization()).toBe('Bearer tok1');
    expect(ts.seen).toHaveLength(1);
    expect(ts.seen[0]?.authorization).toBe(basic('vigil app', 's3cret/+'));
    expect(Object.fromEntries(ts.seen[0]?.form ?? [])).toEqual({
      grant_type: 'client_credentials',
      scope: 'read write',
      audience: 'mimir',
    });
  });

  it('reuses a token until 10 s before it expires, and shares one request between concurrent callers', async () => {
    let n = 0;
    const ts = await tokenServer(() => ({
      status: 200,
      body: { access_token: `tok${++n}`, expires_in: 60 },
    }));
    let now = 1_000_000;
    const source = new OAuth2TokenSource(
      { clientId: 'a', clientSecret: 'b', scopes: [], tokenUrl: ts.url, endpointParams: {} },
      () => now,
    );
    expect(
      await Promise.all([source.authorization(), source.authorization(), source.authorization()]),
    ).toEqual(['Bearer tok1', 'Bearer tok1', 'Bearer tok1']);
    now += 49_999;
    expect(await source.authorization()).toBe('Bearer tok1');
    now += 1;
    expect(await source.authorization()).toBe('Bearer tok2');
    expect(ts.seen).toHaveLength(2);
  });

  it('falls back to credentials in the form when the endpoint refuses HTTP Basic, and keeps to that', async () => {
    let n = 0;
    const ts = await tokenServer((s) =>
      s.authorization !== undefined
        ? { status: 401, body: { error: 'invalid_client' } }
        : s.form.get('client_id') === 'a' && s.form.get('client_secret') === 'b'
          ? { status: 200, body: { access_token: `tok${++n}`, expires_in: 1 } }
          : { status: 400, body: { error: 'invalid_request' } },
    );
    let now = 0;
    const source = new OAuth2TokenSource(
      { clientId: 'a', clientSecret: 'b', scopes: [], tokenUrl: ts.url, endpointParams: {} },
      () => now,
    );
    expect(await source.authorization()).toBe('Bearer tok1');
    now += 60_000;
    expect(await source.authorization()).toBe('Bearer tok2');
    expect(ts.seen.map((s) => s.authorization === undefined)).toEqual([false, true, true]);
  });

  it('fails with the endpoint status and error code, never the secret', async () => {
    const ts = await tokenServer(() => ({
      status: 400,
      body: { error: 'invalid_client', error_description: 'no' },
    }));
    const source = new OAuth2TokenSource({
      clientId: 'a',
      clientSecret: 'hunter2',
      scopes: [],
      tokenUrl: ts.url,
      endpointParams: {},
    });
    const err = await source.authorization().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toBe(`oauth2 token ${ts.url}: status 400: invalid_client`);
    expect(err?.message).not.toContain('hunter2');
  });

  it('refuses an answer without an access_token, and reports an unreachable endpoint', async () => {
    const ts = await tokenServer(() => ({ status: 200, body: { token_type: 'bearer' } }));
    const source = new OAuth2TokenSource({
      clientId: 'a',
      clientSecret: 'b',
      scopes: [],
      tokenUrl: ts.url,
      endpointParams: {},
    });
    await expect(source.authorization()).rejects.toThrow(
      `oauth2 token ${ts.url}: the answer holds no access_token`,
    );
    const down = new OAuth2TokenSource({
      clientId: 'a',
      clientSecret: 'b',
      scopes: [],
      tokenUrl: 'http://127.0.0.1:9/token',
      endpointParams: {},
    });
    await expect(down.authorization()).rejects.toThrow('oauth2 token http://127.0.0.1:9/token: ECONNREFUSED');
  });

  it('reads client_secret_file again for each new token', async () => {
    let n = 0;
    const ts = await tokenServer(() => ({
      status: 200,
      body: { access_token: `tok${++n}`, expires_in: 20 },
    }));
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-oauth2-'));
    const file = path.join(dir, 'secret');
    await writeFile(file, 'first\n');
    let now = 0;
    const source = new OAuth2TokenSource(
      {
        clientId: 'a',
        clientSecret: 'first',
        clientSecretFile: file,
        scopes: [],
        tokenUrl: ts.url,
        endpointParams: {},
      },
      () => now,
    );
    await source.authorization();
    await writeFile(file, 'second\n');
    now += 20_000;
    await source.authorization();
    expect(ts.seen.map((s) => s.authorization)).toEqual([basic('a', 'first'), basic('a', 'second')]);
  });
});
