// One HTTP request for a notifier: dispatcher from `http_config`, deadline, and a read body.
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { HTTPClientConfig } from '../config/types.js';
import { classifyNetworkError, classifyStatus } from './retry.js';
import type { SendOutcome } from './retry.js';
import { authorizationHeader, buildDispatcher } from './webhook/webhook.js';

/** What came back: status, lower-cased headers and the body text. */
export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly text: string;
}

/** One request to send. */
export interface HttpRequest {
  readonly url: string;
  readonly method?: 'POST' | 'GET' | 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The flush deadline. */
  readonly signal: AbortSignal;
  /** An extra per-request timeout (the integration's `timeout`), 0 = none. */
  readonly timeoutMs?: number;
}

const MAX_BODY = 64 * 1024;

/**
 * A lazily built undici dispatcher for one integration's `http_config` (TLS files are read on
 * first use, so building integrations stays synchronous).
 */
export class HttpClient {
  private dispatcher?: Promise<Dispatcher>;

  constructor(private readonly http: HTTPClientConfig | undefined) {}

  /** The `Authorization` header `http_config` asks for, if any (files read now). */
  authorization(): Promise<string | undefined> {
    return authorizationHeader(this.http);
  }

  /** Sends the request; throws on transport failures (refused, reset, TLS, abort). */
  async send(req: HttpRequest): Promise<HttpReply> {
    this.dispatcher ??= buildDispatcher(this.http);
    const dispatcher = await this.dispatcher;
    const signal =
      req.timeoutMs !== undefined && req.timeoutMs > 0
        ? AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)])
        : req.signal;
    const res = await request(req.url, {
      method: req.method ?? 'POST',
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      signal,
      dispatcher,
    });
    const text = (await res.body.text()).slice(0, MAX_BODY);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
    return { status: res.statusCode, headers, text };
  }

  /** Releases pooled connections. */
  async close(): Promise<void> {
    if (this.dispatcher !== undefined) await (await this.dispatcher).close();
  }
}

/** Parses a JSON body, undefined when it is not JSON. */
export function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a string property of an unknown JSON value. */
export function prop(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)[key]
    : undefined;
}

/** A JSON POST and its classification, the common path of the HTTP integrations. */
export interface PostJSON {
  readonly what: string;
  readonly url: string;
  readonly body: unknown;
  readonly signal: AbortSignal;
  readonly userAgent: string;
  readonly now: number;
  /** Extra headers (an API key); their values are treated as secrets. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Values that must never appear in an error (URLs with tokens, keys). */
  readonly secrets: readonly string[];
  readonly timeoutMs?: number;
  /** Service-specific reading of a reply; defaults to the status classifier. */
  readonly classify?: (reply: HttpReply) => SendOutcome;
}

/** Sends `body` as JSON with `http_config` auth and classifies the reply or the transport failure. */
export async function postJSON(client: HttpClient, p: PostJSON): Promise<SendOutcome> {
  const secrets = [...p.secrets, ...Object.values(p.headers ?? {})];
  try {
    const auth = await client.authorization();
    if (auth !== undefined) secrets.push(auth, auth.replace(/^\S+\s+/, ''));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': p.userAgent,
      ...(auth !== undefined ? { authorization: auth } : {}),
      ...p.headers,
    };
    const reply = await client.send({
      url: p.url,
      headers,
      body: JSON.stringify(p.body),
      signal: p.signal,
      ...(p.timeoutMs !== undefined ? { timeoutMs: p.timeoutMs } : {}),
    });
    const out = p.classify
      ? p.classify(reply)
      : classifyStatus(p.what, reply.status, reply.headers['retry-after'], p.now);
    return out.error === undefined
      ? out
      : { ...out, error: new Error(redactAll(out.error.message, secrets)) };
  } catch (e) {
    return classifyNetworkError(p.what, e, secrets);
  }
}

function redactAll(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join('<redacted>');
  return out;
}

/** The status classification plus a short service error text taken from the body. */
export function withBodyReason(
  what: string,
  reply: HttpReply,
  now: number,
  reason: (json: unknown) => string | undefined,
): SendOutcome {
  const base = classifyStatus(what, reply.status, reply.headers['retry-after'], now);
  if (base.error === undefined) return base;
  const why = reason(parseJSON(reply.text)) ?? reply.text.trim().slice(0, 200);
  return why === '' ? base : { ...base, error: new Error(`${base.error.message}: ${why.slice(0, 300)}`) };
}
