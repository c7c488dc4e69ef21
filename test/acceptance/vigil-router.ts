// Vigil's router assembled for acceptance tests: store, inhibitor, silences, dispatcher,
// pipeline and webhooks behind the real API v2 plugins, listening on 127.0.0.1.
import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config/types.js';
import { alertsApiPlugin } from '../../src/api/v2/alerts.js';
import { silencesApi } from '../../src/api/v2/silences.js';
import { systemClock } from '../../src/model/clock.js';
import { createWebhook } from '../../src/notifiers/webhook/webhook.js';
import type { WebhookNotifier } from '../../src/notifiers/webhook/webhook.js';
import { AlertStore } from '../../src/router/alerts/store.js';
import { Dispatcher } from '../../src/router/dispatch/dispatcher.js';
import { buildRouteTree, routeSpecFromConfig } from '../../src/router/dispatch/route.js';
import { Scheduler } from '../../src/router/dispatch/scheduler.js';
import { Inhibitor } from '../../src/router/inhibit/inhibitor.js';
import { NotificationLog } from '../../src/router/nflog/nflog.js';
import { buildPipeline } from '../../src/router/pipeline/pipeline.js';
import type { Integration, Receiver } from '../../src/router/pipeline/types.js';
import { Silencer } from '../../src/router/silence/silencer.js';
import { Silences } from '../../src/router/silence/silences.js';
import { TimeIntervals } from '../../src/router/timeinterval/contains.js';

/** A running router: its base URL and how to stop it. */
export interface RunningRouter {
  readonly url: string;
  /** Rebuilds the dispatcher from the stored alerts, as a config reload does (all timers restart). */
  reload(): void;
  stop(): Promise<void>;
}

async function buildReceivers(config: Config, notifiers: WebhookNotifier[]): Promise<Map<string, Receiver>> {
  const receivers = new Map<string, Receiver>();
  for (const r of config.receivers) {
    const integrations: Integration[] = [];
    for (const [index, wc] of r.webhook_configs.entries()) {
      const n = await createWebhook(wc, {
        externalURL: 'http://vigil',
        userAgent: 'Vigil/acceptance',
        now: () => Date.now(),
      });
      notifiers.push(n);
      integrations.push({ type: 'webhook', index, sendResolved: wc.send_resolved, notifier: n });
    }
    receivers.set(r.name, { name: r.name, integrations });
  }
  return receivers;
}

/** Starts the router for a loaded config (webhook receivers only) on a random loopback port. */
export async function startVigilRouter(config: Config): Promise<RunningRouter> {
  if (config.route === undefined) throw new Error('config has no route');
  const clock = systemClock;
  const notifiers: WebhookNotifier[] = [];
  const receivers = await buildReceivers(config, notifiers);
  const store = new AlertStore();
  const inhibitor = new Inhibitor(config.inhibit_rules);
  store.subscribe(inhibitor.observe);
  const silences = new Silences({ clock });
  const silencer = new Silencer(silences, clock);
  const scheduler = new Scheduler(clock);
  const flush = buildPipeline({
    receivers,
    inhibitor,
    silencer,
    timeIntervals: new TimeIntervals(config.time_intervals),
    nflog: new NotificationLog({ clock }),
    clock,
    retentionMs: 120 * 3600_000,
  });
  const route = buildRouteTree(routeSpecFromConfig(config.route));
  let dispatcher = new Dispatcher({ route, source: store, clock, scheduler, flush });
  dispatcher.start();
  const app: FastifyInstance = fastify({ logger: false });
  await app.register(
    alertsApiPlugin({
      clock,
      store,
      resolveTimeoutMs: () => config.global.resolve_timeout,
      route: () => route,
      receivers: () => config.receivers.map((r) => r.name),
      groups: () => dispatcher.groups(),
      silencer,
      inhibitor,
    }),
  );
  await app.register(silencesApi({ silences, clock }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    reload() {
      dispatcher.stop();
      dispatcher = new Dispatcher({ route, source: store, clock, scheduler, flush });
      dispatcher.start();
    },
    async stop() {
      dispatcher.stop();
      scheduler.stop();
      await app.close();
      await Promise.all(notifiers.map((n) => n.close()));
    },
  };
}
