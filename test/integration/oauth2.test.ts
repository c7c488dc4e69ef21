// `oauth2` (client credentials) on the datasource and on a webhook receiver: each client gets a
// token from a real token endpoint and sends it as Bearer to a real target; secrets and tokens
// never show in the status view.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClientOptions } from '../../src/app/http-client-options.js';
import { redactConfig } from '../../src/config/redact.js';
import type { Config } from '../../src/config/types.js';
import { QueryClient } from '../../src/datasource/query.js';
import { loadConfigText, sendFirstWebhook } from '../helpers/http-clients.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

const tokenRequests: URLSearchParams[] = [];
const targetAuth: Array<{ path: string; authorization: string | undefined }> = [];
let tokenServer: Server;
let target: Server;
let config: Config;

beforeAll(async () => {
  let n = 0;
  tokenServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      tokenRequests.push(new URLSearchParams(body));
      const ok = req.headers.authorization === `Basic ${Buffer.from('vigil:t0p-secret').toString('base64')}`;
      res
        .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            ok
              ? { access_token: `access-${++n}`, token_type: 'Bearer', expires_in: 3600 }
              : { error: 'invalid_client' },
          ),
        );
    });
  });
  target = createServer((req, res) => {
    targetAuth.push({ path: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        req.url === '/api/v1/query'
          ? JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } })
          : '',
      );
    });
  });
  const tokenPort = await listen(tokenServer);
  const targetPort = await listen(target);
  const oauth2 = (indent: string): string =>
    [
      'oauth2:',
      '  client_id: vigil',
      '  client_secret: t0p-secret',
      `  token_url: http://127.0.0.1:${tokenPort}/token`,
      '  scopes: [metrics.read]',
    ]
      .map((l) => indent + l)
      .join('\n');
  const loaded = await loadConfigText(
    `datasource:
  url: http://127.0.0.1:${targetPort}
${oauth2('  ')}
route:
  receiver: hook
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:${targetPort}/hook
        http_config:
${oauth2('          ')}
`,
  );
  expect(loaded.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  if (loaded.config === undefined) throw new Error('config did not load');
  config = loaded.config;
});

afterAll(() => {
  tokenServer.close();
  target.close();
});

describe('oauth2', () => {
  it('queries the datasource with a client-credentials token, fetched once for several queries', async () => {
    const ds = config.datasource;
    if (ds === undefined) throw new Error('no datasource');
    const client = new QueryClient({ url: ds.url, retries: 0, ...httpClientOptions(ds.http) });
    const before = tokenRequests.length;
    await client.query('up', 1000);
    await client.query('up', 2000);
    await client.close();
    expect(tokenRequests.length - before).toBe(1);
    expect(tokenRequests[before]?.get('scope')).toBe('metrics.read');
    const queries = targetAuth.filter((r) => r.path === '/api/v1/query').map((r) => r.authorization);
    expect(queries).toEqual(['Bearer access-1', 'Bearer access-1']);
  });

  it('sends webhook notifications with a token of their own', async () => {
    const outcome = await sendFirstWebhook(config);
    expect(outcome).toEqual({ retry: false });
    expect(targetAuth.filter((r) => r.path === '/hook').map((r) => r.authorization)).toEqual([
      'Bearer access-2',
    ]);
  });

  it('never prints the client secret', () => {
    expect(JSON.stringify(redactConfig(config))).not.toContain('t0p-secret');
  });
});
