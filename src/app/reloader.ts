// Loads the configuration, and on reload swaps it in only when the whole new one is valid.
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import { hashFiles } from './config-hash.js';
import type { ReloadMetrics } from './reload-metrics.js';

/** Loads and validates configuration files; the real one is `loadConfig` from `config/`. */
export type ConfigLoader<C> = (files: string[]) => Promise<{ config?: C; diagnostics: Diagnostic[] }>;

/**
 * A part of the process that follows the configuration (the ruler, the router). The app calls
 * `applyConfig` with the first config and then `start`; on every successful reload it calls
 * `prepare` on all components and, only if none objects, `applyConfig` on all of them.
 */
export interface Component<C> {
  readonly name: string;
  /** Checks that the component can take `config` without changing anything; returns problems. */
  prepare?(config: C): Promise<Diagnostic[]>;
  /** Switches to `config`; should throw only before it has changed its state. */
  applyConfig(config: C): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The result of one load: on failure, `error` is the text shown in the API and the log. */
export type LoadOutcome =
  | { readonly ok: true; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly error: string; readonly diagnostics: readonly Diagnostic[] };

/** What the reloader needs; every part is injected so tests can use fakes. */
export interface ReloaderOptions<C> {
  readonly files: readonly string[];
  readonly load: ConfigLoader<C>;
  readonly components: readonly Component<C>[];
  readonly metrics: ReloadMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Files besides the config files whose contents make up the config (rule files, templates). */
  readonly relatedFiles?: (config: C) => Promise<string[]>;
}

/** Joins error diagnostics into the one-line-per-problem text the reload API returns. */
export function describeErrors(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map(formatDiagnostic)
    .join('\n');
}

/** Logs a warning or info diagnostic (errors go into the one failure line) with its place. */
function logNote(logger: Logger, d: Diagnostic): void {
  if (d.severity === 'error') return;
  const where = d.position ? `${d.file}:${d.position.line}:${d.position.column}` : d.file;
  const fields = where ? { file: where } : {};
  if (d.severity === 'warning') logger.warn(d.message, fields);
  else logger.info(d.message, fields);
}

/**
 * Holds the active configuration. Loads run one at a time (a reload requested while another runs
 * waits for it and then loads again), and a failed load leaves the active config untouched.
 */
export class ConfigReloader<C> {
  private active: C | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: ReloaderOptions<C>) {}

  /** The configuration in use, or undefined before the first successful load. */
  current(): C | undefined {
    return this.active;
  }

  /** Queues a load of the configuration files and resolves with its outcome. */
  reload(): Promise<LoadOutcome> {
    const run = (): Promise<LoadOutcome> => this.loadOnce();
    const next = this.queue.then(run, run);
    this.queue = next;
    return next;
  }

  private async loadOnce(): Promise<LoadOutcome> {
    const { logger, metrics, clock, files } = this.opts;
    const started = clock.now();
    const first = this.active === undefined;
    logger.info('Loading configuration file', { files: files.join(',') });
    let outcome: LoadOutcome;
    try {
      outcome = await this.loadAndApply(first);
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err.message : String(err), diagnostics: [] };
    }
    for (const d of outcome.diagnostics) logNote(logger, d);
    if (!outcome.ok) {
      metrics.failure();
      const what = first
        ? 'Error loading config'
        : 'Error reloading config, keeping the previous configuration';
      logger.error(what, { files: files.join(','), err: outcome.error });
      return outcome;
    }
    const hash = await hashFiles([...files, ...(await this.related())]);
    metrics.success(hash, clock.now());
    logger.info('Completed loading of configuration file', {
      files: files.join(','),
      totalDuration: `${clock.now() - started}ms`,
    });
    return outcome;
  }

  private async related(): Promise<string[]> {
    if (!this.opts.relatedFiles || this.active === undefined) return [];
    try {
      return await this.opts.relatedFiles(this.active);
    } catch {
      return [];
    }
  }

  private async loadAndApply(first: boolean): Promise<LoadOutcome> {
    const { load, components, files } = this.opts;
    const { config, diagnostics } = await load([...files]);
    if (config === undefined || hasErrors(diagnostics)) {
      const text = describeErrors(diagnostics) || 'the configuration could not be loaded';
      return { ok: false, error: text, diagnostics };
    }
    if (!first) {
      const objections: Diagnostic[] = [];
      for (const c of components) if (c.prepare) objections.push(...(await c.prepare(config)));
      if (hasErrors(objections)) {
        const all = [...diagnostics, ...objections];
        return { ok: false, error: describeErrors(objections), diagnostics: all };
      }
    }
    for (const c of components) {
      try {
        await c.applyConfig(config);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return { ok: false, error: `${c.name}: ${reason}`, diagnostics };
      }
    }
    this.active = config;
    return { ok: true, diagnostics };
  }
}
