// Typed failures of the Prometheus HTTP API clients: a failure is never an empty result.

/** What went wrong talking to a datasource, so callers can decide on retries and messages. */
export type DatasourceErrorKind = 'timeout' | 'network' | 'bad_data' | 'execution' | 'http';

/**
 * A datasource call that did not produce a result; the message never contains secrets
 * (URLs are printed without credentials or query strings).
 */
export class DatasourceError extends Error {
  override readonly name = 'DatasourceError';
  constructor(
    readonly kind: DatasourceErrorKind,
    message: string,
    /** The HTTP status when the server answered, else 0. */
    readonly status = 0,
    /** The API's `errorType` when the server sent the error envelope. */
    readonly errorType = '',
  ) {
    super(message);
  }

  /** True for failures worth retrying: timeouts, network errors, 5xx and 429. */
  get transient(): boolean {
    return this.kind === 'timeout' || this.kind === 'network' || this.status >= 500 || this.status === 429;
  }
}

/** A URL as it may appear in errors and logs: no user info, no query, no fragment. */
export function redactURL(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/** Classifies an exception thrown by undici's `request` into a DatasourceError. */
export function fromFetchError(err: unknown, what: string, timeoutMs: number): DatasourceError {
  if (err instanceof DatasourceError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const name = err instanceof Error ? err.name : '';
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    name === 'TimeoutError' ||
    name === 'AbortError'
  ) {
    return new DatasourceError('timeout', `${what}: timeout after ${timeoutMs}ms`);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new DatasourceError('network', `${what}: ${code ? `${code}: ` : ''}${detail}`);
}
