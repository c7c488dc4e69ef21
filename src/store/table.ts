// A key → JSON text table with an optional expiry, written through the shared write queue.
import type Database from 'better-sqlite3';
import type { PendingWrite, QueueParticipant, WriteQueue } from './write-queue.js';

/** One stored row. */
export interface JsonRecord {
  readonly key: string;
  /** The JSON text the owner stored; the store never parses it. */
  readonly value: string;
  /** Epoch milliseconds after which the row may be garbage-collected; null = never. */
  readonly expiresAt: number | null;
}

/** Rows per multi-row upsert statement: one call into SQLite writes this many rows. */
const CHUNK = 32;

interface Row {
  key: string;
  value: string;
  expires_at: number | null;
}

/**
 * A repository over one table: writes are queued and committed in batches (the returned promise
 * resolves once committed), reads first commit what is queued so they see every write.
 */
export class JsonTable implements QueueParticipant {
  private pending = new Map<string, PendingWrite | null>();
  private readonly upsertStmt: Database.Statement;
  private readonly upsertChunkStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly allStmt: Database.Statement;
  private readonly countStmt: Database.Statement;
  private readonly gcStmt: Database.Statement;

  constructor(
    db: Database.Database,
    readonly name: string,
    private readonly queue: WriteQueue,
  ) {
    const upsert = (rows: number): string =>
      `INSERT INTO ${name} (key, value, expires_at) VALUES ${new Array<string>(rows).fill('(?, ?, ?)').join(', ')} ` +
      'ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at';
    this.upsertStmt = db.prepare(upsert(1));
    this.upsertChunkStmt = db.prepare(upsert(CHUNK));
    this.deleteStmt = db.prepare(`DELETE FROM ${name} WHERE key = ?`);
    this.getStmt = db.prepare(`SELECT key, value, expires_at FROM ${name} WHERE key = ?`);
    this.allStmt = db.prepare(`SELECT key, value, expires_at FROM ${name}`);
    this.countStmt = db.prepare(`SELECT COUNT(*) AS n FROM ${name}`);
    this.gcStmt = db.prepare(`DELETE FROM ${name} WHERE expires_at IS NOT NULL AND expires_at <= ?`);
  }

  /** Inserts or replaces `key`; resolves when committed. */
  put(key: string, value: string, expiresAt: number | null = null): Promise<void> {
    this.pending.set(key, { value, expiresAt });
    return this.queue.enqueue(this);
  }

  /** Inserts or replaces many rows with one acknowledgement; resolves when committed. */
  putMany(rows: Iterable<{ key: string; value: string; expiresAt?: number | null }>): Promise<void> {
    for (const r of rows) this.pending.set(r.key, { value: r.value, expiresAt: r.expiresAt ?? null });
    return this.queue.enqueue(this);
  }

  /** Deletes many keys with one acknowledgement; resolves when committed. */
  deleteMany(keys: Iterable<string>): Promise<void> {
    for (const k of keys) this.pending.set(k, null);
    return this.queue.enqueue(this);
  }

  /** Deletes `key` (a no-op when absent); resolves when committed. */
  delete(key: string): Promise<void> {
    this.pending.set(key, null);
    return this.queue.enqueue(this);
  }

  /** Reads one row, seeing queued writes. */
  get(key: string): JsonRecord | undefined {
    this.queue.flushSync();
    const row = this.getStmt.get(key) as Row | undefined;
    return row && toRecord(row);
  }

  /** Every row, seeing queued writes; used to load state at startup. */
  all(): JsonRecord[] {
    this.queue.flushSync();
    return (this.allStmt.all() as Row[]).map(toRecord);
  }

  /** The number of rows, seeing queued writes. */
  count(): number {
    this.queue.flushSync();
    return (this.countStmt.get() as { n: number }).n;
  }

  /** Deletes rows whose expiry is at or before `now`; returns how many. */
  deleteExpired(now: number): number {
    this.queue.flushSync();
    return this.gcStmt.run(now).changes;
  }

  /** @internal Called by the queue inside the batch transaction. */
  drain(): void {
    // Keys are distinct (a map), so the rows of one multi-row upsert never conflict with each other.
    const chunk: unknown[] = [];
    for (const [key, w] of this.pending) {
      if (w === null) {
        this.deleteStmt.run(key);
        continue;
      }
      chunk.push(key, w.value, w.expiresAt);
      if (chunk.length === CHUNK * 3) {
        this.upsertChunkStmt.run(chunk);
        chunk.length = 0;
      }
    }
    for (let i = 0; i < chunk.length; i += 3) this.upsertStmt.run(chunk[i], chunk[i + 1], chunk[i + 2]);
    this.pending = new Map();
  }

  /** @internal Called by the queue when the batch transaction failed. */
  discard(): void {
    this.pending = new Map();
  }
}

function toRecord(r: Row): JsonRecord {
  return { key: r.key, value: r.value, expiresAt: r.expires_at };
}
