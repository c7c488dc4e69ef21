// The Slack integration: incoming webhooks through @slack/webhook, or `chat.postMessage` with a bot token.
import { readFile } from 'node:fs/promises';
import { IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError } from '@slack/webhook';
import type { FetchFunction, IncomingWebhookSendArguments } from '@slack/webhook';
import type { SlackConfig } from '../../config/types.js';
import type { Alert } from '../../model/alert.js';
import type { NotifyContext } from '../types.js';
import type { ClosableNotifier, NotifierEnv } from '../env.js';
import { Fields, notificationData, preparationFailure, redact, timeoutMs } from '../env.js';
import { HttpClient, parseJSON, prop } from '../http-send.js';
import type { HttpReply } from '../http-send.js';
import { classifyNetworkError, classifyStatus, SENT } from '../retry.js';
import type { SendOutcome } from '../retry.js';
import { buildSlackMessage } from './payload.js';
import type { SlackMessage } from './payload.js';

const WHAT = 'slack';

/** True when the URL is Slack's Web API (`…/api/chat.postMessage`), which needs a bot token. */
export function isSlackWebAPI(url: string): boolean {
  try {
    return /\/api\/chat\.(postMessage|update)$/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Slack's error text from a body (`invalid_payload`, `channel_not_found`), cut short and cleaned. */
function slackErrorText(body: string, secrets: readonly string[]): string {
  const json = parseJSON(body);
  const code = prop(json, 'error');
  const text = typeof code === 'string' ? code : body.trim();
  return redact(text.slice(0, 200), secrets);
}

/** Classifies a webhook or Web API reply as Slack documents them. */
export function classifySlackReply(reply: HttpReply, now: number, secrets: readonly string[]): SendOutcome {
  const base = classifyStatus(WHAT, reply.status, reply.headers['retry-after'], now);
  if (base.error !== undefined) {
    const why = slackErrorText(reply.text, secrets);
    return { ...base, error: new Error(why === '' ? base.error.message : `${base.error.message}: ${why}`) };
  }
  const json = parseJSON(reply.text);
  if (json === undefined) {
    if (reply.text.trim() === 'ok') return SENT;
    return {
      retry: false,
      error: new Error(`${WHAT}: error response from Slack: ${slackErrorText(reply.text, secrets)}`),
    };
  }
  if (prop(json, 'ok') === true) return SENT;
  const err = slackErrorText(reply.text, secrets);
  const retry = err === 'ratelimited' || err === 'internal_error' || err === 'service_unavailable';
  return { retry, error: new Error(`${WHAT}: error response from Slack: ${err}`) };
}

/** Adapts our undici client to the fetch function @slack/webhook calls, remembering the reply. */
function fetchVia(client: HttpClient, signal: AbortSignal, seen: { reply?: HttpReply }): FetchFunction {
  return async (url, init): Promise<Awaited<ReturnType<FetchFunction>>> => {
    const reply = await client.send({
      url: String(url),
      headers: init?.headers ?? {},
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
      signal,
    });
    seen.reply = reply;
    const entries = Object.entries(reply.headers).filter((e): e is [string, string] => e[1] !== undefined);
    return {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      statusText: '',
      url: '',
      headers: { get: (n: string) => reply.headers[n.toLowerCase()] ?? null, entries: () => entries },
      text: () => Promise.resolve(reply.text),
      json: () => Promise.resolve(parseJSON(reply.text)),
      arrayBuffer: () => Promise.resolve(new TextEncoder().encode(reply.text).buffer),
    };
  };
}

async function viaIncomingWebhook(
  client: HttpClient,
  url: string,
  msg: SlackMessage,
  ctx: NotifyContext,
  env: NotifierEnv,
): Promise<SendOutcome> {
  const seen: { reply?: HttpReply } = {};
  const hook = new IncomingWebhook(url, { fetch: fetchVia(client, ctx.signal, seen) });
  try {
    const res = await hook.send(msg as unknown as IncomingWebhookSendArguments);
    return classifySlackReply({ status: 200, headers: {}, text: res.text }, env.now(), [url]);
  } catch (e) {
    if (e instanceof IncomingWebhookHTTPError) {
      const reply = seen.reply ?? { status: e.statusCode, headers: {}, text: String(e.body) };
      return classifySlackReply(reply, env.now(), [url]);
    }
    const cause = e instanceof IncomingWebhookRequestError ? e.original : e;
    return classifyNetworkError(WHAT, cause, [url]);
  }
}

async function viaWebAPI(
  client: HttpClient,
  url: string,
  msg: SlackMessage,
  ctx: NotifyContext,
  env: NotifierEnv,
): Promise<SendOutcome> {
  const secrets = [url];
  try {
    const auth = await client.authorization();
    if (auth !== undefined) secrets.push(auth, auth.replace(/^\S+\s+/, ''));
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': env.userAgent,
      ...(auth !== undefined ? { authorization: auth } : {}),
    };
    const reply = await client.send({ url, headers, body: JSON.stringify(msg), signal: ctx.signal });
    return classifySlackReply(reply, env.now(), secrets);
  } catch (e) {
    return classifyNetworkError(WHAT, e, secrets);
  }
}

async function apiURL(conf: SlackConfig): Promise<string> {
  if (conf.api_url !== undefined) return conf.api_url.reveal();
  if (conf.api_url_file !== undefined) return (await readFile(conf.api_url_file, 'utf8')).trim();
  throw new Error('no API URL configured');
}

/** Creates the notifier for one `slack_configs` entry. */
export function createSlack(conf: SlackConfig, env: NotifierEnv): ClosableNotifier {
  const client = new HttpClient(conf.http);
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome> {
      let url = '';
      let msg: SlackMessage;
      try {
        url = await apiURL(conf);
        const built = buildSlackMessage(
          conf,
          new Fields(env.templates, notificationData(ctx, alerts, env.externalURL)),
        );
        if (built.titleTruncated) env.logger?.warn('truncated title', { integration: WHAT, max_runes: 1024 });
        msg = built.msg;
      } catch (e) {
        return preparationFailure(WHAT, e, url === '' ? [] : [url]);
      }
      const limit = timeoutMs(conf);
      const sendCtx =
        limit === undefined
          ? ctx
          : { ...ctx, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(limit)]) };
      return isSlackWebAPI(url)
        ? viaWebAPI(client, url, msg, sendCtx, env)
        : viaIncomingWebhook(client, url, msg, sendCtx, env);
    },
    close: () => client.close(),
  };
}
