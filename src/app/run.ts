// `vigil run`: builds the process from the parsed flags, runs it until SIGTERM/SIGINT, and
// turns start-up problems into an exit code with the reason logged.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { Registry } from 'prom-client';
import { loadWebConfig } from '../api/web-config.js';
import type { WebConfig } from '../api/web-config.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import { createLogger } from '../model/logger.js';
import type { LogFormat, Logger, LogLevel } from '../model/logger.js';
import { createApp, StartupError } from './app.js';
import type { App, ListenAddress } from './app.js';
import { parseListenAddress, resolveExternalUrl, resolveRoutePrefix } from './listen-address.js';
import type { Component, ConfigLoader } from './reloader.js';
import { untilShutdownSignal } from './signals.js';
import type { SignalSource } from './signals.js';
import { watchFiles } from './watch.js';

/** The settings of `vigil run`, as the CLI parsed them from SPEC §3's flags. */
export interface RunOptions {
  readonly configFiles: readonly string[];
  readonly listenAddress: string;
  readonly externalUrl?: string;
  readonly routePrefix?: string;
  readonly webConfigFile?: string;
  readonly storagePath: string;
  readonly datasourceUrl?: string;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly configWatch: boolean;
}

/** What the components get to build themselves from. */
export interface RunContext {
  readonly logger: Logger;
  /**
   * The external URL; read it when a configuration is applied, not at construction: with
   * port 0 and no `--web.external-url` it holds the bound port only once the server listens.
   */
  readonly externalUrl: () => URL;
  readonly storagePath: string;
  /** The registry `/metrics` serves; components create their metrics in it once per process. */
  readonly registry: Registry;
}

/** The process-specific parts `runVigil` uses: where logs go, signals, and the config domain. */
export interface RunEnv<C> {
  readonly writeLog: (line: string) => void;
  readonly signals: SignalSource;
  /** Loads the config files; the wiring applies `--datasource.url` here. */
  readonly load: ConfigLoader<C>;
  readonly components?: (ctx: RunContext) => { components: Component<C>[]; apiPlugins: FastifyPluginAsync[] };
  readonly relatedFiles?: (config: C) => Promise<string[]>;
  /** Called once the server is ready, with the bound address (tests and embedding). */
  readonly onReady?: (address: ListenAddress) => void;
}

interface Prepared {
  readonly listen: ListenAddress;
  readonly externalUrl: URL;
  /** True when the URL was derived from the listen address (no `--web.external-url`). */
  readonly derivedUrl: boolean;
  readonly routePrefix: string;
  readonly web?: WebConfig;
}

/** Checks the flags that need more than parsing; returns the problems or the settings. */
async function prepare(opts: RunOptions): Promise<Prepared | { errors: string[] }> {
  const errors: string[] = [];
  const listen = parseListenAddress(opts.listenAddress);
  if ('error' in listen) errors.push(listen.error);
  const port = 'error' in listen ? 0 : listen.port;
  const externalUrl = resolveExternalUrl(opts.externalUrl, port);
  if ('error' in externalUrl) errors.push(externalUrl.error);
  if (opts.datasourceUrl !== undefined) {
    const bad = 'error' in resolveExternalUrl(opts.datasourceUrl, 0) || opts.datasourceUrl === '';
    if (bad)
      errors.push(
        `invalid --datasource.url ${JSON.stringify(opts.datasourceUrl)}: want an absolute http(s) URL`,
      );
  }
  let web: WebConfig | undefined;
  if (opts.webConfigFile !== undefined) {
    const loaded = await loadWebConfig(opts.webConfigFile);
    errors.push(...loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
    web = loaded.config;
  }
  if (errors.length > 0 || 'error' in listen || 'error' in externalUrl) return { errors };
  return {
    listen,
    externalUrl,
    derivedUrl: opts.externalUrl === undefined || opts.externalUrl === '',
    routePrefix: resolveRoutePrefix(opts.routePrefix, externalUrl),
    ...(web ? { web } : {}),
  };
}

/** False when the external URL must wait for the bound port (port 0, no `--web.external-url`). */
function urlIsFinal(prepared: Prepared): boolean {
  return !(prepared.derivedUrl && prepared.listen.port === 0);
}

/** Builds the app and its components around one metrics registry and the late-bound external URL. */
function buildApp<C>(opts: RunOptions, env: RunEnv<C>, prepared: Prepared, logger: Logger): App<C> {
  let externalUrl = prepared.externalUrl;
  const registry = new Registry();
  const ctx: RunContext = { logger, externalUrl: () => externalUrl, storagePath: opts.storagePath, registry };
  const parts = env.components?.(ctx) ?? { components: [], apiPlugins: [] };
  return createApp<C>({
    registry,
    onListening: (address) => {
      // Port 0 asks for any free port: links must show the one actually bound.
      if (urlIsFinal(prepared)) return;
      const bound = resolveExternalUrl(undefined, address.port);
      if (!('error' in bound)) externalUrl = bound;
      logger.info('External URL', { externalUrl: externalUrl.href });
    },
    configFiles: opts.configFiles,
    load: env.load,
    components: parts.components,
    apiPlugins: parts.apiPlugins,
    logger,
    listen: prepared.listen,
    routePrefix: prepared.routePrefix,
    ...(prepared.web ? { web: prepared.web } : {}),
    ...(env.relatedFiles ? { relatedFiles: env.relatedFiles } : {}),
  });
}

/** Runs Vigil until a shutdown signal; resolves with the process exit code. */
export async function runVigil<C>(opts: RunOptions, env: RunEnv<C>): Promise<number> {
  const logger = createLogger(opts.logFormat, { level: opts.logLevel, write: env.writeLog });
  const prepared = await prepare(opts);
  if ('errors' in prepared) {
    for (const err of prepared.errors) logger.error('Invalid start-up settings', { err });
    return 1;
  }
  try {
    await mkdir(opts.storagePath, { recursive: true });
  } catch (err) {
    logger.error('Cannot create the storage directory', { path: opts.storagePath, err });
    return 1;
  }
  const app = buildApp(opts, env, prepared, logger);
  logger.info('Starting Vigil', {
    // With port 0 the URL is logged once the server is bound.
    ...(urlIsFinal(prepared) ? { externalUrl: prepared.externalUrl.href } : {}),
    routePrefix: prepared.routePrefix || '/',
  });
  const shutdown = untilShutdownSignal(env.signals, app);
  try {
    await app.start();
  } catch (err) {
    shutdown.cancel();
    // The reloader has already logged every problem of a StartupError.
    if (!(err instanceof StartupError)) logger.error('Cannot start', { err });
    return 1;
  }
  const address = app.address();
  if (address) env.onReady?.(address);
  const unwatch = opts.configWatch
    ? watchFiles(
        opts.configFiles.map((f) => resolve(f)),
        () => void app.reload(),
        logger,
      )
    : () => undefined;
  const signal = await shutdown.signal;
  logger.info('Received shutdown signal, exiting gracefully', { signal });
  unwatch();
  return stopWithin(app.stop(), SHUTDOWN_TIMEOUT_MS, logger);
}

/** How long a graceful shutdown may take before the process gives up waiting. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

/** Waits for `stopping`; exit code 0 when it finishes in time, 1 when it fails or times out. */
async function stopWithin(stopping: Promise<void>, ms: number, logger: Logger): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    const result = await Promise.race([stopping.then(() => 'stopped' as const), timeout]);
    if (result === 'stopped') return 0;
    logger.error('Graceful shutdown timed out', { after: `${ms}ms` });
    return 1;
  } catch (err) {
    logger.error('Error during shutdown', { err });
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
