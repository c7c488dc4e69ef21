import { describe, expect, it } from 'vitest';
import { parseListenAddress, resolveExternalUrl, resolveRoutePrefix } from './listen-address.js';

describe('parseListenAddress', () => {
  it.each([
    ['0.0.0.0:9097', { host: '0.0.0.0', port: 9097 }],
    [':9097', { host: '0.0.0.0', port: 9097 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:80', { host: '::1', port: 80 }],
    ['localhost:8080', { host: 'localhost', port: 8080 }],
  ])('%s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['9097', 'host:', 'host:99999', 'a:b:1', ''])('rejects %j', (text) => {
    expect(parseListenAddress(text)).toEqual({
      error: `invalid listen address ${JSON.stringify(text)}: want host:port`,
    });
  });
});

describe('external URL and route prefix', () => {
  it('defaults the external URL to the host name and port', () => {
    const url = resolveExternalUrl(undefined, 9097);
    expect(url).toBeInstanceOf(URL);
    expect((url as URL).port).toBe('9097');
  });

  it.each([
    ['ftp://x/', 'scheme must be http or https'],
    ['not a url', 'not an absolute URL'],
  ])('rejects %j', (flag, reason) => {
    expect(resolveExternalUrl(flag, 1)).toEqual({
      error: `invalid --web.external-url ${JSON.stringify(flag)}: ${reason}`,
    });
  });

  it.each([
    [undefined, 'http://h:1/', ''],
    [undefined, 'https://h/vigil/', '/vigil'],
    ['/other', 'https://h/vigil/', '/other'],
    ['x/', 'http://h/', '/x'],
    ['/', 'http://h/vigil', ''],
  ])('flag %j with URL %s gives prefix %j', (flag, url, expected) => {
    expect(resolveRoutePrefix(flag, new URL(url))).toBe(expected);
  });
});
