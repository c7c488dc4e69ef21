// The one outcome classifier every HTTP notifier uses: ok, retryable, or permanent.

/** The outcome of one send attempt (structurally the pipeline's `SendResult`). */
export interface SendOutcome {
  readonly retry: boolean;
  readonly error?: Error;
  readonly retryAfterMs?: number;
}

/** A successful attempt. */
export const SENT: SendOutcome = Object.freeze({ retry: false });

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`;
 * undefined when absent or unparsable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Classifies an HTTP status as Alertmanager's `Retrier` does, plus 429: 2xx ok; 5xx and 429
 * retryable (honouring Retry-After); every other status permanent. The error names the
 * integration and the status only — never the URL, which may carry credentials.
 */
export function classifyStatus(
  what: string,
  status: number,
  retryAfter: string | undefined,
  now: number,
): SendOutcome {
  if (status >= 200 && status < 300) return SENT;
  const error = new Error(`${what}: unexpected status code ${status}`);
  if (status >= 500 || status === 429) {
    const ms = parseRetryAfter(retryAfter, now);
    return ms === undefined ? { retry: true, error } : { retry: true, error, retryAfterMs: ms };
  }
  return { retry: false, error };
}

/**
 * Classifies a transport failure (refused, reset, TLS, timeout): always retryable. Any of
 * `secrets` (URLs, tokens) found in the message is replaced by `<redacted>`.
 */
export function classifyNetworkError(what: string, err: unknown, secrets: readonly string[]): SendOutcome {
  let msg = err instanceof Error ? describe(err) : String(err);
  for (const s of secrets) if (s !== '') msg = msg.split(s).join('<redacted>');
  msg = msg.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"']+/gi, '<redacted>');
  return { retry: true, error: new Error(`${what}: ${msg}`) };
}

function describe(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  const code = (err as { code?: unknown }).code;
  const base =
    typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  return cause instanceof Error ? `${base}: ${describe(cause)}` : base;
}
