// The running process: HTTP server, metrics registry, configuration and components, with
// start, stop and reload. Generic over the config type so it builds and tests on its own.
import type { FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { build } from '../api/server.js';
import type { VigilServer } from '../api/server.js';
import type { ReloadOutcome } from '../api/plugins/lifecycle.js';
import type { WebConfig } from '../api/web-config.js';
import { systemClock } from '../model/clock.js';
import type { Clock } from '../model/clock.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Logger } from '../model/logger.js';
import { createReloadMetrics } from './reload-metrics.js';
import { ConfigReloader } from './reloader.js';
import type { Component, ConfigLoader } from './reloader.js';

/** Where the HTTP server listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Everything `createApp` wires together. */
export interface AppOptions<C> {
  readonly configFiles: readonly string[];
  readonly load: ConfigLoader<C>;
  readonly components?: readonly Component<C>[];
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly listen: ListenAddress;
  readonly routePrefix?: string;
  readonly web?: WebConfig;
  /** Route plugins of the components, served under the route prefix. */
  readonly apiPlugins?: readonly FastifyPluginAsync[];
  /** Files besides the config files that make up the config, for `vigil_config_hash`. */
  readonly relatedFiles?: (config: C) => Promise<string[]>;
  /** Whether to export Node's process metrics (tests that build many apps turn it off). */
  readonly processMetrics?: boolean;
  /**
   * The registry `/metrics` serves; pass the one the components registered their metrics in
   * (they create them once per process, so reloads never register a name twice).
   */
  readonly registry?: Registry;
  /** Called once the server is bound, before the first configuration load (the real port is known). */
  readonly onListening?: (address: ListenAddress) => void;
}

/** The first configuration could not be loaded; the process must not start. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[],
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

/** A built process; `start` listens and loads, `stop` shuts down in reverse order. */
export interface App<C> {
  readonly server: VigilServer;
  readonly registry: Registry;
  start(): Promise<void>;
  stop(): Promise<void>;
  reload(): Promise<ReloadOutcome>;
  isReady(): boolean;
  /** The active configuration, once loaded. */
  config(): C | undefined;
  /** The bound address after `start` (the real port when 0 was asked for). */
  address(): ListenAddress | undefined;
}

/** Builds the process from its options without starting anything. */
export function createApp<C>(opts: AppOptions<C>): App<C> {
  const registry = opts.registry ?? new Registry();
  // The event-loop delay is sampled every 100 ms, not prom-client's default 10 ms: 100 timer
  // wake-ups a second cost an idle process about 7 ms of CPU per second.
  if (opts.processMetrics !== false)
    collectDefaultMetrics({ register: registry, prefix: '', eventLoopMonitoringPrecision: 100 });
  const components = opts.components ?? [];
  const logger = opts.logger;
  const reloader = new ConfigReloader<C>({
    files: opts.configFiles,
    load: opts.load,
    components,
    metrics: createReloadMetrics(registry),
    logger: logger.child({ component: 'config' }),
    clock: opts.clock ?? systemClock,
    ...(opts.relatedFiles ? { relatedFiles: opts.relatedFiles } : {}),
  });
  let ready = false;
  let started: Component<C>[] = [];
  let bound: ListenAddress | undefined;

  const reload = async (): Promise<ReloadOutcome> => {
    if (!ready) return { ok: false, error: 'Vigil is not ready yet' };
    const outcome = await reloader.reload();
    return outcome.ok ? { ok: true } : { ok: false, error: outcome.error };
  };
  const server = build({
    logger,
    metrics: registry,
    routePrefix: opts.routePrefix ?? '',
    ...(opts.web ? { web: opts.web } : {}),
    isReady: () => ready,
    reload,
    plugins: opts.apiPlugins ?? [],
  });

  const stopComponents = async (): Promise<void> => {
    for (const c of [...started].reverse()) {
      try {
        await c.stop();
      } catch (err) {
        logger.error('Error stopping component', { component: c.name, err });
      }
    }
    started = [];
  };

  return {
    server,
    registry,
    reload,
    isReady: () => ready,
    config: () => reloader.current(),
    address: () => bound,
    async start() {
      await server.listen({ host: opts.listen.host, port: opts.listen.port });
      const addr = server.server.address();
      bound = typeof addr === 'object' && addr ? { host: addr.address, port: addr.port } : opts.listen;
      logger.info('Listening', { address: `${bound.host}:${bound.port}`, tls: opts.web?.tls !== undefined });
      opts.onListening?.(bound);
      const first = await reloader.reload();
      if (!first.ok) {
        await server.close();
        throw new StartupError(`cannot load the configuration:\n${first.error}`, first.diagnostics);
      }
      try {
        for (const c of components) {
          await c.start();
          started.push(c);
        }
      } catch (err) {
        await stopComponents();
        await server.close();
        throw err;
      }
      ready = true;
      logger.info('Server is ready to receive web requests.');
    },
    async stop() {
      ready = false;
      await server.close();
      await stopComponents();
      logger.info('See you next time!');
    },
  };
}
