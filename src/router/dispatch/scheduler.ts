// One timer for the whole router: a min-heap of due times driven by an injected clock.
import type { Clock } from '../../model/clock.js';

/** The host timer the scheduler arms (one at a time); tests pass fake timers. */
export interface TimerHost {
  set(fn: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

/**
 * Node's own timers, for production wiring. A task already due runs on `setImmediate`: Node
 * clamps `setTimeout(fn, 0)` to 1 ms, which would delay every `group_wait: 0s` notification.
 */
export const nodeTimers: TimerHost = {
  set: (fn, ms) => {
    if (ms <= 0) return { immediate: setImmediate(fn) };
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => {
    if (typeof h === 'object' && h !== null && 'immediate' in h) {
      clearImmediate((h as { immediate: ReturnType<typeof setImmediate> }).immediate);
    } else clearTimeout(h as ReturnType<typeof setTimeout>);
  },
};

/** A scheduled task; cancel it, or ask when it is due. */
export interface Task {
  readonly at: number;
  cancel(): void;
  readonly cancelled: boolean;
}

interface Entry extends Task {
  at: number;
  cancelled: boolean;
  seq: number;
  readonly fn: (now: number) => void;
}

/**
 * Runs callbacks at given times using a binary min-heap and a single host timer, so 100k groups
 * cost one pending timer. Cancelled entries are dropped lazily when they reach the top.
 */
export class Scheduler {
  readonly #heap: Entry[] = [];
  #handle: unknown = undefined;
  #armedAt = Infinity;
  #seq = 0;
  #stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly timers: TimerHost = nodeTimers,
  ) {}

  /** Runs `fn(now)` once `at` has come (at the earliest on the next timer turn). */
  at(at: number, fn: (now: number) => void): Task {
    const entry: Entry = {
      at,
      fn,
      seq: this.#seq++,
      cancelled: false,
      cancel: () => {
        entry.cancelled = true;
      },
    };
    this.#push(entry);
    this.#arm();
    return entry;
  }

  /** Number of live (not cancelled) tasks, for tests and metrics. */
  get pending(): number {
    return this.#heap.filter((e) => !e.cancelled).length;
  }

  /** Cancels the host timer; no task runs afterwards. */
  stop(): void {
    this.#stopped = true;
    if (this.#handle !== undefined) this.timers.clear(this.#handle);
    this.#handle = undefined;
  }

  #arm(): void {
    if (this.#stopped) return;
    const top = this.#peekLive();
    if (top === undefined) return;
    if (this.#handle !== undefined && this.#armedAt <= top.at) return;
    if (this.#handle !== undefined) this.timers.clear(this.#handle);
    this.#armedAt = top.at;
    this.#handle = this.timers.set(() => this.#fire(), Math.max(0, top.at - this.clock.now()));
  }

  #fire(): void {
    this.#handle = undefined;
    this.#armedAt = Infinity;
    const now = this.clock.now();
    for (;;) {
      const top = this.#peekLive();
      if (top === undefined || top.at > now || this.#stopped) break;
      this.#pop();
      top.cancelled = true;
      top.fn(now);
    }
    this.#arm();
  }

  #peekLive(): Entry | undefined {
    while (this.#heap.length > 0 && this.#heap[0]?.cancelled) this.#pop();
    return this.#heap[0];
  }

  #less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(e: Entry): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as Entry;
      if (!this.#less(e, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = e;
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && this.#less(h[r] as Entry, h[l] as Entry) ? r : l;
      if (!this.#less(h[c] as Entry, last)) break;
      h[i] = h[c] as Entry;
      i = c;
    }
    h[i] = last;
  }
}
