// Turns a config `http_config` (Prometheus' HTTP client settings) into the datasource clients'
// plain options, reading password and credentials files once.
import { readFileSync } from 'node:fs';
import type { HTTPClientConfig } from '../config/types.js';
import type { HTTPClientOptions } from '../datasource/http-options.js';
import { OAuth2TokenSource, oauth2Options } from '../datasource/oauth2.js';
import { proxyOptions } from '../datasource/proxy.js';

function readTrimmed(file: string): string {
  return readFileSync(file, 'utf8').trim();
}

/** The client options for `http`; throws (before anything is built) when a file cannot be read. */
export function httpClientOptions(http: HTTPClientConfig): HTTPClientOptions {
  const headers: Record<string, string> = { ...(http.headers ?? {}) };
  let basicAuth: HTTPClientOptions['basicAuth'];
  let bearerToken: HTTPClientOptions['bearerToken'];
  if (http.basic_auth) {
    const b = http.basic_auth;
    const password = b.password ?? (b.password_file !== undefined ? readTrimmed(b.password_file) : '');
    basicAuth = { username: b.username, password };
  } else if (http.authorization) {
    const a = http.authorization;
    const cred = a.credentials ?? (a.credentials_file !== undefined ? readTrimmed(a.credentials_file) : '');
    const type = a.type === '' ? 'Bearer' : a.type;
    if (type.toLowerCase() === 'bearer') bearerToken = cred;
    else headers['authorization'] = `${type} ${typeof cred === 'string' ? cred : cred.reveal()}`;
  }
  const t = http.tls_config;
  const proxy = proxyOptions(http);
  const oauth2 = http.oauth2 && new OAuth2TokenSource(oauth2Options(http.oauth2));
  return {
    headers,
    ...(proxy ? { proxy } : {}),
    ...(oauth2 ? { authorize: () => oauth2.authorization() } : {}),
    ...(basicAuth ? { basicAuth } : {}),
    ...(bearerToken !== undefined ? { bearerToken } : {}),
    tls: {
      ...(t.ca_file !== undefined ? { caFile: t.ca_file } : {}),
      ...(t.cert_file !== undefined ? { certFile: t.cert_file } : {}),
      ...(t.key_file !== undefined ? { keyFile: t.key_file } : {}),
      ...(t.server_name !== undefined ? { serverName: t.server_name } : {}),
      insecureSkipVerify: t.insecure_skip_verify,
    },
  };
}
