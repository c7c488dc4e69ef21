import { describe, expect, it } from 'vitest';
import { environmentProxySettings, proxyChooser } from './proxy.js';

const P = 'http://proxy.example:3128/';

/** Where `target` goes with proxy_url P and `noProxy`: 'proxy' or 'direct'. */
function route(noProxy: string, target: string): 'proxy' | 'direct' {
  return proxyChooser({ httpProxy: P, httpsProxy: P, noProxy })(new URL(target)) === undefined
    ? 'direct'
    : 'proxy';
}

describe('proxyChooser (Go httpproxy semantics)', () => {
  it.each([
    // Never proxied: localhost and loopback, whatever NO_PROXY says.
    ['', 'http://localhost:9090/', 'direct'],
    ['', 'http://127.0.0.1:9090/', 'direct'],
    ['', 'http://127.5.6.7/', 'direct'],
    ['', 'http://[::1]:9090/', 'direct'],
    ['', 'http://prometheus.example:9090/', 'proxy'],
    ['', 'https://hooks.slack.com/services/x', 'proxy'],
    ['*', 'https://hooks.slack.com/', 'direct'],
    ['*', 'http://10.1.2.3/', 'direct'],
    // A domain matches itself and its subdomains; a leading dot or "*." only subdomains.
    ['example.com', 'http://example.com/', 'direct'],
    ['example.com', 'http://a.b.example.com/', 'direct'],
    ['example.com', 'http://notexample.com/', 'proxy'],
    ['.example.com', 'http://example.com/', 'proxy'],
    ['.example.com', 'http://a.example.com/', 'direct'],
    ['*.example.com', 'http://example.com/', 'proxy'],
    ['*.example.com', 'http://a.example.com/', 'direct'],
    [' Example.COM ', 'http://a.example.com/', 'direct'],
    // Ports: the default port of the scheme counts.
    ['example.com:8080', 'http://example.com:8080/', 'direct'],
    ['example.com:8080', 'http://example.com/', 'proxy'],
    ['example.com:443', 'https://example.com/', 'direct'],
    ['example.com:80', 'https://example.com/', 'proxy'],
    // Addresses, with and without a port, and CIDRs of both families.
    ['10.1.2.3', 'http://10.1.2.3:9090/', 'direct'],
    ['10.1.2.3', 'http://10.1.2.4/', 'proxy'],
    ['10.1.2.3:9090', 'http://10.1.2.3:9090/', 'direct'],
    ['10.1.2.3:9090', 'http://10.1.2.3:9091/', 'proxy'],
    ['10.0.0.0/8', 'http://10.200.0.1/', 'direct'],
    ['10.0.0.0/8', 'http://11.0.0.1/', 'proxy'],
    ['fd00::/8', 'http://[fd12::1]:80/', 'direct'],
    ['fd00::/8', 'http://[fe80::1]/', 'proxy'],
    ['[fd00::2]:9090', 'http://[fd00::2]:9090/', 'direct'],
    ['fd00::2', 'http://[fd00:0::2]/', 'direct'],
    // A list; empty and malformed entries are ignored.
    ['a.example, ,10.0.0.0/33,b.example', 'http://x.b.example/', 'direct'],
    ['a.example, ,10.0.0.0/33,b.example', 'http://10.0.0.1/', 'proxy'],
    ['example.com', 'http://10.0.0.1/', 'proxy'],
  ])('NO_PROXY %j: %s goes %s', (noProxy, target, expected) => {
    expect(route(noProxy, target)).toBe(expected);
  });

  it('uses the proxy of the scheme, and none for a scheme without one', () => {
    const choose = proxyChooser({ httpsProxy: 'https://secure-proxy.example' });
    expect(choose(new URL('https://a.example/'))).toBe('https://secure-proxy.example/');
    expect(choose(new URL('http://a.example/'))).toBeUndefined();
  });

  it('reads host:port as an http proxy and refuses schemes undici cannot tunnel through', () => {
    expect(proxyChooser({ httpProxy: 'proxy.example:3128' })(new URL('http://a.example/'))).toBe(
      'http://proxy.example:3128/',
    );
    expect(() => proxyChooser({ httpProxy: 'socks5://user:pw@p:1080' }, 'HTTP_PROXY')).toThrow(
      'unsupported proxy scheme "socks5" in HTTP_PROXY: Vigil supports http and https proxies',
    );
  });
});

describe('environmentProxySettings', () => {
  it('reads the upper-case variables first, then the lower-case ones', () => {
    expect(
      environmentProxySettings({
        HTTP_PROXY: 'http://a:1',
        http_proxy: 'http://b:1',
        https_proxy: 'http://c:1',
        no_proxy: 'x',
      }),
    ).toEqual({ httpProxy: 'http://a:1', httpsProxy: 'http://c:1', noProxy: 'x' });
    expect(environmentProxySettings({ HTTP_PROXY: '' })).toEqual({});
  });
});
