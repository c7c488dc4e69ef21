// A manual clock plus a timer queue, so scheduler tests run on fake time with real promises.
import { ManualClock } from '../../src/model/clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** Lets microtasks and immediate callbacks run (fake datasources resolve at once). */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Fake time: `setTimer` queues callbacks, `advanceTo` moves the clock and fires them in order. */
export class FakeTime {
  readonly clock: ManualClock;
  #timers: Timer[] = [];
  #seq = 0;

  constructor(startMs: number) {
    this.clock = new ManualClock(startMs);
  }

  readonly setTimer = (fn: () => void, delayMs: number): (() => void) => {
    const t: Timer = { at: this.clock.now() + Math.max(0, delayMs), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(t);
    return () => {
      t.cancelled = true;
    };
  };

  /** Pending timers' due times, earliest first. */
  pending(): number[] {
    return this.#timers
      .filter((t) => !t.cancelled)
      .map((t) => t.at)
      .sort((a, b) => a - b);
  }

  /** Moves time forward to `ms`, firing due timers one by one and letting their work settle. */
  async advanceTo(ms: number): Promise<void> {
    for (;;) {
      const due = this.#timers
        .filter((t) => !t.cancelled && t.at <= ms)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      if (due.at > this.clock.now()) this.clock.set(due.at);
      due.fn();
      await settle();
    }
    if (ms > this.clock.now()) this.clock.set(ms);
    await settle();
  }

  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.clock.now() + ms);
  }
}
