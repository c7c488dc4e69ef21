// The Microsoft Teams integration: an Office 365 connector MessageCard posted to the incoming webhook.
import type { MSTeamsConfig } from '../../config/types.js';
import type { ClosableNotifier, NotifierEnv } from '../env.js';
import type { HttpReply } from '../http-send.js';
import { classifyStatus } from '../retry.js';
import type { SendOutcome } from '../retry.js';
import { createSecretUrlJsonNotifier } from '../webhook-json.js';

const WHAT = 'msteams';

/** Alertmanager's theme colours: red while firing, green once resolved. */
export const TEAMS_COLORS = { firing: '8C1A1A', resolved: '2DC72D' } as const;

/** Connectors answer 200 with `1`; an error text in a 2xx body (e.g. a throttled post) is a failure. */
export function classifyTeamsReply(reply: HttpReply, now: number, what = WHAT): SendOutcome {
  const base = classifyStatus(what, reply.status, reply.headers['retry-after'], now);
  if (base.error !== undefined) {
    const why = reply.text.trim().slice(0, 200);
    return why === '' ? base : { ...base, error: new Error(`${base.error.message}: ${why}`) };
  }
  const text = reply.text.trim();
  if (/HTTP error 429/i.test(text))
    return { retry: true, error: new Error(`${what}: throttled: ${text.slice(0, 200)}`) };
  return base;
}

/** Creates the notifier for one `msteams_configs` entry. */
export function createMSTeams(conf: MSTeamsConfig, env: NotifierEnv): ClosableNotifier {
  return createSecretUrlJsonNotifier(
    {
      what: WHAT,
      http: conf.http,
      url: conf.webhook_url,
      urlFile: conf.webhook_url_file,
      body: (f, status) => ({
        '@context': 'http://schema.org/extensions',
        type: 'MessageCard',
        title: f.text(conf.title, 'title'),
        summary: f.text(conf.summary, 'summary'),
        text: f.text(conf.text, 'text'),
        themeColor: TEAMS_COLORS[status],
      }),
      classify: (reply, now) => classifyTeamsReply(reply, now),
    },
    env,
  );
}
