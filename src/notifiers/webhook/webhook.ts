// The webhook integration: POSTs the version-4 payload with `http_config` auth, TLS and timeouts.
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { HTTPClientConfig, OAuth2, WebhookConfig } from '../../config/types.js';
import { OAuth2TokenSource, oauth2Options } from '../../datasource/oauth2.js';
import { proxyDispatcher, proxyOptions } from '../../datasource/proxy.js';
import type { Alert } from '../../model/alert.js';
import type { Labels } from '../../model/labels.js';
import { classifyNetworkError, classifyStatus } from '../retry.js';
import type { SendOutcome } from '../retry.js';
import { buildPayload } from './payload.js';

/** What the webhook needs to know about the flush (the pipeline's `NotifyContext` fits). */
export interface WebhookContext {
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly receiver: string;
  readonly signal: AbortSignal;
}

/** Process-level settings shared by every webhook. */
export interface WebhookEnv {
  readonly externalURL: string;
  readonly userAgent: string;
  /** Clock for Retry-After dates. */
  readonly now: () => number;
}

/** Builds an undici dispatcher honouring `tls_config` (CA, client cert, server name, skip verify). */
export async function buildDispatcher(http: HTTPClientConfig | undefined): Promise<Dispatcher> {
  const tls = http?.tls_config;
  const ca = tls?.ca ?? (tls?.ca_file !== undefined ? await readFile(tls.ca_file, 'utf8') : undefined);
  const cert =
    tls?.cert ?? (tls?.cert_file !== undefined ? await readFile(tls.cert_file, 'utf8') : undefined);
  const key =
    tls?.key?.reveal() ?? (tls?.key_file !== undefined ? await readFile(tls.key_file, 'utf8') : undefined);
  const connect = {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    ...(tls?.server_name !== undefined && tls.server_name !== '' ? { servername: tls.server_name } : {}),
    rejectUnauthorized: !(tls?.insecure_skip_verify ?? false),
  };
  const proxy = proxyOptions(http);
  return proxy !== undefined ? proxyDispatcher(proxy, {}, connect) : new Agent({ connect });
}

async function readTrimmed(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).trim();
}

/** One token source per `oauth2` block of the loaded config (a reload builds new blocks). */
const tokenSources = new WeakMap<OAuth2, OAuth2TokenSource>();

/**
 * The `Authorization` header from `basic_auth`, `authorization` (files read at send time) or
 * `oauth2` (a token fetched when there is none or it is about to expire).
 */
export async function authorizationHeader(http: HTTPClientConfig | undefined): Promise<string | undefined> {
  const o = http?.oauth2;
  if (o !== undefined) {
    let source = tokenSources.get(o);
    if (source === undefined) {
      source = new OAuth2TokenSource(oauth2Options(o));
      tokenSources.set(o, source);
    }
    return source.authorization();
  }
  const basic = http?.basic_auth;
  if (basic !== undefined) {
    const pw =
      basic.password?.reveal() ??
      (basic.password_file !== undefined ? await readTrimmed(basic.password_file) : '');
    return `Basic ${Buffer.from(`${basic.username}:${pw}`).toString('base64')}`;
  }
  const auth = http?.authorization;
  if (auth !== undefined) {
    const cred =
      auth.credentials?.reveal() ??
      (auth.credentials_file !== undefined ? await readTrimmed(auth.credentials_file) : '');
    return `${auth.type === '' ? 'Bearer' : auth.type} ${cred}`;
  }
  return undefined;
}

/** A webhook notifier: `send` returns ok / retryable / permanent, never throwing on HTTP failures. */
export interface WebhookNotifier {
  send(ctx: WebhookContext, alerts: readonly Alert[]): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** Creates the notifier for one `webhook_configs` entry. */
export async function createWebhook(conf: WebhookConfig, env: WebhookEnv): Promise<WebhookNotifier> {
  const dispatcher = await buildDispatcher(conf.http);
  const timeout = conf.timeout > 0 ? conf.timeout : undefined;
  return {
    async send(ctx, alerts) {
      const url = conf.url_file !== undefined ? await readTrimmed(conf.url_file) : conf.url.reveal();
      const secrets = [url];
      const body = JSON.stringify(
        buildPayload({
          receiver: ctx.receiver,
          groupKey: ctx.groupKey,
          groupLabels: ctx.groupLabels,
          externalURL: env.externalURL,
          alerts,
          maxAlerts: conf.max_alerts,
        }),
      );
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': env.userAgent,
      };
      try {
        const auth = await authorizationHeader(conf.http);
        if (auth !== undefined) {
          headers['authorization'] = auth;
          secrets.push(auth);
        }
        const signal =
          timeout === undefined ? ctx.signal : AbortSignal.any([ctx.signal, AbortSignal.timeout(timeout)]);
        const res = await request(url, { method: 'POST', headers, body, signal, dispatcher });
        await res.body.dump();
        const ra = res.headers['retry-after'];
        return classifyStatus('webhook', res.statusCode, Array.isArray(ra) ? ra[0] : ra, env.now());
      } catch (e) {
        return classifyNetworkError('webhook', e, secrets);
      }
    },
    async close() {
      await dispatcher.close();
    },
  };
}
