// The Telegram integration: Bot API `sendMessage` to one chat, HTML-escaped when parse_mode is HTML.
import type { TelegramConfig } from '../../config/types.js';
import type { Alert } from '../../model/alert.js';
import type { NotifyContext } from '../types.js';
import type { ClosableNotifier, NotifierEnv } from '../env.js';
import { extra, Fields, notificationData, preparationFailure, truncateRunes } from '../env.js';
import { HttpClient, parseJSON, postJSON, prop } from '../http-send.js';
import type { HttpReply } from '../http-send.js';
import { classifyStatus } from '../retry.js';
import type { SendOutcome } from '../retry.js';
import { readSecretOrFile } from '../secret-file.js';

const WHAT = 'telegram';

/** Reads a Bot API reply: `{ok:true}` is success; `parameters.retry_after` is honoured on 429. */
export function classifyTelegramReply(reply: HttpReply, now: number): SendOutcome {
  const json = parseJSON(reply.text);
  const base = classifyStatus(WHAT, reply.status, reply.headers['retry-after'], now);
  if (base.error === undefined) {
    if (json === undefined || prop(json, 'ok') === true) return base;
    const d = prop(json, 'description');
    return { retry: false, error: new Error(`${WHAT}: ${typeof d === 'string' ? d : 'request failed'}`) };
  }
  const d = prop(json, 'description');
  const error = typeof d === 'string' ? new Error(`${base.error.message}: ${d}`) : base.error;
  const after = prop(prop(json, 'parameters'), 'retry_after');
  const retryAfterMs = typeof after === 'number' && base.retry ? after * 1000 : base.retryAfterMs;
  return retryAfterMs === undefined
    ? { retry: base.retry, error }
    : { retry: base.retry, error, retryAfterMs };
}

/** The `sendMessage` body. */
export function telegramBody(conf: TelegramConfig, f: Fields): Record<string, unknown> {
  const html = conf.parse_mode === 'HTML';
  const text = html ? f.html(conf.message, 'message') : f.text(conf.message, 'message');
  const body: Record<string, unknown> = {
    chat_id: conf.chat_id,
    text: truncateRunes(text, 4096).text,
    disable_notification: conf.disable_notifications,
  };
  if (conf.parse_mode !== '') body['parse_mode'] = conf.parse_mode;
  const thread = extra(conf, 'message_thread_id');
  if (typeof thread === 'number' && thread !== 0) body['message_thread_id'] = thread;
  return body;
}

/** Creates the notifier for one `telegram_configs` entry. */
export function createTelegram(conf: TelegramConfig, env: NotifierEnv): ClosableNotifier {
  const client = new HttpClient(conf.http);
  const base = conf.api_url.replace(/\/+$/, '');
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome> {
      let token = '';
      let body: Record<string, unknown>;
      try {
        token = await readSecretOrFile(conf.bot_token, conf.bot_token_file);
        body = telegramBody(conf, new Fields(env.templates, notificationData(ctx, alerts, env.externalURL)));
      } catch (e) {
        return preparationFailure(WHAT, e, [token]);
      }
      return postJSON(client, {
        what: WHAT,
        url: `${base}/bot${token}/sendMessage`,
        body,
        signal: ctx.signal,
        userAgent: env.userAgent,
        now: env.now(),
        secrets: [token],
        classify: (reply) => classifyTelegramReply(reply, env.now()),
      });
    },
    close: () => client.close(),
  };
}
