// Connection settings shared by the query and remote-write clients, built from plain options.
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { proxyDispatcher } from './proxy.js';
import type { ProxyOptions } from './proxy.js';
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
  /** Proxy settings (`proxy_url`, `no_proxy`, `proxy_from_environment`, `proxy_connect_header`). */
  readonly proxy?: ProxyOptions;
  /** A per-request Authorization header (OAuth 2.0), which then replaces any static one. */
  readonly authorize?: () => Promise<string>;
}

/** `headers` with the per-request Authorization of `opts` when it has one. */
export async function requestHeaders(
  headers: Record<string, string>,
  opts: HTTPClientOptions,
): Promise<Record<string, string>> {
  return opts.authorize === undefined ? headers : { ...headers, authorization: await opts.authorize() };
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
  if (opts.proxy !== undefined) return proxyDispatcher(opts.proxy, pool, connect);
  return new Agent({ ...pool, connect });
}
