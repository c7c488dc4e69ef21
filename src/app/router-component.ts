// The router as a component: alert store, silences and notification log live for the whole
// process (written through to the store); the route tree, receivers, inhibition rules and time
// intervals are rebuilt on every reload and swapped in at once, as Alertmanager reloads.
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { alertsApiPlugin } from '../api/v2/alerts.js';
import { silencesApi } from '../api/v2/silences.js';
import { statusApiPlugin } from '../api/v2/status.js';
import { notificationsApi } from '../api/v1/notifications.js';
import { receiversTestApi } from '../api/v1/receivers-test.js';
import { NotificationMetrics } from '../notifiers/history/metrics.js';
import { recordingWrap } from '../notifiers/history/recorder.js';
import type { TestSendDeps } from '../notifiers/test-send.js';
import { NotificationHistory } from '../store/notification-history.js';
import type { Config } from '../config/types.js';
import type { Clock } from '../model/clock.js';
import { systemClock } from '../model/clock.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Logger } from '../model/logger.js';
import type { IntakeResult, PostableAlert } from '../router/alerts/intake.js';
import { prepareAlerts } from '../router/alerts/intake.js';
import { AlertStore } from '../router/alerts/store.js';
import { Dispatcher } from '../router/dispatch/dispatcher.js';
import { buildRouteTree, routeSpecFromConfig } from '../router/dispatch/route.js';
import type { Route } from '../router/dispatch/route.js';
import { Scheduler } from '../router/dispatch/scheduler.js';
import type { TimerHost } from '../router/dispatch/scheduler.js';
import { Inhibitor } from '../router/inhibit/inhibitor.js';
import { NotificationLog } from '../router/nflog/nflog.js';
import { buildPipeline } from '../router/pipeline/pipeline.js';
import type { Muter } from '../router/pipeline/types.js';
import { Silencer } from '../router/silence/silencer.js';
import { Silences } from '../router/silence/silences.js';
import { TimeIntervals } from '../router/timeinterval/contains.js';
import { AlertRepository } from '../store/alert-repository.js';
import type { Component } from './reloader.js';
import type { LoadedConfig } from './loaded-config.js';
import { startMaintenance } from './maintenance.js';
import { registerRouterMetrics } from './router-metrics.js';
import type { RouterMetricsSource } from './router-metrics.js';
import { buildReceivers } from './router-receivers.js';
import type { BuiltReceivers } from './router-receivers.js';
import type { SharedStore } from './shared-store.js';

/** Alertmanager's `--data.retention` default: silences and nflog entries live this long. */
const RETENTION_MS = 120 * 3600_000;

/** How long replaced integrations stay open so flushes already running can finish. */
const CLOSE_REPLACED_AFTER_MS = 60_000;

/** What the router is built from besides the configuration. */
export interface RouterComponentOptions {
  readonly logger: Logger;
  /** A function when the URL is known only once the server listens (port 0). */
  readonly externalUrl: URL | (() => URL);
  readonly store: SharedStore;
  readonly version: string;
  /** Where the notification metrics go (created once per registry). */
  readonly registry?: Registry;
  readonly clock?: Clock;
  /** Host timers for the one scheduler; tests pass fake ones. */
  readonly timers?: TimerHost;
  readonly maintenanceIntervalMs?: number;
}

/** State that survives reloads. */
interface Persistent {
  readonly alerts: AlertStore;
  readonly repo: AlertRepository;
  readonly silences: Silences;
  readonly silencer: Silencer;
  readonly nflog: NotificationLog;
  readonly scheduler: Scheduler;
  readonly history: NotificationHistory;
}

/** What one configuration builds. */
interface Runtime {
  readonly config: Config;
  readonly route: Route;
  readonly receivers: BuiltReceivers;
  readonly inhibitor: Inhibitor;
  readonly dispatcher: Dispatcher;
  readonly unsubscribe: () => void;
}

/** The Alertmanager half of Vigil; active only while the config has a `route`. */
export class RouterComponent implements Component<LoadedConfig> {
  readonly name = 'router';
  readonly #o: RouterComponentOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #startedAt: number;
  readonly #metrics: NotificationMetrics | undefined;
  #p: Persistent | undefined;
  #rt: Runtime | undefined;
  #started = false;
  #stopMaintenance: (() => void) | undefined;
  readonly #closing = new Map<ReturnType<typeof setTimeout>, () => Promise<void>>();

  constructor(opts: RouterComponentOptions) {
    this.#o = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#log = opts.logger.child({ component: 'router' });
    this.#startedAt = this.#clock.now();
    this.#metrics = opts.registry ? new NotificationMetrics(opts.registry) : undefined;
    if (opts.registry) registerRouterMetrics(opts.registry, this.#clock, () => this.#metricsSource());
  }

  /** What the router gauges read at scrape time; nothing before the state is opened. */
  #metricsSource(): RouterMetricsSource | undefined {
    const p = this.#p;
    if (p === undefined) return undefined;
    return {
      alerts: () => p.alerts.list(),
      muted: (labels, now) =>
        p.silencer.mutes(labels, now).length > 0 || (this.#rt?.inhibitor.mutes(labels, now).length ?? 0) > 0,
      silenceStates: () => p.silences.query().map((s) => s.state),
    };
  }

  /** The external URL without its trailing slash, as templates and links use it. */
  #externalUrl(): string {
    const url = this.#o.externalUrl;
    return (typeof url === 'function' ? url() : url).href.replace(/\/$/, '');
  }

  /** True while the configuration has a routing tree. */
  active(): boolean {
    return this.#rt !== undefined;
  }

  /** The active configuration, if the router is active. */
  config(): Config | undefined {
    return this.#rt?.config;
  }

  /**
   * Takes alerts the way `POST /api/v2/alerts` does (same defaults, validation and merge); the
   * in-process ruler calls it. Returns what was stored and the reasons for rejected alerts.
   */
  ingest(batch: readonly PostableAlert[]): IntakeResult {
    const rt = this.#rt;
    if (rt === undefined) return { alerts: [], errors: ['the router is not configured'] };
    const now = this.#clock.now();
    const r = prepareAlerts(batch, now, rt.config.global.resolve_timeout);
    this.#persistent().alerts.put(r.alerts, now);
    return r;
  }

  #persistent(): Persistent {
    if (this.#p) return this.#p;
    const store = this.#o.store.get();
    const clock = this.#clock;
    const repo = new AlertRepository(store.alerts);
    const alerts = new AlertStore();
    const restored = repo.loadAll();
    if (restored.length > 0) {
      alerts.put(restored, clock.now());
      this.#log.info('Restored alerts from the store', { count: restored.length });
    }
    alerts.subscribe((a) => {
      repo.save([a]).catch((err: unknown) => this.#log.error('Writing an alert failed', { err }));
    });
    const silences = new Silences({ clock, retentionMs: RETENTION_MS, table: store.silences });
    const history = new NotificationHistory(store.db, {
      retentionMs: RETENTION_MS,
      clock,
      registerMigrations: (domain, migrations) => store.registerMigrations(domain, migrations),
    });
    this.#p = {
      alerts,
      repo,
      silences,
      silencer: new Silencer(silences, clock),
      nflog: new NotificationLog({ clock, retentionMs: RETENTION_MS, table: store.nflog }),
      scheduler: new Scheduler(clock, this.#o.timers),
      history,
    };
    return this.#p;
  }

  /** Builds receivers once to check the new config can be taken (e.g. readable TLS files). */
  async prepare(loaded: LoadedConfig): Promise<Diagnostic[]> {
    if (loaded.config.route === undefined) return [];
    try {
      const built = await this.#buildReceivers(loaded.config);
      await built.close();
      return [];
    } catch (err) {
      const message = `router: ${err instanceof Error ? err.message : String(err)}`;
      return [{ severity: 'error', file: loaded.config.files[0] ?? '', message, code: 'router.receivers' }];
    }
  }

  #buildReceivers(config: Config): Promise<BuiltReceivers> {
    return buildReceivers(config, {
      externalUrl: this.#externalUrl(),
      userAgent: `Vigil/${this.#o.version}`,
      clock: this.#clock,
      logger: this.#log,
      wrap: recordingWrap({
        clock: this.#clock,
        sink: this.#persistent().history,
        logger: this.#log,
        ...(this.#metrics ? { metrics: this.#metrics } : {}),
      }),
    });
  }

  /** What a test send needs: the current templates and the process settings. */
  #testSendDeps(): TestSendDeps {
    const templates = this.#rt?.receivers.templates;
    if (templates === undefined) throw new Error('the router is not configured');
    return {
      templates,
      clock: this.#clock,
      logger: this.#log,
      externalURL: this.#externalUrl(),
      userAgent: `Vigil/${this.#o.version}`,
    };
  }

  /** Swaps in the routes, receivers, inhibition rules and time intervals of `loaded`. */
  async applyConfig(loaded: LoadedConfig): Promise<void> {
    const config = loaded.config;
    if (config.route === undefined) {
      this.#retire(this.#rt);
      this.#rt = undefined;
      return;
    }
    const receivers = await this.#buildReceivers(config);
    const p = this.#persistent();
    const route = buildRouteTree(routeSpecFromConfig(config.route));
    const inhibitor = new Inhibitor(config.inhibit_rules);
    const flush = buildPipeline({
      receivers: receivers.receivers,
      inhibitor,
      silencer: p.silencer,
      timeIntervals: new TimeIntervals(config.time_intervals),
      nflog: p.nflog,
      clock: this.#clock,
      retentionMs: RETENTION_MS,
      logger: this.#log,
    });
    const dispatcher = new Dispatcher({
      route,
      source: p.alerts,
      clock: this.#clock,
      scheduler: p.scheduler,
      flush,
      onFlushError: (groupKey, err) => this.#log.error('Flush failed', { groupKey, err }),
    });
    const old = this.#rt;
    this.#retire(old);
    for (const a of p.alerts.list()) inhibitor.observe(a);
    const unsubscribe = p.alerts.subscribe(inhibitor.observe);
    this.#rt = { config, route, receivers, inhibitor, dispatcher, unsubscribe };
    if (this.#started) dispatcher.start();
  }

  /** Stops a replaced runtime; its integrations close later so running sends can finish. */
  #retire(rt: Runtime | undefined): void {
    if (rt === undefined) return;
    rt.dispatcher.stop();
    rt.unsubscribe();
    const t = setTimeout(() => {
      this.#closing.delete(t);
      void rt.receivers.close();
    }, CLOSE_REPLACED_AFTER_MS);
    t.unref();
    this.#closing.set(t, () => rt.receivers.close());
  }

  /** Starts dispatching (groups resume from the restored alerts) and the periodic GC. */
  async start(): Promise<void> {
    this.#started = true;
    const p = this.#persistent();
    this.#rt?.dispatcher.start();
    this.#stopMaintenance = startMaintenance(
      {
        gcSilences: () => p.silences.gc(),
        gcNflog: () => p.nflog.gc(),
        gcAlerts: (now) => p.alerts.gc(now),
        forgetAlerts: (removed) => {
          for (const a of removed) {
            this.#rt?.inhibitor.remove(a);
            p.silencer.forget(a.fingerprint);
          }
          p.repo.delete(removed.map((a) => a.fingerprint)).catch((err: unknown) => {
            this.#log.error('Deleting alerts failed', { err });
          });
        },
      },
      {
        schedule: (at, fn) => p.scheduler.at(at, fn),
        clock: this.#clock,
        logger: this.#log,
        ...(this.#o.maintenanceIntervalMs !== undefined ? { intervalMs: this.#o.maintenanceIntervalMs } : {}),
      },
    );
  }

  /** Stops the groups and timers and closes the integrations; the store is closed by its owner. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#stopMaintenance?.();
    const rt = this.#rt;
    rt?.dispatcher.stop();
    rt?.unsubscribe();
    this.#p?.scheduler.stop();
    const closers = [...this.#closing.values()];
    for (const t of this.#closing.keys()) clearTimeout(t);
    this.#closing.clear();
    await Promise.allSettled([rt?.receivers.close(), ...closers.map((c) => c())]);
  }

  /** The router's API routes (v2, history, test send); they answer 404 while the config has no routing tree. */
  apiPlugins(): FastifyPluginAsync[] {
    return [
      async (app) => {
        app.addHook('onRequest', async (req, reply) => {
          if (this.active()) return;
          return reply
            .code(404)
            .type('application/json')
            .send(
              JSON.stringify({
                code: 404,
                message: 'the router is not configured (no route in the configuration)',
              }),
            );
        });
        const p = this.#persistent();
        const inhibitor: Muter = { mutes: (labels, now) => this.#rt?.inhibitor.mutes(labels, now) ?? [] };
        const emptyRoute = buildRouteTree({ receiver: '' });
        await app.register(
          alertsApiPlugin({
            clock: this.#clock,
            store: {
              // Answer the POST only once its alerts are committed: acknowledged means durable.
              put: (alerts, now) => {
                p.alerts.put(alerts, now);
                return p.repo.flushed();
              },
              list: () => p.alerts.list(),
            },
            resolveTimeoutMs: () => this.#rt?.config.global.resolve_timeout ?? 5 * 60_000,
            route: () => this.#rt?.route ?? emptyRoute,
            receivers: () => this.#rt?.config.receivers.map((r) => r.name) ?? [],
            groups: () => this.#rt?.dispatcher.groups() ?? [],
            silencer: p.silencer,
            inhibitor,
          }),
        );
        await app.register(silencesApi({ silences: p.silences, clock: this.#clock }));
        await app.register(notificationsApi(p.history));
        await app.register(
          receiversTestApi({ config: () => this.config(), sendDeps: () => this.#testSendDeps() }),
        );
        await app.register(
          statusApiPlugin({
            config: () => this.config(),
            version: this.#o.version,
            startedAt: this.#startedAt,
          }),
        );
      },
    ];
  }
}
