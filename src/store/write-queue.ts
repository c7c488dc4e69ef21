// Coalesces writes from every table into one transaction per event-loop turn.
import type Database from 'better-sqlite3';

// The host's own setImmediate, taken at load: fake timers installed later by a test must not
// hold back commits (a write's promise would then never settle).
const nextTurn: (fn: () => void) => void = globalThis.setImmediate.bind(globalThis);

/** A queued change of one key: a new value, or `null` for a delete. */
export interface PendingWrite {
  readonly value: string;
  readonly expiresAt: number | null;
}

/** What a table contributes to a commit: its statements, run inside the shared transaction. */
export interface QueueParticipant {
  /** Writes the table's pending changes with its prepared statements and clears them. */
  drain(): void;
  /** Forgets pending changes after a failed commit (they were not written). */
  discard(): void;
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Batches writes: participants register pending changes, and the queue commits them all in one
 * transaction in the check phase of the current event-loop turn (after every request that
 * arrived in this turn has been handled), then settles every waiting promise. Under load, many
 * small POSTs thus share one commit; callers that acknowledge a write await its promise.
 */
export class WriteQueue {
  private readonly participants = new Set<QueueParticipant>();
  private waiters: Waiter[] = [];
  private scheduled = false;
  private closed = false;
  /** How many batch transactions committed; for metrics and tests. */
  commits = 0;

  constructor(private readonly db: Database.Database) {}

  /** Marks `p` as having pending changes and returns a promise settled by the next commit. */
  enqueue(p: QueueParticipant): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    this.participants.add(p);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      nextTurn(() => this.commitSettled());
    }
    return done;
  }

  /** Commits now and resolves when done; rejects if the commit failed. */
  flush(): Promise<void> {
    if (this.participants.size === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.commitSettled();
    return done;
  }

  /** Commits synchronously (before reads, migrations and close); throws if the commit failed. */
  flushSync(): void {
    if (this.participants.size === 0) return;
    const err = this.commitSettled();
    if (err !== undefined) throw err;
  }

  /** Refuses further writes. */
  close(): void {
    this.closed = true;
  }

  private commitSettled(): unknown {
    this.scheduled = false;
    const parts = [...this.participants];
    const waiters = this.waiters;
    this.participants.clear();
    this.waiters = [];
    if (parts.length === 0) {
      for (const w of waiters) w.resolve();
      return undefined;
    }
    try {
      this.db.transaction(() => {
        for (const p of parts) p.drain();
      })();
    } catch (e) {
      for (const p of parts) p.discard();
      for (const w of waiters) w.reject(e);
      return e;
    }
    this.commits++;
    for (const w of waiters) w.resolve();
    return undefined;
  }
}
