// Schema building blocks shared by the store and every domain that registers migrations.
import type Database from 'better-sqlite3';

/** A connection to the database, as better-sqlite3 exposes it. */
export type Db = Database.Database;

/** One schema change of a domain; `version` numbers start at 1 and never repeat. */
export interface Migration {
  readonly version: number;
  /** A short human description stored alongside the version. */
  readonly name?: string;
  readonly up: (db: Db) => void;
}

/** Throws unless `name` is a plain lower-case SQL identifier (table names are interpolated). */
export function assertIdent(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid table name ${JSON.stringify(name)}`);
}

/** SQL creating a key → JSON table with an optional expiry, the shape `JsonTable` needs. */
export function jsonTableDDL(name: string): string {
  assertIdent(name);
  return (
    `CREATE TABLE ${name} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;` +
    `CREATE INDEX ${name}_expires ON ${name}(expires_at) WHERE expires_at IS NOT NULL;`
  );
}
