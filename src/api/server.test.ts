import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Registry, Gauge } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureLogger } from '../model/logger.js';
import type { ReloadOutcome } from './plugins/lifecycle.js';
import { build, normalizeRoutePrefix } from './server.js';
import type { ServerDeps, VigilServer } from './server.js';
import type { WebConfig } from './web-config.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'web');
let apps: VigilServer[] = [];

function registry(): Registry {
  const r = new Registry();
  new Gauge({ name: 'vigil_config_last_reload_successful', help: 'h', registers: [r] }).set(1);
  return r;
}

function app(over: Partial<ServerDeps> = {}): VigilServer {
  const a = build({
    logger: new CaptureLogger(),
    metrics: registry(),
    routePrefix: '',
    isReady: () => true,
    reload: async () => ({ ok: true }),
    ...over,
  });
  apps.push(a);
  return a;
}

afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

describe('lifecycle endpoints', () => {
  it.each([
    ['GET', '/-/healthy', true, 200, 'Vigil is Healthy.\n'],
    ['HEAD', '/-/healthy', true, 200, ''],
    ['GET', '/-/ready', true, 200, 'Vigil is Ready.\n'],
    ['GET', '/-/ready', false, 503, 'Service Unavailable\n'],
    ['GET', '/-/reload', true, 405, 'Only POST or PUT requests allowed\n'],
  ] as const)('%s %s (ready=%s) → %i', async (method, url, ready, status, body) => {
    const res = await app({ isReady: () => ready }).inject({ method, url });
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(body);
  });

  it.each([
    ['POST', { ok: true }, 200, ''],
    ['PUT', { ok: true }, 200, ''],
    [
      'POST',
      { ok: false, error: 'a.yml:3:5: undefined receiver "x" used in route' },
      500,
      'failed to reload config: a.yml:3:5: undefined receiver "x" used in route\n',
    ],
  ] as const)('%s /-/reload with %j → %i', async (method, outcome, status, body) => {
    let calls = 0;
    const reload = async (): Promise<ReloadOutcome> => {
      calls++;
      return outcome;
    };
    const res = await app({ reload }).inject({ method, url: '/-/reload' });
    expect(res.statusCode).toBe(status);
    expect(res.body).toBe(body);
    expect(calls).toBe(1);
  });
});

describe('request logging', () => {
  it('logs every request at debug level with its status', async () => {
    const logger = new CaptureLogger();
    await app({ logger }).inject({ method: 'GET', url: '/-/healthy' });
    expect(logger.entries.find((e) => e.msg === 'request')).toMatchObject({
      level: 'debug',
      fields: { component: 'web', method: 'GET', url: '/-/healthy', status: 200 },
    });
  });
});

describe('/metrics', () => {
  it('serves the registry in the Prometheus text format', async () => {
    const res = await app().inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('vigil_config_last_reload_successful 1');
  });
});

describe('route prefix', () => {
  it.each([
    ['', ''],
    ['/', ''],
    ['vigil', '/vigil'],
    ['/vigil/', '/vigil'],
    ['/a/b//', '/a/b'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeRoutePrefix(input)).toBe(expected);
  });

  it('serves every route under the prefix and nothing at the root', async () => {
    const a = app({ routePrefix: '/vigil/' });
    expect((await a.inject({ method: 'GET', url: '/vigil/-/healthy' })).statusCode).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/vigil/metrics' })).statusCode).toBe(200);
    expect((await a.inject({ method: 'POST', url: '/vigil/-/reload' })).statusCode).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/-/healthy' })).statusCode).toBe(404);
  });

  it('registers extra plugins under the prefix', async () => {
    const a = app({
      routePrefix: '/p',
      plugins: [
        async (f) => {
          f.get('/api/v1/rules', async () => ({ status: 'success' }));
        },
      ],
    });
    const res = await a.inject({ method: 'GET', url: '/p/api/v1/rules' });
    expect(res.json()).toEqual({ status: 'success' });
  });
});

describe('web config: basic auth and headers', () => {
  const web: WebConfig = {
    basicAuthUsers: new Map([['admin', bcrypt.hashSync('s3cret', 4)]]),
    headers: { 'X-Frame-Options': 'deny' },
  };
  const basic = (user: string, pass: string): string =>
    `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  it.each([
    ['no credentials', 401, undefined],
    ['wrong password', 401, basic('admin', 'nope')],
    ['unknown user', 401, basic('root', 's3cret')],
    ['not basic', 401, 'Bearer abc'],
    ['right credentials', 200, basic('admin', 's3cret')],
  ])('%s → %i', async (_name, status, authorization) => {
    const res = await app({ web }).inject({
      method: 'GET',
      url: '/-/healthy',
      headers: authorization ? { authorization } : {},
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['x-frame-options']).toBe('deny');
    if (status === 401) expect(res.headers['www-authenticate']).toBe('Basic');
  });

  it('protects unknown paths too (401, not 404)', async () => {
    const res = await app({ web }).inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(401);
  });

  it('accepts the same credentials again from its cache', async () => {
    const a = app({ web });
    const headers = { authorization: basic('admin', 's3cret') };
    expect((await a.inject({ method: 'GET', url: '/-/ready', headers })).statusCode).toBe(200);
    expect((await a.inject({ method: 'GET', url: '/-/ready', headers })).statusCode).toBe(200);
  });
});

describe('web config: TLS', () => {
  it('serves HTTPS with the configured certificate', async () => {
    const cert = await readFile(join(FIXTURES, 'cert.pem'));
    const key = await readFile(join(FIXTURES, 'key.pem'));
    const a = app({
      web: {
        tls: { cert, key, requestCert: false, rejectUnauthorized: false },
        basicAuthUsers: new Map(),
        headers: {},
      },
    });
    await a.listen({ host: '127.0.0.1', port: 0 });
    const addr = a.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port, path: '/-/healthy', ca: cert }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('Vigil is Healthy.\n');
  });

  it.each([
    ['without a client certificate is refused', false],
    ['with any client certificate is served', true],
  ])('RequireAnyClientCert: a connection %s', async (_name, withCert) => {
    const cert = await readFile(join(FIXTURES, 'cert.pem'));
    const key = await readFile(join(FIXTURES, 'key.pem'));
    const a = app({
      web: {
        tls: { cert, key, requestCert: true, rejectUnauthorized: false, clientCertCheck: 'any' },
        basicAuthUsers: new Map(),
        headers: {},
      },
    });
    await a.listen({ host: '127.0.0.1', port: 0 });
    const addr = a.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const outcome = await new Promise<string>((resolve) => {
      const client = withCert ? { cert, key } : {};
      const req = httpsRequest(
        { host: '127.0.0.1', port, path: '/-/healthy', ca: cert, ...client },
        (res) => {
          res.resume();
          res.on('end', () => resolve(`status ${res.statusCode ?? 0}`));
        },
      );
      req.on('error', () => resolve('refused'));
      req.end();
    });
    await a.close();
    expect(outcome).toBe(withCert ? 'status 200' : 'refused');
  });
});
