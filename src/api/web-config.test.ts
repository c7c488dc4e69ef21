import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../model/diagnostic.js';
import { loadWebConfig } from './web-config.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'web');
const HASH = '$2a$04$CqS9hNGsORtGqVONgAzy7uTBZpFAkSsKwVR2P.e6NG8TnIcyzF63S';
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-webcfg-'));
  await copyFile(join(FIXTURES, 'cert.pem'), join(dir, 'cert.pem'));
  await copyFile(join(FIXTURES, 'key.pem'), join(dir, 'key.pem'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(name: string, text: string): Promise<Awaited<ReturnType<typeof loadWebConfig>>> {
  const file = join(dir, name);
  await writeFile(file, text);
  return loadWebConfig(file);
}

describe('loadWebConfig: invalid files', () => {
  it.each([
    ['unknown top-level key', 'tls_config: {}\n', '1:1: field tls_config not found in web.Config'],
    [
      'unknown TLS key',
      'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  foo: 1\n',
      '4:3: field foo not found in web.TLSConfig',
    ],
    [
      'TLS without key',
      'tls_server_config:\n  cert_file: cert.pem\n',
      'missing one of key or key_file in tls_server_config',
    ],
    [
      'TLS without cert',
      'tls_server_config:\n  key_file: key.pem\n',
      'missing one of cert or cert_file in tls_server_config',
    ],
    [
      'missing cert file',
      'tls_server_config:\n  cert_file: nope.pem\n  key_file: key.pem\n',
      '2:14: cert_file: cannot read',
    ],
    [
      'bad client auth',
      'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  client_auth_type: Maybe\n',
      '4:21: invalid ClientAuth "Maybe"',
    ],
    [
      'verify without CA',
      'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  client_auth_type: RequireAndVerifyClientCert\n',
      '2:3: client_auth_type RequireAndVerifyClientCert requires client_ca_file',
    ],
    [
      'bad TLS version',
      'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  min_version: TLS99\n',
      '4:16: unknown TLS version: TLS99',
    ],
    [
      'unsupported cipher suites',
      'tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n  cipher_suites: [X]\n',
      '4:18: cipher_suites is not supported by Vigil',
    ],
    [
      'header not allowed',
      'http_server_config:\n  headers:\n    Server: vigil\n',
      '3:5: HTTP header "Server" can not be configured',
    ],
    [
      'unknown http key',
      'http_server_config:\n  http3: true\n',
      '2:3: field http3 not found in web.HTTPConfig',
    ],
    [
      'not a bcrypt hash',
      'basic_auth_users:\n  alice: plain-password\n',
      '2:10: basic_auth_users: the password of user "alice" is not a bcrypt hash',
    ],
    ['not a mapping', '- a\n', '1:1: web config must be a mapping'],
    [
      'bad YAML',
      'basic_auth_users: [\n',
      '2:1: Flow sequence in block collection must be sufficiently indented',
    ],
  ])('%s', async (_name, text, expected) => {
    const file = join(dir, 'web.yml');
    const r = await load('web.yml', text);
    expect(r.config).toBeUndefined();
    const lines = r.diagnostics.map(formatDiagnostic);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith(file) && l.includes(expected))).toBe(true);
    expect(lines.join('\n')).not.toContain('plain-password');
  });

  it('reports a missing file with its name', async () => {
    const r = await loadWebConfig(join(dir, 'absent.yml'));
    expect(r.diagnostics[0]?.file).toBe(join(dir, 'absent.yml'));
    expect(r.diagnostics[0]?.message).toMatch(/^cannot read web config file: ENOENT/);
  });
});

describe('loadWebConfig: valid files', () => {
  it('accepts an empty file as no security', async () => {
    const r = await load('empty.yml', '');
    expect(r.diagnostics).toEqual([]);
    expect(r.config?.tls).toBeUndefined();
    expect(r.config?.basicAuthUsers.size).toBe(0);
  });

  it('reads TLS files relative to the web config, users and headers', async () => {
    const r = await load(
      'full.yml',
      [
        'tls_server_config:',
        '  cert_file: cert.pem',
        '  key_file: key.pem',
        '  client_ca_file: cert.pem',
        '  min_version: TLS12',
        'http_server_config:',
        '  http2: true',
        '  headers:',
        '    x-frame-options: deny',
        'basic_auth_users:',
        `  admin: '${HASH}'`,
        '',
      ].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.config?.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(r.config?.tls?.key.toString()).toContain('PRIVATE KEY');
    expect(r.config?.tls).toMatchObject({
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
    expect(r.config?.headers).toEqual({ 'X-Frame-Options': 'deny' });
    expect(r.config?.basicAuthUsers.get('admin')).toBe(HASH);
  });
});
