// Prometheus' web configuration file (`--web.config.file`, exporter-toolkit format): TLS for the
// listener, HTTP response headers and bcrypt basic-auth users.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SecureVersion } from 'node:tls';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';

/** TLS settings for the listener, with the files already read. */
export interface WebTlsConfig {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca?: Buffer;
  readonly requestCert: boolean;
  readonly rejectUnauthorized: boolean;
  /**
   * What Go checks beyond Node's two switches: `any` = a certificate must be presented (not
   * verified, RequireAnyClientCert); `verify-if-given` = a presented one must verify.
   */
  readonly clientCertCheck?: 'any' | 'verify-if-given';
  readonly minVersion?: SecureVersion;
  readonly maxVersion?: SecureVersion;
}

/** The validated web configuration the HTTP server applies. */
export interface WebConfig {
  readonly tls?: WebTlsConfig;
  /** User name → bcrypt hash; empty means no authentication. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  /** Extra headers set on every response. */
  readonly headers: Readonly<Record<string, string>>;
}

const TOP_KEYS = ['tls_server_config', 'http_server_config', 'basic_auth_users'];
const TLS_KEYS = [
  'cert_file',
  'key_file',
  'cert',
  'key',
  'client_ca_file',
  'client_ca',
  'client_auth_type',
  'min_version',
  'max_version',
  'cipher_suites',
  'curve_preferences',
  'prefer_server_cipher_suites',
  'client_allowed_sans',
];
const HTTP_KEYS = ['http2', 'headers'];
/** Headers exporter-toolkit lets the file set. */
const ALLOWED_HEADERS = [
  'Strict-Transport-Security',
  'X-Content-Type-Options',
  'X-Frame-Options',
  'X-XSS-Protection',
  'Content-Security-Policy',
];
const TLS_VERSIONS: Record<string, SecureVersion> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};
interface ClientAuth {
  requestCert: boolean;
  rejectUnauthorized: boolean;
  needsCa: boolean;
  check?: 'any' | 'verify-if-given';
}

const CLIENT_AUTH: Record<string, ClientAuth> = {
  NoClientCert: { requestCert: false, rejectUnauthorized: false, needsCa: false },
  RequestClientCert: { requestCert: true, rejectUnauthorized: false, needsCa: false },
  RequireAnyClientCert: { requestCert: true, rejectUnauthorized: false, needsCa: false, check: 'any' },
  VerifyClientCertIfGiven: {
    requestCert: true,
    rejectUnauthorized: false,
    needsCa: true,
    check: 'verify-if-given',
  },
  RequireAndVerifyClientCert: { requestCert: true, rejectUnauthorized: true, needsCa: true },
};
const BCRYPT_RE = /^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$/;

/** Collects problems with positions while walking the YAML tree. */
class Checker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}
  error(node: YamlNode | null | undefined, message: string): void {
    const offset = node?.range?.[0];
    const pos = offset === undefined ? undefined : this.lines.linePos(offset);
    this.diagnostics.push({
      severity: 'error',
      file: this.file,
      ...(pos ? { position: { line: pos.line, column: pos.col } } : {}),
      message,
      code: 'web_config.invalid',
    });
  }
  /** The map's entries as [key, value node], reporting keys outside `allowed`. */
  entries(map: YAMLMap, allowed: readonly string[], where: string): Map<string, YamlNode | null> {
    const out = new Map<string, YamlNode | null>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(key)) {
        this.error(pair.key as YamlNode, `field ${key} not found in ${where}`);
        continue;
      }
      out.set(key, (pair.value as YamlNode | null) ?? null);
    }
    return out;
  }
  string(node: YamlNode | null | undefined, field: string): string | undefined {
    if (node === null || node === undefined) return undefined;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
      return String(node.value);
    }
    if (isScalar(node) && node.value === null) return undefined;
    this.error(node, `${field} must be a string`);
    return undefined;
  }
}

/**
 * Reads and validates a web config file: unknown keys, a TLS block without cert or key, unknown
 * TLS versions or client auth types, disallowed headers and malformed bcrypt hashes are all
 * reported at once, each naming the file.
 */
export async function loadWebConfig(
  file: string,
): Promise<{ config?: WebConfig; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { diagnostics: [{ severity: 'error', file, message: `cannot read web config file: ${reason}` }] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const check = new Checker(file, lines);
  for (const e of doc.errors) {
    const offset = e.pos[0];
    const pos = lines.linePos(offset);
    check.diagnostics.push({
      severity: 'error',
      file,
      position: { line: pos.line, column: pos.col },
      message: e.message.split('\n')[0] ?? e.message,
    });
  }
  if (check.diagnostics.length > 0) return { diagnostics: check.diagnostics };
  const root = doc.contents as YamlNode | null;
  if (root === null || (isScalar(root) && root.value === null)) {
    return { config: { basicAuthUsers: new Map(), headers: {} }, diagnostics: [] };
  }
  if (!isMap(root)) {
    check.error(root, 'web config must be a mapping');
    return { diagnostics: check.diagnostics };
  }
  const top = check.entries(root, TOP_KEYS, 'web.Config');
  const tls = await readTls(check, top.get('tls_server_config'), dirname(file));
  const headers = readHeaders(check, top.get('http_server_config'));
  const users = readUsers(check, top.get('basic_auth_users'));
  if (check.diagnostics.length > 0) return { diagnostics: check.diagnostics };
  return { config: { ...(tls ? { tls } : {}), basicAuthUsers: users, headers }, diagnostics: [] };
}

function readUsers(check: Checker, node: YamlNode | null | undefined): Map<string, string> {
  const users = new Map<string, string>();
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return users;
  if (!isMap(node)) {
    check.error(node, 'basic_auth_users must be a mapping of user name to bcrypt hash');
    return users;
  }
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const hash = check.string(pair.value as YamlNode, `basic_auth_users.${name}`) ?? '';
    // The hash itself is a secret: the message names the user only.
    if (!BCRYPT_RE.test(hash))
      check.error(
        pair.value as YamlNode,
        `basic_auth_users: the password of user "${name}" is not a bcrypt hash`,
      );
    else users.set(name, hash);
  }
  return users;
}

function readHeaders(check: Checker, node: YamlNode | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return headers;
  if (!isMap(node)) {
    check.error(node, 'http_server_config must be a mapping');
    return headers;
  }
  const fields = check.entries(node, HTTP_KEYS, 'web.HTTPConfig');
  const h = fields.get('headers');
  if (h === null || h === undefined) return headers;
  if (!isMap(h)) {
    check.error(h, 'headers must be a mapping');
    return headers;
  }
  for (const pair of h.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const allowed = ALLOWED_HEADERS.find((a) => a.toLowerCase() === name.toLowerCase());
    if (!allowed) {
      check.error(pair.key as YamlNode, `HTTP header ${JSON.stringify(name)} can not be configured`);
      continue;
    }
    const value = check.string(pair.value as YamlNode, `headers.${name}`);
    if (value !== undefined) headers[allowed] = value;
  }
  return headers;
}

async function readTls(
  check: Checker,
  node: YamlNode | null | undefined,
  baseDir: string,
): Promise<WebTlsConfig | undefined> {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (!isMap(node)) {
    check.error(node, 'tls_server_config must be a mapping');
    return undefined;
  }
  const f = check.entries(node, TLS_KEYS, 'web.TLSConfig');
  if (f.size === 0) return undefined;
  for (const unsupported of ['client_allowed_sans', 'cipher_suites', 'curve_preferences']) {
    if (f.has(unsupported)) check.error(f.get(unsupported), `${unsupported} is not supported by Vigil`);
  }
  const str = (k: string): string | undefined => check.string(f.get(k), k);
  const cert = await material(
    check,
    f.get('cert_file') ?? f.get('cert'),
    str('cert_file'),
    str('cert'),
    'cert',
    baseDir,
  );
  const key = await material(
    check,
    f.get('key_file') ?? f.get('key'),
    str('key_file'),
    str('key'),
    'key',
    baseDir,
  );
  const ca = await optionalMaterial(check, f, str('client_ca_file'), str('client_ca'), baseDir);
  const authName = str('client_auth_type') ?? (ca ? 'RequireAndVerifyClientCert' : 'NoClientCert');
  const auth = CLIENT_AUTH[authName];
  if (!auth) check.error(f.get('client_auth_type'), `invalid ClientAuth ${JSON.stringify(authName)}`);
  else if (auth.needsCa && !ca) check.error(node, `client_auth_type ${authName} requires client_ca_file`);
  const minVersion = tlsVersion(check, f.get('min_version'), str('min_version'));
  const maxVersion = tlsVersion(check, f.get('max_version'), str('max_version'));
  if (!cert || !key || !auth) return undefined;
  return {
    cert,
    key,
    ...(ca ? { ca } : {}),
    requestCert: auth.requestCert,
    rejectUnauthorized: auth.rejectUnauthorized,
    ...(auth.check ? { clientCertCheck: auth.check } : {}),
    ...(minVersion ? { minVersion } : {}),
    ...(maxVersion ? { maxVersion } : {}),
  };
}

function tlsVersion(
  check: Checker,
  node: YamlNode | null | undefined,
  name: string | undefined,
): SecureVersion | undefined {
  if (name === undefined) return undefined;
  const v = TLS_VERSIONS[name];
  if (!v) check.error(node, `unknown TLS version: ${name}`);
  return v;
}

async function material(
  check: Checker,
  node: YamlNode | null | undefined,
  path: string | undefined,
  inline: string | undefined,
  what: 'cert' | 'key',
  baseDir: string,
): Promise<Buffer | undefined> {
  if (path !== undefined && inline !== undefined) {
    check.error(node, `cannot specify both ${what}_file and ${what}`);
    return undefined;
  }
  if (inline !== undefined) return Buffer.from(inline);
  if (path === undefined) {
    check.error(null, `missing one of ${what} or ${what}_file in tls_server_config`);
    return undefined;
  }
  return readPem(check, node, resolve(baseDir, path), `${what}_file`);
}

async function optionalMaterial(
  check: Checker,
  f: Map<string, YamlNode | null>,
  path: string | undefined,
  inline: string | undefined,
  baseDir: string,
): Promise<Buffer | undefined> {
  if (inline !== undefined) return Buffer.from(inline);
  if (path === undefined) return undefined;
  return readPem(check, f.get('client_ca_file'), resolve(baseDir, path), 'client_ca_file');
}

async function readPem(
  check: Checker,
  node: YamlNode | null | undefined,
  path: string,
  field: string,
): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    check.error(node, `${field}: cannot read ${path}: ${reason}`);
    return undefined;
  }
}
