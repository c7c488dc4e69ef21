// JSON Schema building blocks shared by the Prometheus, Alertmanager and Vigil sections.

/** A JSON Schema object as ajv takes it. */
export type Schema = Readonly<Record<string, unknown>>;

/** A string field. */
export const str: Schema = { type: 'string' };
/** A boolean field. */
export const bool: Schema = { type: 'boolean' };
/** An integer field. */
export const int: Schema = { type: 'integer' };
/** A number field. */
export const num: Schema = { type: 'number' };
/** A scalar that Go's YAML decoder would turn into a string (numbers and booleans too). */
export const scalar: Schema = { type: ['string', 'number', 'boolean'] };
/** A duration such as `5m`; checked and converted by the semantic pass. */
export const dur: Schema = { type: ['string', 'number'] };
/** A list of strings. */
export const strList: Schema = { type: 'array', items: str };
/** A map of label-like string values. */
export const strMap: Schema = { type: 'object', additionalProperties: scalar };

/** A field with a default applied when absent. */
export function withDefault(schema: Schema, value: unknown): Schema {
  return { ...schema, default: value };
}

/** A closed object: only the listed properties are allowed. */
export function obj(properties: Record<string, Schema>, extra: Record<string, unknown> = {}): Schema {
  return { type: 'object', properties, additionalProperties: false, ...extra };
}

/** A list of items of one schema. */
export function list(items: Schema): Schema {
  return { type: 'array', items };
}

/** `tls_config`, as prometheus/common defines it. */
export const tlsConfig: Schema = obj({
  ca: str,
  ca_file: str,
  ca_ref: str,
  cert: str,
  cert_file: str,
  cert_ref: str,
  key: str,
  key_file: str,
  key_ref: str,
  server_name: str,
  insecure_skip_verify: bool,
  min_version: { enum: ['TLS10', 'TLS11', 'TLS12', 'TLS13'] },
  max_version: { enum: ['TLS10', 'TLS11', 'TLS12', 'TLS13'] },
});

/** `basic_auth`. */
export const basicAuth: Schema = obj({
  username: str,
  username_file: str,
  password: str,
  password_file: str,
});

/** `authorization`. */
export const authorization: Schema = obj({ type: str, credentials: str, credentials_file: str });

/** `oauth2` (client credentials flow). */
export const oauth2: Schema = obj({
  client_id: str,
  client_secret: str,
  client_secret_file: str,
  scopes: strList,
  token_url: str,
  endpoint_params: strMap,
  tls_config: tlsConfig,
  proxy_url: str,
  no_proxy: str,
  proxy_from_environment: bool,
  proxy_connect_header: { type: 'object' },
});

/** The fields of prometheus/common's HTTPClientConfig, for inlining or for `http_config`. */
export const httpClientProps: Record<string, Schema> = {
  basic_auth: basicAuth,
  authorization,
  oauth2,
  bearer_token: str,
  bearer_token_file: str,
  tls_config: tlsConfig,
  proxy_url: str,
  no_proxy: str,
  proxy_from_environment: bool,
  proxy_connect_header: { type: 'object' },
  follow_redirects: bool,
  enable_http2: bool,
  http_headers: { type: 'object' },
};

/** `http_config` as a nested block (Alertmanager). */
export const httpConfig: Schema = obj(httpClientProps);

/** A Prometheus relabel config. */
export const relabelConfig: Schema = obj({
  source_labels: strList,
  separator: str,
  regex: scalar,
  modulus: int,
  target_label: str,
  replacement: str,
  action: str,
});
