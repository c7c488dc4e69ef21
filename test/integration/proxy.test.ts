// `proxy_url`, `no_proxy`, `proxy_from_environment` and `proxy_connect_header`: the query client
// and a webhook receiver reach their target through a real HTTP proxy (CONNECT tunnels), with
// the proxy's credentials and headers, or directly where no_proxy says so; the status view never
// shows the proxy's secrets. Loopback targets are never proxied once no_proxy or the environment
// decides (as in Go), so those cases use this machine's own non-loopback address.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClientOptions } from '../../src/app/http-client-options.js';
import { redactConfig } from '../../src/config/redact.js';
import type { Config } from '../../src/config/types.js';
import { QueryClient } from '../../src/datasource/query.js';
import { loadConfigText, sendFirstWebhook } from '../helpers/http-clients.js';

interface Tunnel {
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
}

/** A forward proxy that only tunnels (CONNECT), recording each tunnel's target and headers. */
function startProxy(): Promise<{ server: Server; port: number; tunnels: Tunnel[] }> {
  const tunnels: Tunnel[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push({ target: req.url ?? '', headers: req.headers });
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, tunnels }),
    ),
  );
}

/** The target: a one-sample Prometheus query API and a webhook endpoint, recording the paths. */
function startTarget(): Promise<{ server: Server; port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      if (req.url === '/api/v1/query') {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            status: 'success',
            data: { resultType: 'vector', result: [{ metric: { job: 'a' }, value: [1, '42'] }] },
          }),
        );
      } else res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '0.0.0.0', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, paths }),
    ),
  );
}

let proxy: Awaited<ReturnType<typeof startProxy>>;
let target: Awaited<ReturnType<typeof startTarget>>;
let config: Config;

beforeAll(async () => {
  proxy = await startProxy();
  target = await startTarget();
  const loaded = await loadConfigText(
    `datasource:
  url: http://127.0.0.1:${target.port}
  proxy_url: http://vigil:pr0xy-pass@127.0.0.1:${proxy.port}
route:
  receiver: hook
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:${target.port}/hook
        http_config:
          proxy_url: http://127.0.0.1:${proxy.port}
          proxy_connect_header:
            X-Proxy-Token: [t0ken-value]
`,
  );
  expect(loaded.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  if (loaded.config === undefined) throw new Error('config did not load');
  config = loaded.config;
});

afterAll(() => {
  proxy.server.close();
  target.server.close();
});

describe('proxy_url', () => {
  it('tunnels datasource queries through the proxy, with the URL credentials as Proxy-Authorization', async () => {
    const ds = config.datasource;
    if (ds === undefined) throw new Error('no datasource');
    const client = new QueryClient({ url: ds.url, retries: 0, ...httpClientOptions(ds.http) });
    const before = proxy.tunnels.length;
    const result = await client.query('up', 1000);
    expect(result).toMatchObject({ resultType: 'vector' });
    const tunnel = proxy.tunnels[before];
    expect(tunnel?.target).toBe(`127.0.0.1:${target.port}`);
    expect(tunnel?.headers['proxy-authorization']).toBe(
      `Basic ${Buffer.from('vigil:pr0xy-pass').toString('base64')}`,
    );
    expect(target.paths).toContain('/api/v1/query');
  });

  it('sends webhook notifications through the proxy with proxy_connect_header on the CONNECT', async () => {
    const before = proxy.tunnels.length;
    const outcome = await sendFirstWebhook(config);
    expect(outcome).toEqual({ retry: false });
    const tunnel = proxy.tunnels[before];
    expect(tunnel?.target).toBe(`127.0.0.1:${target.port}`);
    expect(tunnel?.headers['x-proxy-token']).toBe('t0ken-value');
    expect(target.paths).toContain('/hook');
  });

  it('never prints the proxy password or connect header values', () => {
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).toContain(`http://vigil:xxxxx@127.0.0.1:${proxy.port}`);
    expect(printed).not.toContain('pr0xy-pass');
    expect(printed).not.toContain('t0ken-value');
  });
});

/** This machine's first non-loopback IPv4 address: reaching it is not a loopback request. */
function ownAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('this machine has no non-loopback IPv4 address to test no_proxy with');
}

async function datasourceVia(http: string): Promise<QueryClient> {
  const loaded = await loadConfigText(`datasource:\n  url: http://${ownAddress()}:${target.port}\n${http}`);
  const ds = loaded.config?.datasource;
  if (ds === undefined) throw new Error(JSON.stringify(loaded.diagnostics));
  return new QueryClient({ url: ds.url, retries: 0, ...httpClientOptions(ds.http) });
}

describe('no_proxy and proxy_from_environment', () => {
  it('sends a target that no_proxy names directly, and the others through proxy_url', async () => {
    const ip = ownAddress();
    const excluded = await datasourceVia(
      `  proxy_url: http://127.0.0.1:${proxy.port}\n  no_proxy: ${ip.split('.')[0]}.0.0.0/8\n`,
    );
    const before = proxy.tunnels.length;
    await expect(excluded.query('up', 1000)).resolves.toMatchObject({ resultType: 'vector' });
    expect(proxy.tunnels.length).toBe(before);

    const other = await datasourceVia(
      `  proxy_url: http://127.0.0.1:${proxy.port}\n  no_proxy: elsewhere.example\n`,
    );
    await expect(other.query('up', 1000)).resolves.toMatchObject({ resultType: 'vector' });
    expect(proxy.tunnels.slice(before).map((t) => t.target)).toEqual([`${ip}:${target.port}`]);
  });

  it('takes the proxy from HTTP_PROXY with proxy_from_environment, and honours NO_PROXY', async () => {
    const saved = { HTTP_PROXY: process.env['HTTP_PROXY'], NO_PROXY: process.env['NO_PROXY'] };
    try {
      process.env['HTTP_PROXY'] = `127.0.0.1:${proxy.port}`;
      delete process.env['NO_PROXY'];
      const viaEnv = await datasourceVia('  proxy_from_environment: true\n');
      const before = proxy.tunnels.length;
      await expect(viaEnv.query('up', 1000)).resolves.toMatchObject({ resultType: 'vector' });
      expect(proxy.tunnels.slice(before).map((t) => t.target)).toEqual([`${ownAddress()}:${target.port}`]);

      process.env['NO_PROXY'] = ownAddress();
      const excluded = await datasourceVia('  proxy_from_environment: true\n');
      await expect(excluded.query('up', 1000)).resolves.toMatchObject({ resultType: 'vector' });
      expect(proxy.tunnels.length).toBe(before + 1);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
