// Builds the pipeline's receivers (name → integrations) from the config's `receivers`, with the
// notification templates (Vigil's defaults plus the config's `templates` files).
import { dirname } from 'node:path';
import type { Config } from '../config/types.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { BuildDeps } from '../notifiers/build.js';
import type { Integration, Receiver } from '../router/pipeline/types.js';
import { NotificationTemplates } from '../template/funcs/notification.js';

/** The receivers of one configuration and how to release their connections. */
export interface BuiltReceivers {
  readonly receivers: ReadonlyMap<string, Receiver>;
  /** The notification templates they render with (also for test sends). */
  readonly templates: NotificationTemplates;
  /** Closes every integration's connection pool. */
  close(): Promise<void>;
}

/** Process-level settings the integrations need. */
export interface ReceiverEnv {
  readonly externalUrl: string;
  readonly userAgent: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Wraps every notifier (the notification history recorder). */
  readonly wrap?: BuildDeps['wrap'];
}

/** True when some receiver has an integration of any kind (even one Vigil does not send to). */
export function hasIntegrations(config: Config): boolean {
  return config.receivers.some(
    (r) =>
      Object.entries(r).some(([k, v]) => k.endsWith('_configs') && Array.isArray(v) && v.length > 0) ||
      Object.values(r.other_configs).some((v) => v.length > 0),
  );
}

/**
 * Loads the templates, then creates every integration of every receiver (indexed per type, as
 * the nflog keys them). Throws, with nothing left open, when a template file does not parse.
 */
export async function buildReceivers(config: Config, env: ReceiverEnv): Promise<BuiltReceivers> {
  const baseDir = dirname(config.files[0] ?? '.');
  const templates = await NotificationTemplates.load(config.templates, baseDir, {
    now: () => env.clock.now(),
  });
  const all: Integration[] = [];
  const receivers = new Map<string, Receiver>();
  if (!hasIntegrations(config)) {
    // The notifier modules (nodemailer, the Slack client...) are loaded only once a receiver
    // needs them: a ruler-only process or one with empty receivers spares their start-up and memory.
    for (const r of config.receivers) receivers.set(r.name, { name: r.name, integrations: [] });
    return { receivers, templates, close: async () => {} };
  }
  const { buildIntegrations, closeIntegrations } = await import('../notifiers/build.js');
  for (const r of config.receivers) {
    const integrations = buildIntegrations(r, {
      templates,
      clock: env.clock,
      logger: env.logger,
      externalURL: env.externalUrl,
      userAgent: env.userAgent,
      ...(env.wrap ? { wrap: env.wrap } : {}),
    });
    all.push(...integrations);
    receivers.set(r.name, { name: r.name, integrations });
  }
  return { receivers, templates, close: () => closeIntegrations(all) };
}
