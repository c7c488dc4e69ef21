// The notification history: every send attempt (who, what, when, outcome) in SQLite, with retention.
import type { Clock } from '../model/clock.js';
import type { Db, Migration } from './schema.js';

/** The migration domain of the history table. */
export const HISTORY_DOMAIN = 'notification_history';

/** How an attempt ended: delivered, failed but retryable, or failed for good. */
export type AttemptOutcome = 'success' | 'retry' | 'failed';

/** The outcomes, for validation of API filters. */
export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['success', 'retry', 'failed'];

/** One send attempt of one integration for one group. */
export interface NotificationAttempt {
  /** Assigned by the store; increasing. */
  readonly id?: number;
  /** When the attempt started (epoch ms). */
  readonly time: number;
  readonly receiver: string;
  /** Integration type (`email`, `slack`, ...). */
  readonly integration: string;
  /** Position among the receiver's integrations of that type. */
  readonly index: number;
  readonly groupKey: string;
  readonly fingerprints: readonly string[];
  readonly firing: number;
  readonly resolved: number;
  readonly outcome: AttemptOutcome;
  /** The notifier's error text (never contains secrets). */
  readonly error?: string;
  readonly latencyMs: number;
}

/** Filters of `GET /api/v1/notifications`; results are newest first. */
export interface HistoryQuery {
  readonly receiver?: string;
  readonly integration?: string;
  readonly outcome?: AttemptOutcome;
  readonly groupKey?: string;
  /** Inclusive lower bound on `time` (epoch ms). */
  readonly since?: number;
  /** Inclusive upper bound on `time` (epoch ms). */
  readonly until?: number;
  /** At most this many (default 100, capped at 10,000). */
  readonly limit?: number;
}

const DDL =
  'CREATE TABLE IF NOT EXISTS notification_history (' +
  'id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, receiver TEXT NOT NULL, ' +
  'integration TEXT NOT NULL, idx INTEGER NOT NULL, group_key TEXT NOT NULL, fingerprints TEXT NOT NULL, ' +
  'firing INTEGER NOT NULL, resolved INTEGER NOT NULL, outcome TEXT NOT NULL, error TEXT, latency_ms REAL NOT NULL);' +
  'CREATE INDEX IF NOT EXISTS notification_history_time ON notification_history(time);' +
  'CREATE INDEX IF NOT EXISTS notification_history_receiver ON notification_history(receiver, time);';

/** Numbered migrations of the history table; append, never edit. */
export const HISTORY_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'notification history', up: (db) => db.exec(DDL) },
];

/** Options of the history store. */
export interface HistoryOptions {
  /** How long attempts are kept; 0 keeps them forever. */
  readonly retentionMs: number;
  readonly clock: Clock;
  /** The store's migration runner, when the history lives in Vigil's store. */
  readonly registerMigrations?: (domain: string, migrations: readonly Migration[]) => void;
}

interface Row {
  id: number;
  time: number;
  receiver: string;
  integration: string;
  idx: number;
  group_key: string;
  fingerprints: string;
  firing: number;
  resolved: number;
  outcome: AttemptOutcome;
  error: string | null;
  latency_ms: number;
}

const PRUNE_EVERY = 256;

/** Writes attempts through to SQLite and answers history queries. */
export class NotificationHistory {
  private readonly insert;
  private writes = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: HistoryOptions,
  ) {
    if (opts.registerMigrations) opts.registerMigrations(HISTORY_DOMAIN, HISTORY_MIGRATIONS);
    else db.exec(DDL);
    this.insert = db.prepare(
      'INSERT INTO notification_history (time, receiver, integration, idx, group_key, fingerprints, firing, resolved, outcome, error, latency_ms) ' +
        'VALUES (@time, @receiver, @integration, @idx, @group_key, @fingerprints, @firing, @resolved, @outcome, @error, @latency_ms)',
    );
  }

  /** Stores one attempt; old attempts are pruned now and then. Returns the attempt with its id. */
  record(a: NotificationAttempt): NotificationAttempt {
    const info = this.insert.run({
      time: a.time,
      receiver: a.receiver,
      integration: a.integration,
      idx: a.index,
      group_key: a.groupKey,
      fingerprints: JSON.stringify(a.fingerprints),
      firing: a.firing,
      resolved: a.resolved,
      outcome: a.outcome,
      error: a.error ?? null,
      latency_ms: a.latencyMs,
    });
    if (++this.writes % PRUNE_EVERY === 0) this.prune();
    return { ...a, id: Number(info.lastInsertRowid) };
  }

  /** Deletes attempts older than the retention; returns how many were removed. */
  prune(): number {
    if (this.opts.retentionMs <= 0) return 0;
    const cutoff = this.opts.clock.now() - this.opts.retentionMs;
    return this.db.prepare('DELETE FROM notification_history WHERE time < ?').run(cutoff).changes;
  }

  /** Attempts matching every given filter, newest first. */
  query(q: HistoryQuery = {}): NotificationAttempt[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    const eq = (col: string, v: string | undefined): void => {
      if (v !== undefined) {
        where.push(`${col} = ?`);
        params.push(v);
      }
    };
    eq('receiver', q.receiver);
    eq('integration', q.integration);
    eq('outcome', q.outcome);
    eq('group_key', q.groupKey);
    if (q.since !== undefined) {
      where.push('time >= ?');
      params.push(q.since);
    }
    if (q.until !== undefined) {
      where.push('time <= ?');
      params.push(q.until);
    }
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    const sql =
      'SELECT * FROM notification_history' +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY time DESC, id DESC LIMIT ?';
    const rows = this.db.prepare(sql).all(...params, limit) as Row[];
    return rows.map(fromRow);
  }
}

function fromRow(r: Row): NotificationAttempt {
  return {
    id: r.id,
    time: r.time,
    receiver: r.receiver,
    integration: r.integration,
    index: r.idx,
    groupKey: r.group_key,
    fingerprints: JSON.parse(r.fingerprints) as string[],
    firing: r.firing,
    resolved: r.resolved,
    outcome: r.outcome,
    ...(r.error !== null ? { error: r.error } : {}),
    latencyMs: r.latency_ms,
  };
}
