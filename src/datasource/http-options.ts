// Connection settings shared by the query and remote-write clients, built from plain options.
import { readFileSync } from 'node:fs';
import { Agent, ProxyAgent } from 'undici';
import type { Dispatcher } from 'undici';
import type { Secret } from '../model/secret.js';

/** TLS settings, as Prometheus' `tls_config` (file paths, read once at construction). */
export interface TLSOptions {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly serverName?: string;
  readonly insecureSkipVerify?: boolean;
}

/** Auth, headers and TLS for one HTTP endpoint, as the config's `datasource`/`remote_write` give them. */
export interface HTTPClientOptions {
  readonly basicAuth?: { readonly username: string; readonly password: Secret | string };
  readonly bearerToken?: Secret | string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: TLSOptions;
  /** Keep-alive connections per origin; default 16. */
  readonly connections?: number;
  /** Send every request through this HTTP(S) proxy (CONNECT tunnel), as `proxy_url`. */
  readonly proxy?: ProxyOptions;
}

/** `proxy_url` and `proxy_connect_header`: the proxy, and headers for its CONNECT requests. */
export interface ProxyOptions {
  readonly url: string;
  readonly connectHeaders?: Readonly<Record<string, string>>;
}

function reveal(s: Secret | string): string {
  return typeof s === 'string' ? s : s.reveal();
}

/** The request headers implied by the options (auth last, so config headers cannot spoof it). */
export function buildHeaders(opts: HTTPClientOptions): Record<string, string> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.basicAuth) {
    const raw = `${opts.basicAuth.username}:${reveal(opts.basicAuth.password)}`;
    headers['authorization'] = `Basic ${Buffer.from(raw).toString('base64')}`;
  } else if (opts.bearerToken !== undefined) {
    headers['authorization'] = `Bearer ${reveal(opts.bearerToken)}`;
  }
  return headers;
}

/** A keep-alive connection pool honouring the TLS and proxy options. */
export function buildAgent(opts: HTTPClientOptions, timeoutMs: number): Dispatcher {
  const tls = opts.tls;
  const connect = {
    timeout: timeoutMs,
    ...(tls?.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls?.certFile ? { cert: readFileSync(tls.certFile) } : {}),
    ...(tls?.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
    ...(tls?.serverName ? { servername: tls.serverName } : {}),
    ...(tls?.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
  };
  const pool = {
    connections: opts.connections ?? 16,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  };
  if (opts.proxy !== undefined) return proxyAgent(opts.proxy, pool, connect);
  return new Agent({ ...pool, connect });
}

/**
 * A dispatcher that tunnels every request through `proxy` with CONNECT, TLS to the target as
 * `requestTls` says (so `tls_config` applies to the target, as in Prometheus); credentials in the
 * proxy URL become its `Proxy-Authorization`.
 */
export function proxyAgent(
  proxy: ProxyOptions,
  pool: Omit<Agent.Options, 'connect'>,
  requestTls: NonNullable<ProxyAgent.Options['requestTls']>,
): ProxyAgent {
  return new ProxyAgent({
    ...pool,
    uri: proxy.url,
    requestTls,
    ...(proxy.connectHeaders !== undefined ? { headers: { ...proxy.connectHeaders } } : {}),
  });
}
