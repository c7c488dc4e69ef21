// OAuth 2.0 client credentials (RFC 6749 §4.4), as prometheus/common's `oauth2` block does it with
// golang.org/x/oauth2/clientcredentials: a token from `token_url`, reused until shortly before it
// expires, sent as the request's Authorization header.
import { readFile } from 'node:fs/promises';
import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { OAuth2 } from '../config/types.js';

/** The `oauth2` settings of one client. */
export interface OAuth2Options {
  readonly clientId: string;
  /** The secret read at load; `clientSecretFile`, when set, is read again for every token. */
  readonly clientSecret: string;
  readonly clientSecretFile?: string;
  readonly scopes: readonly string[];
  readonly tokenUrl: string;
  readonly endpointParams: Readonly<Record<string, string>>;
}

/** A config's `oauth2` block as the token source takes it (secret revealed). */
export function oauth2Options(o: OAuth2): OAuth2Options {
  return {
    clientId: o.client_id,
    clientSecret: o.client_secret?.reveal() ?? '',
    ...(o.client_secret_file !== undefined ? { clientSecretFile: o.client_secret_file } : {}),
    scopes: o.scopes,
    tokenUrl: o.token_url,
    endpointParams: o.endpoint_params,
  };
}

/** Tokens are renewed this long before they expire (golang.org/x/oauth2's expiryDelta). */
const EXPIRY_DELTA_MS = 10_000;
const MAX_BODY = 64 * 1024;

interface Token {
  readonly header: string;
  /** Epoch ms after which the token is renewed; Infinity when the server gave no lifetime. */
  readonly renewAtMs: number;
}

/** How the client authenticates to the token endpoint; found on the first request, then kept. */
type AuthStyle = 'header' | 'params';

/** The Authorization scheme for a token type, as golang.org/x/oauth2's `Token.Type`. */
function scheme(tokenType: unknown): string {
  const t = typeof tokenType === 'string' ? tokenType : '';
  if (t === '' || t.toLowerCase() === 'bearer') return 'Bearer';
  if (t.toLowerCase() === 'mac') return 'MAC';
  if (t.toLowerCase() === 'basic') return 'Basic';
  return t;
}

/** A token endpoint's refusal or a transport failure; never carries the secret or a token. */
export class OAuth2Error extends Error {
  constructor(
    message: string,
    /** HTTP status of the token endpoint's answer, 0 for a transport failure. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'OAuth2Error';
  }
}

/**
 * A source of Authorization headers: fetches a token on first use and when the last one is about
 * to expire; concurrent callers share one token request.
 */
export class OAuth2TokenSource {
  #token: Token | undefined;
  #pending: Promise<Token> | undefined;
  #style: AuthStyle | undefined;

  constructor(
    private readonly opts: OAuth2Options,
    private readonly now: () => number = Date.now,
    private readonly dispatcher?: Dispatcher,
  ) {}

  /** The Authorization header value (`Bearer <token>`). */
  async authorization(): Promise<string> {
    const t = this.#token;
    if (t !== undefined && this.now() < t.renewAtMs) return t.header;
    this.#pending ??= this.#fetch().finally(() => (this.#pending = undefined));
    this.#token = await this.#pending;
    return this.#token.header;
  }

  async #fetch(): Promise<Token> {
    const secret =
      this.opts.clientSecretFile !== undefined
        ? (await readFile(this.opts.clientSecretFile, 'utf8')).trim()
        : this.opts.clientSecret;
    // As golang.org/x/oauth2's AuthStyleAutoDetect: HTTP Basic first, then the credentials in the
    // form when the endpoint refuses that, remembering what worked.
    if (this.#style !== undefined) return this.#request(this.#style, secret);
    try {
      const token = await this.#request('header', secret);
      this.#style = 'header';
      return token;
    } catch (e) {
      if (!(e instanceof OAuth2Error) || e.status === 0) throw e;
      const token = await this.#request('params', secret);
      this.#style = 'params';
      return token;
    }
  }

  async #request(style: AuthStyle, secret: string): Promise<Token> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.opts.scopes.length > 0) form.set('scope', this.opts.scopes.join(' '));
    for (const [k, v] of Object.entries(this.opts.endpointParams)) form.set(k, v);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (style === 'header') {
      const id = encodeURIComponent(this.opts.clientId);
      headers['authorization'] =
        `Basic ${Buffer.from(`${id}:${encodeURIComponent(secret)}`).toString('base64')}`;
    } else {
      form.set('client_id', this.opts.clientId);
      form.set('client_secret', secret);
    }
    const what = `oauth2 token ${this.opts.tokenUrl}`;
    const startedAt = this.now();
    let status: number;
    let text: string;
    try {
      const res = await request(this.opts.tokenUrl, {
        method: 'POST',
        headers,
        body: form.toString(),
        signal: AbortSignal.timeout(30_000),
        ...(this.dispatcher !== undefined ? { dispatcher: this.dispatcher } : {}),
      });
      status = res.statusCode;
      text = (await res.body.text()).slice(0, MAX_BODY);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new OAuth2Error(`${what}: ${typeof code === 'string' ? code : 'request failed'}`, 0);
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON: judged by the status and the missing access_token below.
    }
    if (status < 200 || status > 299) {
      const reason = typeof body['error'] === 'string' ? `: ${body['error']}` : '';
      throw new OAuth2Error(`${what}: status ${status}${reason}`, status);
    }
    const access = body['access_token'];
    if (typeof access !== 'string' || access === '')
      throw new OAuth2Error(`${what}: the answer holds no access_token`, status);
    const expiresIn = Number(body['expires_in']);
    const renewAtMs =
      Number.isFinite(expiresIn) && expiresIn > 0 ? startedAt + expiresIn * 1000 - EXPIRY_DELTA_MS : Infinity;
    return { header: `${scheme(body['token_type'])} ${access}`, renewAtMs };
  }
}
