// The Discord integration: an execute-webhook call with one embed, as Alertmanager sends it.
import type { DiscordConfig } from '../../config/types.js';
import type { ClosableNotifier, NotifierEnv, Fields } from '../env.js';
import { extraStr, truncateRunes } from '../env.js';
import { parseJSON, prop } from '../http-send.js';
import type { HttpReply } from '../http-send.js';
import { classifyStatus } from '../retry.js';
import type { SendOutcome } from '../retry.js';
import { createSecretUrlJsonNotifier } from '../webhook-json.js';

const WHAT = 'discord';

/** Embed colours: Alertmanager's red while firing, green once resolved. */
export const DISCORD_COLORS = { firing: 0x992d22, resolved: 0x2ecc71 } as const;

/** Status classification, with Discord's JSON error and its `retry_after` seconds on 429. */
export function classifyDiscordReply(reply: HttpReply, now: number): SendOutcome {
  const base = classifyStatus(WHAT, reply.status, reply.headers['retry-after'], now);
  if (base.error === undefined) return base;
  const json = parseJSON(reply.text);
  const msg = prop(json, 'message');
  const code = prop(json, 'code');
  const why = typeof msg === 'string' ? `${msg}${typeof code === 'number' ? ` (code ${code})` : ''}` : '';
  const error = why === '' ? base.error : new Error(`${base.error.message}: ${why}`);
  const after = prop(json, 'retry_after');
  const retryAfterMs = typeof after === 'number' && base.retry ? Math.ceil(after * 1000) : base.retryAfterMs;
  return retryAfterMs === undefined
    ? { retry: base.retry, error }
    : { retry: base.retry, error, retryAfterMs };
}

/** The execute-webhook body. */
export function discordBody(
  conf: DiscordConfig,
  f: Fields,
  status: 'firing' | 'resolved',
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    content: truncateRunes(f.text(extraStr(conf, 'content'), 'content'), 2000).text,
    embeds: [
      {
        title: truncateRunes(f.text(conf.title, 'title'), 256).text,
        description: truncateRunes(f.text(conf.message, 'message'), 4096).text,
        color: DISCORD_COLORS[status],
      },
    ],
  };
  const username = f.text(extraStr(conf, 'username'), 'username');
  if (username !== '') body['username'] = username;
  const avatar = extraStr(conf, 'avatar_url') ?? '';
  if (avatar !== '') body['avatar_url'] = avatar;
  return body;
}

/** Creates the notifier for one `discord_configs` entry. */
export function createDiscord(conf: DiscordConfig, env: NotifierEnv): ClosableNotifier {
  return createSecretUrlJsonNotifier(
    {
      what: WHAT,
      http: conf.http,
      url: conf.webhook_url,
      urlFile: conf.webhook_url_file,
      body: (f, status) => discordBody(conf, f, status),
      classify: classifyDiscordReply,
    },
    env,
  );
}
