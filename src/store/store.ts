/**
 * The embedded SQLite store: one file `<dir>/vigil.db` on better-sqlite3.
 *
 * How to use it from another domain (e.g. the ruler's alert state):
 *   const store = openStore(dir);
 *   store.registerMigrations('ruler', [
 *     { version: 1, up: (db) => db.exec('CREATE TABLE rule_alerts (...)') },
 *   ]);
 *   // then use store.db (prepare statements once, reuse them), or a JsonTable:
 *   const t = store.table('rule_alerts_json'); // needs a migration creating it via jsonTableDDL()
 *
 * Migrations are numbered per domain and recorded in `schema_migrations(domain, version)`; each
 * runs once, in its own transaction, in ascending order. Never edit a shipped migration: add one.
 *
 * Durability. The database runs in WAL mode with `synchronous=NORMAL` by default: a committed
 * transaction is in the WAL file (the OS page cache) when `commit` returns, so killing the
 * process (even `kill -9`) loses nothing that was committed; only an OS crash or power loss may
 * roll back the last commits (never corrupting the file). `durability: 'full'` switches to
 * `synchronous=FULL` (an fsync per commit) for power-loss safety at a latency cost.
 *
 * Writes through a JsonTable are queued and committed together in one transaction once per
 * event-loop turn, so a burst of 100k alerts (or many concurrent POSTs) costs one commit. The promise a
 * write returns resolves only after its transaction committed: "acknowledged" means "committed".
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CORE_MIGRATIONS, CORE_DOMAIN } from './migrations.js';
import type { Db, Migration } from './schema.js';
import { assertIdent } from './schema.js';
import { JsonTable } from './table.js';
import { WriteQueue } from './write-queue.js';

export type { Db, Migration } from './schema.js';
export { jsonTableDDL } from './schema.js';

/** Options for {@link openStore}. */
export interface StoreOptions {
  /** `normal` (default) survives process crashes; `full` also survives power loss. */
  readonly durability?: 'normal' | 'full';
}

/** The store every stateful part of Vigil writes through. */
export interface Store {
  /** The raw connection, for domains with their own tables and statements. */
  readonly db: Db;
  /** The path of the database file. */
  readonly path: string;
  /** Applies the not-yet-applied migrations of `domain` now; idempotent across restarts. */
  registerMigrations(domain: string, migrations: readonly Migration[]): void;
  /** The highest applied migration version of `domain`, 0 when none. */
  schemaVersion(domain: string): number;
  /** A key → JSON table created by a migration with `jsonTableDDL`, sharing the queue. */
  table(name: string): JsonTable;
  /** Silences by ID. */
  readonly silences: JsonTable;
  /** Notification-log entries by their composite key. */
  readonly nflog: JsonTable;
  /** Active router alerts by fingerprint. */
  readonly alerts: JsonTable;
  /** How many batched write transactions committed since open. */
  readonly commits: number;
  /** Commits every queued write now; resolves when committed. */
  flush(): Promise<void>;
  /** Runs `fn` inside one transaction after committing queued writes. */
  transaction<T>(fn: () => T): T;
  /** Commits queued writes and closes the database. */
  close(): void;
}

/**
 * Opens (creating if needed) `<dir>/vigil.db`, configures it and applies the core migrations.
 * `dir` = `:memory:` gives a private in-memory database (tests, `--storage.path` unset).
 */
export function openStore(dir: string, opts: StoreOptions = {}): Store {
  const path = dir === ':memory:' ? ':memory:' : join(dir, 'vigil.db');
  if (path !== ':memory:') mkdirSync(dir, { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (domain TEXT NOT NULL, version INTEGER NOT NULL, ' +
      'name TEXT NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY (domain, version)) WITHOUT ROWID',
  );
  const queue = new WriteQueue(db);
  const tables = new Map<string, JsonTable>();
  const store: Store = {
    db,
    path,
    registerMigrations: (domain, migrations) => {
      queue.flushSync();
      applyMigrations(db, domain, migrations);
    },
    schemaVersion: (domain) => schemaVersion(db, domain),
    table: (name) => {
      assertIdent(name);
      let t = tables.get(name);
      if (!t) {
        t = new JsonTable(db, name, queue);
        tables.set(name, t);
      }
      return t;
    },
    get silences() {
      return store.table('silences');
    },
    get nflog() {
      return store.table('nflog');
    },
    get alerts() {
      return store.table('alerts');
    },
    get commits() {
      return queue.commits;
    },
    flush: () => queue.flush(),
    transaction: (fn) => {
      queue.flushSync();
      return db.transaction(fn)();
    },
    close: () => {
      try {
        queue.flushSync();
      } finally {
        queue.close();
        db.close();
      }
    },
  };
  store.registerMigrations(CORE_DOMAIN, CORE_MIGRATIONS);
  return store;
}

function schemaVersion(db: Db, domain: string): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE domain = ?').get(domain) as
    { v: number | null } | undefined;
  return row?.v ?? 0;
}

function applyMigrations(db: Db, domain: string, migrations: readonly Migration[]): void {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]?.version ?? 0;
    if (!Number.isInteger(v) || v < 1 || sorted[i - 1]?.version === v) {
      throw new Error(`migrations of ${domain}: invalid or duplicate version ${v}`);
    }
  }
  const current = schemaVersion(db, domain);
  const record = db.prepare(
    'INSERT INTO schema_migrations (domain, version, name, applied_at) VALUES (?, ?, ?, ?)',
  );
  for (const m of sorted) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      record.run(domain, m.version, m.name ?? '', Date.now());
    })();
  }
}
