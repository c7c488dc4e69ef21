/**
 * The source of time for schedulers and state machines, injected so tests control it.
 * Domain code never calls `Date.now()` directly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real wall clock, for production wiring in `app/`. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when a test tells it to. */
export class ManualClock implements Clock {
  constructor(private ms = 0) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
