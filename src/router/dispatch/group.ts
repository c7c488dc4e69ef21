// One aggregation group (Alertmanager's `aggrGroup`): its alerts and its timer semantics.
import type { Alert } from '../../model/alert.js';
import { compareAlerts, isResolved, ZERO_TIME } from '../../model/alert.js';
import type { Clock } from '../../model/clock.js';
import type { Labels } from '../../model/labels.js';
import { labelSetString } from './labelset.js';
import type { Route } from './route.js';
import type { Scheduler, Task } from './scheduler.js';

/** What a flush hands to the notification pipeline. */
export interface Flush {
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly route: Route;
  readonly receiver: string;
  /** Copies sorted as upstream; firing alerts have `endsAt` zeroed, resolved keep theirs. */
  readonly alerts: readonly Alert[];
  /** The tick time: the pipeline's only notion of "now". */
  readonly now: number;
  /** Aborted when the next flush is due (`max(group_interval, 10s)` after the tick). */
  readonly signal: AbortSignal;
}

/** Runs the pipeline for one flush; resolves true when it succeeded (no integration failed). */
export type FlushFn = (flush: Flush) => Promise<boolean>;

/** Hears a flush function that threw (it should log and return false instead). */
export type FlushErrorFn = (groupKey: string, error: unknown) => void;

/** The minimum time a flush gets to send, as upstream's `notify.MinTimeout`. */
export const MIN_FLUSH_TIMEOUT_MS = 10_000;

/**
 * Holds the alerts of one group key. The first tick comes `group_wait` after creation (at once
 * if an alert older than `group_wait` arrives before the first flush); each tick re-arms
 * `group_interval` before flushing; a tick that comes while a flush runs waits for it.
 */
export class AggrGroup {
  readonly key: string;
  readonly alerts = new Map<string, Alert>();
  #task: Task;
  #hasFlushed = false;
  #flushing = false;
  #queuedTick: number | undefined;
  #stopped = false;

  constructor(
    readonly labels: Labels,
    readonly route: Route,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly flushFn: FlushFn,
    private readonly onError?: FlushErrorFn,
  ) {
    this.key = `${route.key}:${labelSetString(labels)}`;
    this.#task = scheduler.at(clock.now() + route.opts.groupWait, (now) => this.#tick(now));
  }

  /** Adds or replaces an alert; an old alert before the first flush makes the group flush now. */
  insert(alert: Alert): void {
    this.alerts.set(alert.fingerprint, alert);
    const now = this.clock.now();
    if (!this.#hasFlushed && alert.startsAt + this.route.opts.groupWait < now) this.#reset(now);
  }

  /** True when no alert is left (upstream removes such groups at maintenance). */
  get empty(): boolean {
    return this.alerts.size === 0;
  }

  /** True while a flush is running. */
  get busy(): boolean {
    return this.#flushing;
  }

  /** Stops the timer; a running flush completes but nothing is scheduled afterwards. */
  stop(): void {
    this.#stopped = true;
    this.#task.cancel();
  }

  #reset(at: number): void {
    this.#task.cancel();
    this.#task = this.scheduler.at(at, (now) => this.#tick(now));
  }

  #tick(now: number): void {
    if (this.#stopped) return;
    if (this.#flushing) {
      // Go's timer channel holds one pending tick; the loop picks it up after the flush.
      this.#queuedTick ??= now;
      return;
    }
    const gi = this.route.opts.groupInterval;
    this.#reset(now + gi);
    this.#hasFlushed = true;
    void this.#flush(now, Math.max(gi, MIN_FLUSH_TIMEOUT_MS));
  }

  async #flush(tick: number, timeoutMs: number): Promise<void> {
    if (this.empty) return;
    this.#flushing = true;
    const ctl = new AbortController();
    const deadline = this.scheduler.at(tick + timeoutMs, () =>
      ctl.abort(new Error('flush deadline exceeded')),
    );
    const snapshot = this.#snapshot(this.clock.now());
    let ok = false;
    try {
      ok = await this.flushFn({
        groupKey: this.key,
        groupLabels: this.labels,
        route: this.route,
        receiver: this.route.opts.receiver,
        alerts: snapshot,
        now: tick,
        signal: ctl.signal,
      });
    } catch (e) {
      ok = false;
      this.onError?.(this.key, e);
    } finally {
      deadline.cancel();
      this.#flushing = false;
    }
    if (ok) this.#deleteNotifiedResolved(snapshot);
    const queued = this.#queuedTick;
    this.#queuedTick = undefined;
    if (queued !== undefined && !this.#stopped) this.#tick(queued);
  }

  #snapshot(now: number): Alert[] {
    const out: Alert[] = [];
    for (const a of this.alerts.values()) out.push(isResolved(a, now) ? a : { ...a, endsAt: ZERO_TIME });
    return out.sort(compareAlerts);
  }

  /** Removes resolved alerts that were notified and not updated since (`DeleteIfNotModified`). */
  #deleteNotifiedResolved(sent: readonly Alert[]): void {
    for (const a of sent) {
      if (a.endsAt === ZERO_TIME) continue;
      const cur = this.alerts.get(a.fingerprint);
      if (cur !== undefined && cur.updatedAt === a.updatedAt) this.alerts.delete(a.fingerprint);
    }
  }
}
