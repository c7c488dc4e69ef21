// The webhook's tls_config against a local HTTPS server with a self-signed certificate.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HTTPClientConfig, TLSConfig } from '../../config/types.js';
import { Secret } from '../../model/secret.js';
import { createWebhook } from './webhook.js';

const DIR = join(import.meta.dirname, 'testdata');
const CERT = readFileSync(join(DIR, 'server.crt'), 'utf8');
const KEY = readFileSync(join(DIR, 'server.key'), 'utf8');

const http = (tls: TLSConfig): HTTPClientConfig => ({
  tls_config: tls,
  proxy_from_environment: false,
  follow_redirects: true,
  enable_http2: true,
});

describe('webhook over TLS', () => {
  let server: Server;
  let url = '';
  let hits = 0;
  beforeAll(async () => {
    server = createServer({ cert: CERT, key: KEY }, (req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const ctx = { groupKey: '{}:{}', groupLabels: {}, receiver: 'r', signal: new AbortController().signal };
  const env = { externalURL: 'http://vigil', userAgent: 'Vigil/test', now: () => 0 };

  it.each<[string, TLSConfig, boolean]>([
    ['trusted via ca_file', { insecure_skip_verify: false, ca_file: join(DIR, 'server.crt') }, true],
    ['trusted via inline ca', { insecure_skip_verify: false, ca: CERT }, true],
    ['insecure_skip_verify', { insecure_skip_verify: true }, true],
    ['unknown authority', { insecure_skip_verify: false }, false],
    ['wrong server_name', { insecure_skip_verify: false, ca: CERT, server_name: 'other.test' }, false],
  ])('%s → delivered=%s', async (_n, tls, ok) => {
    const before = hits;
    const w = await createWebhook(
      { send_resolved: true, http: http(tls), url: new Secret(url), max_alerts: 0, timeout: 0 },
      env,
    );
    const r = await w.send(ctx, []);
    await w.close();
    expect(r.error === undefined).toBe(ok);
    expect(hits - before).toBe(ok ? 1 : 0);
    if (!ok) {
      expect(r.retry).toBe(true);
      expect(r.error?.message).not.toContain('/hook');
    }
  });
});
