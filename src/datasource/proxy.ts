// Which requests go through a proxy, as Go's net/http (golang.org/x/net/http/httpproxy) decides
// for prometheus/common's `proxy_url` + `no_proxy` and `proxy_from_environment`, and the undici
// dispatcher that routes each request accordingly.
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { Agent, Dispatcher, ProxyAgent } from 'undici';
import type { HTTPClientConfig } from '../config/types.js';

/** `proxy_url`, `no_proxy`, `proxy_from_environment` and `proxy_connect_header` of one client. */
export interface ProxyOptions {
  /** The proxy for every scheme; absent when the environment decides. */
  readonly url?: string;
  /** Go's NO_PROXY syntax; only with `url`. */
  readonly noProxy?: string;
  /** Read HTTP_PROXY, HTTPS_PROXY and NO_PROXY (upper case first) when the client is built. */
  readonly fromEnvironment?: boolean;
  /** Headers sent to the proxy on each CONNECT. */
  readonly connectHeaders?: Readonly<Record<string, string>>;
}

/**
 * The proxy settings of a config's `http` block, with the CONNECT header values revealed
 * (several values of one header joined as one); undefined when it names no proxy.
 */
export function proxyOptions(http: HTTPClientConfig | undefined): ProxyOptions | undefined {
  if (http === undefined || (http.proxy_url === undefined && !http.proxy_from_environment)) return undefined;
  const h = http.proxy_connect_header;
  const connectHeaders: Record<string, string> = {};
  for (const [name, values] of Object.entries(h ?? {}))
    connectHeaders[name] = values.map((v) => v.reveal()).join(', ');
  return {
    ...(http.proxy_from_environment ? { fromEnvironment: true } : {}),
    ...(http.proxy_url !== undefined ? { url: http.proxy_url } : {}),
    ...(http.no_proxy !== undefined && http.no_proxy !== '' ? { noProxy: http.no_proxy } : {}),
    ...(h !== undefined ? { connectHeaders } : {}),
  };
}

/** The proxies and exclusions in force: what HTTP_PROXY, HTTPS_PROXY and NO_PROXY say. */
export interface ProxySettings {
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  readonly noProxy?: string;
}

/** Picks the proxy URL for a request URL, or undefined to connect directly. */
export type ProxyChooser = (target: URL) => string | undefined;

/** The settings of the environment, as Go's `httpproxy.FromEnvironment` reads them. */
export function environmentProxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const any = (...names: string[]): string | undefined =>
    names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const httpProxy = any('HTTP_PROXY', 'http_proxy');
  const httpsProxy = any('HTTPS_PROXY', 'https_proxy');
  const noProxy = any('NO_PROXY', 'no_proxy');
  return {
    ...(httpProxy !== undefined ? { httpProxy } : {}),
    ...(httpsProxy !== undefined ? { httpsProxy } : {}),
    ...(noProxy !== undefined ? { noProxy } : {}),
  };
}

/** A proxy value as Go reads it: `host:port` alone means `http://host:port`; only http(s) proxies. */
function proxyURL(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let u: URL;
  try {
    u = new URL(value);
    if (u.host === '') u = new URL(`http://${value}`);
  } catch {
    try {
      u = new URL(`http://${value}`);
    } catch {
      throw new Error(`invalid proxy address in ${name}`);
    }
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(
      `unsupported proxy scheme "${u.protocol.slice(0, -1)}" in ${name}: Vigil supports http and https proxies`,
    );
  return u.toString();
}

interface DomainRule {
  /** With a leading dot. */
  readonly suffix: string;
  /** True when the entry had no leading dot or `*.`: the domain itself matches too. */
  readonly self: boolean;
  readonly port: string;
}

interface NoProxy {
  readonly all: boolean;
  readonly ips: BlockList;
  /** Single addresses with a port: matched on address and port. */
  readonly ipPorts: ReadonlyArray<{ readonly list: BlockList; readonly port: string }>;
  readonly domains: readonly DomainRule[];
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

/** Splits `host:port`, `[v6]:port`; undefined when there is no port. */
function splitHostPort(entry: string): { host: string; port: string } | undefined {
  const m = /^\[([^\]]*)\]:(\d*)$/.exec(entry) ?? /^([^:]*):(\d*)$/.exec(entry);
  return m ? { host: m[1] ?? '', port: m[2] ?? '' } : undefined;
}

/** Parses NO_PROXY: `*`, IPs and CIDRs, `host:port`, domains (`a.com`, `.a.com`, `*.a.com`). */
function parseNoProxy(text: string): NoProxy {
  const ips = new BlockList();
  const ipPorts: Array<{ list: BlockList; port: string }> = [];
  const domains: DomainRule[] = [];
  for (const raw of text.split(',')) {
    const p = raw.trim().toLowerCase();
    if (p === '') continue;
    if (p === '*') return { all: true, ips, ipPorts, domains };
    const slash = p.indexOf('/');
    if (slash > 0) {
      const ip = p.slice(0, slash);
      const bits = Number(p.slice(slash + 1));
      if (isIP(ip) !== 0 && Number.isInteger(bits)) {
        try {
          ips.addSubnet(ip, bits, family(ip));
        } catch {
          // A malformed CIDR is ignored, as Go does.
        }
      }
      continue;
    }
    const hp = isIP(p) === 6 ? undefined : splitHostPort(p);
    const host = hp ? hp.host : p;
    const port = hp ? hp.port : '';
    if (host === '') continue;
    if (isIP(host) !== 0) {
      if (port === '') ips.addAddress(host, family(host));
      else {
        const list = new BlockList();
        list.addAddress(host, family(host));
        ipPorts.push({ list, port });
      }
      continue;
    }
    let d = host.startsWith('*.') ? host.slice(1) : host;
    const self = !d.startsWith('.');
    if (self) d = `.${d}`;
    const ascii = domainToASCII(d.slice(1));
    domains.push({ suffix: `.${ascii === '' ? d.slice(1) : ascii}`, self, port });
  }
  return { all: false, ips, ipPorts, domains };
}

/** Addresses Go never proxies. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * The proxy chooser of `settings`: requests to `localhost` and loopback addresses, and to what
 * NO_PROXY excludes, go directly; the others through the proxy of their scheme, if any.
 */
export function proxyChooser(settings: ProxySettings, what = 'the proxy settings'): ProxyChooser {
  const http = proxyURL(settings.httpProxy, what);
  const https = proxyURL(settings.httpsProxy, what);
  const no = parseNoProxy(settings.noProxy ?? '');
  return (target) => {
    const proxy = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (proxy === undefined) return undefined;
    const host = target.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
    const port = target.port !== '' ? target.port : target.protocol === 'https:' ? '443' : '80';
    if (host === 'localhost') return undefined;
    const ipFamily = isIP(host);
    if (ipFamily !== 0) {
      const fam = ipFamily === 6 ? 'ipv6' : 'ipv4';
      if (LOOPBACK.check(host, fam)) return undefined;
      if (no.all || no.ips.check(host, fam)) return undefined;
      if (no.ipPorts.some((r) => r.port === port && r.list.check(host, fam))) return undefined;
    } else if (no.all) return undefined;
    for (const d of no.domains) {
      if (
        (host.endsWith(d.suffix) || (d.self && host === d.suffix.slice(1))) &&
        (d.port === '' || d.port === port)
      )
        return undefined;
    }
    return proxy;
  };
}

/**
 * Routes each request to a direct pool or to the pool of the proxy its chooser names (one
 * ProxyAgent per proxy URL, built on first use).
 */
class ProxyRouter extends Dispatcher {
  readonly #proxies = new Map<string, ProxyAgent>();
  /** The chooser's answer per origin (a client talks to few origins, and asks on every request). */
  readonly #choice = new Map<string, string | undefined>();

  constructor(
    private readonly choose: ProxyChooser,
    private readonly direct: Agent,
    private readonly makeProxy: (url: string) => ProxyAgent,
  ) {
    super();
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    const proxy = this.#proxyFor(opts.origin);
    if (proxy === undefined) return this.direct.dispatch(opts, handler);
    let agent = this.#proxies.get(proxy);
    if (agent === undefined) {
      agent = this.makeProxy(proxy);
      this.#proxies.set(proxy, agent);
    }
    return agent.dispatch(opts, handler);
  }

  #proxyFor(origin: string | URL | undefined): string | undefined {
    if (origin === undefined) return undefined;
    const key = typeof origin === 'string' ? origin : origin.origin;
    if (this.#choice.has(key)) return this.#choice.get(key);
    const proxy = this.choose(typeof origin === 'string' ? new URL(origin) : origin);
    this.#choice.set(key, proxy);
    return proxy;
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const done = Promise.all([
      this.direct.close(),
      ...[...this.#proxies.values()].map((p) => p.close()),
    ]).then(() => undefined);
    if (callback === undefined) return done;
    void done.then(callback, callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    const done = Promise.all([
      this.direct.destroy(err),
      ...[...this.#proxies.values()].map((p) => p.destroy(err)),
    ]).then(() => undefined);
    if (callback === undefined) return done;
    void done.then(callback, callback);
  }
}

/**
 * The dispatcher for a client with `proxy`: a plain ProxyAgent when every request goes through
 * `proxy_url` (no `no_proxy`, as Go's `http.ProxyURL`), else a router that asks the chooser per
 * request. `requestTls` is the TLS to the target; credentials in a proxy URL become its
 * `Proxy-Authorization`. Throws on a proxy the environment names that cannot be used.
 */
export function proxyDispatcher(
  proxy: ProxyOptions,
  pool: Omit<Agent.Options, 'connect'>,
  requestTls: NonNullable<ProxyAgent.Options['requestTls']>,
): Dispatcher {
  const makeProxy = (uri: string): ProxyAgent =>
    new ProxyAgent({
      ...pool,
      uri,
      requestTls,
      ...(proxy.connectHeaders !== undefined ? { headers: { ...proxy.connectHeaders } } : {}),
    });
  if (!proxy.fromEnvironment && proxy.url !== undefined && (proxy.noProxy ?? '') === '')
    return makeProxy(proxy.url);
  const settings: ProxySettings = proxy.fromEnvironment
    ? environmentProxySettings()
    : {
        ...(proxy.url !== undefined ? { httpProxy: proxy.url, httpsProxy: proxy.url } : {}),
        ...(proxy.noProxy !== undefined ? { noProxy: proxy.noProxy } : {}),
      };
  const what = proxy.fromEnvironment ? 'HTTP_PROXY/HTTPS_PROXY' : 'proxy_url';
  return new ProxyRouter(
    proxyChooser(settings, what),
    new Agent({ ...pool, connect: requestTls }),
    makeProxy,
  );
}
