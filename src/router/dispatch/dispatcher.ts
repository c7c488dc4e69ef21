// Routes every stored alert into aggregation groups (Alertmanager's `Dispatcher`).
import type { Alert } from '../../model/alert.js';
import type { Clock } from '../../model/clock.js';
import type { Labels } from '../../model/labels.js';
import type { FlushErrorFn, FlushFn } from './group.js';
import { AggrGroup } from './group.js';
import type { Route } from './route.js';
import type { Scheduler, Task } from './scheduler.js';

/** Where the dispatcher takes alerts from: the alert store satisfies it. */
export interface AlertSource {
  list(): Iterable<Alert>;
  subscribe(listener: (alert: Alert) => void): () => void;
}

/** Construction options; `maintenanceIntervalMs` is upstream's `--dispatch.maintenance-interval`. */
export interface DispatcherOptions {
  readonly route: Route;
  readonly source: AlertSource;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly flush: FlushFn;
  readonly maintenanceIntervalMs?: number;
  /** Told when a flush throws (the flush then counts as failed). */
  readonly onFlushError?: FlushErrorFn;
}

/**
 * Owns the groups of one route tree. On start it routes every stored alert, then each new one;
 * empty groups are removed at maintenance (every 30s by default), as in Alertmanager 0.25.
 */
export class Dispatcher {
  readonly #groups = new Map<Route, Map<string, AggrGroup>>();
  #unsubscribe: (() => void) | undefined;
  #maintenance: Task | undefined;

  constructor(private readonly o: DispatcherOptions) {}

  /** Subscribes to the source and ingests the alerts it already holds. */
  start(): void {
    this.#unsubscribe = this.o.source.subscribe((a) => this.ingest(a));
    for (const a of this.o.source.list()) this.ingest(a);
    this.#scheduleMaintenance();
  }

  /** Stops all group timers and the subscription; running flushes finish on their own. */
  stop(): void {
    this.#unsubscribe?.();
    this.#maintenance?.cancel();
    for (const groups of this.#groups.values()) for (const g of groups.values()) g.stop();
    this.#groups.clear();
  }

  /** Routes one alert into the group of every matching route, creating groups as needed. */
  ingest(alert: Alert): void {
    for (const route of this.o.route.match(alert.labels)) {
      const k = route.opts.groupByAll ? alert.fingerprint : groupLookupKey(route, alert.labels);
      let groups = this.#groups.get(route);
      if (groups === undefined) {
        groups = new Map();
        this.#groups.set(route, groups);
      }
      let g = groups.get(k);
      if (g === undefined) {
        g = new AggrGroup(
          route.groupLabels(alert.labels),
          route,
          this.o.clock,
          this.o.scheduler,
          this.o.flush,
          this.o.onFlushError,
        );
        groups.set(k, g);
      }
      g.insert(alert);
    }
  }

  /** Every current group, in no particular order (the API sorts). */
  *groups(): IterableIterator<AggrGroup> {
    for (const groups of this.#groups.values()) yield* groups.values();
  }

  /** Removes empty groups now (what the periodic maintenance does). */
  maintain(): void {
    for (const [route, groups] of this.#groups) {
      for (const [k, g] of groups) {
        if (g.empty && !g.busy) {
          g.stop();
          groups.delete(k);
        }
      }
      if (groups.size === 0) this.#groups.delete(route);
    }
  }

  #scheduleMaintenance(): void {
    const every = this.o.maintenanceIntervalMs ?? 30_000;
    this.#maintenance = this.o.scheduler.at(this.o.clock.now() + every, () => {
      this.maintain();
      this.#scheduleMaintenance();
    });
  }
}

/**
 * Identifies a route's group by the alert's values of the `group_by` labels, in the route's
 * order, each length-prefixed (so the key is unambiguous) and absent ones marked: one string
 * per alert instead of a label set, a sort and a hash; the group's labels are built only once.
 */
function groupLookupKey(route: Route, labels: Labels): string {
  let key = '';
  for (const name of route.opts.groupBy) {
    const v = labels[name];
    key += v === undefined ? '-' : `${v.length}:${v}`;
  }
  return key;
}
