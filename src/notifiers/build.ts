// Turns a receiver's config into the pipeline's integrations, one notifier per `*_configs` entry.
import type { Receiver as ReceiverConfig, WebhookConfig } from '../config/types.js';
import type { Alert } from '../model/alert.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { Integration, Notifier, NotifyContext } from './types.js';
import { createDiscord } from './discord/discord.js';
import { createEmail } from './email/email.js';
import type { ClosableNotifier, NotifierEnv, TemplateRenderer } from './env.js';
import { createMSTeams } from './msteams/msteams.js';
import { createMSTeamsV2, msteamsV2FromRaw } from './msteams/msteamsv2.js';
import { createOpsgenie } from './opsgenie/opsgenie.js';
import { createPagerduty } from './pagerduty/pagerduty.js';
import type { SendOutcome } from './retry.js';
import { createSlack } from './slack/slack.js';
import { createTelegram } from './telegram/telegram.js';
import { createWebhook } from './webhook/webhook.js';
import type { WebhookNotifier } from './webhook/webhook.js';

/** What building integrations needs from the composition root. */
export interface BuildDeps {
  readonly templates: TemplateRenderer;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Backlink shown in templates (`--web.external-url`). */
  readonly externalURL?: string;
  readonly userAgent?: string;
  /** Wraps every notifier (e.g. the history recorder); identity when absent. */
  readonly wrap?: (receiver: string, type: string, index: number, notifier: Notifier) => Notifier;
}

/** An integration whose notifier can release its connections. */
export interface ClosableIntegration extends Integration {
  close(): Promise<void>;
}

/** The integration types Vigil sends to, in Alertmanager's build order. */
export const INTEGRATION_TYPES = [
  'discord',
  'email',
  'msteams',
  'msteamsv2',
  'opsgenie',
  'pagerduty',
  'slack',
  'telegram',
  'webhook',
] as const;

/** The webhook factory is asynchronous (it reads TLS files); this defers it to the first send. */
function lazyWebhook(conf: WebhookConfig, env: NotifierEnv): ClosableNotifier {
  let made: Promise<WebhookNotifier> | undefined;
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome> {
      made ??= createWebhook(conf, { externalURL: env.externalURL, userAgent: env.userAgent, now: env.now });
      return (await made).send(ctx, alerts);
    },
    async close() {
      if (made !== undefined) await (await made).close();
    },
  };
}

type Factory = (
  r: ReceiverConfig,
  env: NotifierEnv,
) => Array<{ sendResolved: boolean; notifier: ClosableNotifier }>;

const FACTORIES: Record<(typeof INTEGRATION_TYPES)[number], Factory> = {
  discord: (r, env) =>
    r.discord_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: createDiscord(c, env) })),
  email: (r, env) =>
    r.email_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: createEmail(c, env) })),
  msteams: (r, env) =>
    r.msteams_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: createMSTeams(c, env) })),
  msteamsv2: (r, env) =>
    (r.other_configs['msteamsv2_configs'] ?? []).map((raw) => {
      const c = msteamsV2FromRaw(raw);
      return { sendResolved: c.send_resolved, notifier: createMSTeamsV2(c, env) };
    }),
  opsgenie: (r, env) =>
    r.opsgenie_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: createOpsgenie(c, env) })),
  pagerduty: (r, env) =>
    r.pagerduty_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: createPagerduty(c, env) })),
  slack: (r, env) =>
    r.slack_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: createSlack(c, env) })),
  telegram: (r, env) =>
    r.telegram_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: createTelegram(c, env) })),
  webhook: (r, env) =>
    r.webhook_configs.map((c) => ({ sendResolved: c.send_resolved, notifier: lazyWebhook(c, env) })),
};

/** The environment every notifier shares, from the build dependencies. */
export function notifierEnv(deps: BuildDeps): NotifierEnv {
  return {
    templates: deps.templates,
    externalURL: deps.externalURL ?? '',
    userAgent: deps.userAgent ?? 'Vigil',
    now: () => deps.clock.now(),
    ...(deps.logger !== undefined ? { logger: deps.logger } : {}),
  };
}

/**
 * Builds every integration of a receiver (none = a black hole, as in Alertmanager). Index is the
 * position among the receiver's integrations of the same type, the nflog key's last part.
 */
export function buildIntegrations(receiver: ReceiverConfig, deps: BuildDeps): ClosableIntegration[] {
  const env = notifierEnv(deps);
  const out: ClosableIntegration[] = [];
  for (const type of INTEGRATION_TYPES) {
    FACTORIES[type](receiver, env).forEach(({ sendResolved, notifier }, index) => {
      const wrapped = deps.wrap ? deps.wrap(receiver.name, type, index, notifier) : notifier;
      out.push({ type, index, sendResolved, notifier: wrapped, close: () => notifier.close() });
    });
  }
  const skipped = Object.keys(receiver.other_configs).filter(
    (k) => k !== 'msteamsv2_configs' && (receiver.other_configs[k]?.length ?? 0) > 0,
  );
  if (skipped.length > 0)
    deps.logger?.warn('receiver has integrations Vigil does not send to', {
      receiver: receiver.name,
      types: skipped.join(','),
    });
  return out;
}

/** Releases the connections of integrations built by `buildIntegrations`. */
export async function closeIntegrations(list: readonly Integration[]): Promise<void> {
  await Promise.allSettled(
    list.map((i) =>
      'close' in i && typeof i.close === 'function' ? (i as ClosableIntegration).close() : undefined,
    ),
  );
}
