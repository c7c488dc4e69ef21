// Parsing of `--web.listen-address` and the URL settings derived from `--web.external-url`.
import { hostname } from 'node:os';

/** Splits `host:port` (`0.0.0.0:9097`, `:9097`, `[::1]:9097`) into its parts, or explains why not. */
export function parseListenAddress(text: string): { host: string; port: number } | { error: string } {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || port > 65535) return { error: `invalid listen address ${JSON.stringify(text)}: want host:port` };
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

/**
 * The external URL Vigil is reached at: the flag when given (must be absolute http(s)), else
 * `http://<hostname>:<port>/` like Prometheus.
 */
export function resolveExternalUrl(flag: string | undefined, port: number): URL | { error: string } {
  if (flag === undefined || flag === '') return new URL(`http://${hostname()}:${port}/`);
  let url: URL;
  try {
    url = new URL(flag);
  } catch {
    return { error: `invalid --web.external-url ${JSON.stringify(flag)}: not an absolute URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `invalid --web.external-url ${JSON.stringify(flag)}: scheme must be http or https` };
  }
  return url;
}

/** The route prefix: the flag when given, else the external URL's path (Prometheus' rule). */
export function resolveRoutePrefix(flag: string | undefined, externalUrl: URL): string {
  const raw = flag ?? externalUrl.pathname;
  const trimmed = raw.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
