// Runs one group at its aligned slots; a slow iteration skips slots (counted), it never catches up.
import type { Clock } from '../model/clock.js';
import type { RuleMetrics } from './metrics.js';
import { evalTimestamp } from './slot.js';

/** Starts a one-shot timer and returns its cancel function; injected so tests drive time. */
export type SetTimer = (fn: () => void, delayMs: number) => () => void;

/** The real timer, for production wiring. */
export const realSetTimer: SetTimer = (fn, delayMs) => {
  const t = setTimeout(fn, Math.max(0, delayMs));
  return () => clearTimeout(t);
};

/** The part of a group the scheduler drives. */
export interface SchedulableGroup {
  readonly key: string;
  readonly def: { readonly file: string; readonly name: string; readonly interval: number };
  evaluate(tsMs: number): Promise<void>;
}

/** One group's evaluation loop at Prometheus' slot times. */
export class GroupScheduler {
  #cancel: (() => void) | undefined;
  #inflight: Promise<void> | undefined;
  #stopped = false;
  /** Slot time of the next evaluation. */
  nextSlotMs = 0;

  constructor(
    readonly group: SchedulableGroup,
    private readonly clock: Clock,
    private readonly setTimer: SetTimer,
    private readonly metrics?: RuleMetrics,
  ) {}

  /** Schedules the first evaluation at the group's next slot after now. */
  start(): void {
    const { file, name, interval } = this.group.def;
    const now = this.clock.now();
    this.nextSlotMs = evalTimestamp(file, name, interval, now) + interval;
    this.#schedule(now);
  }

  #schedule(now: number): void {
    if (this.#stopped) return;
    this.#cancel = this.setTimer(() => this.#tick(), this.nextSlotMs - now);
  }

  #tick(): void {
    this.#cancel = undefined;
    if (this.#stopped) return;
    const ts = this.nextSlotMs;
    this.metrics?.iterations.inc({ rule_group: this.group.key });
    this.#inflight = this.group
      .evaluate(ts)
      .catch(() => undefined) // evaluate() reports rule errors itself; the loop must go on regardless
      .finally(() => {
        this.#inflight = undefined;
        this.#afterIteration(ts);
      });
  }

  #afterIteration(ts: number): void {
    const interval = this.group.def.interval;
    const now = this.clock.now();
    const missed = Math.floor((now - ts) / interval) - 1;
    if (missed > 0) {
      this.metrics?.iterationsMissed.inc({ rule_group: this.group.key }, missed);
      this.metrics?.iterations.inc({ rule_group: this.group.key }, missed);
    }
    this.nextSlotMs = ts + (Math.max(0, missed) + 1) * interval;
    this.#schedule(now);
  }

  /** Stops scheduling and waits for an in-flight iteration to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = undefined;
    await this.#inflight;
  }
}
