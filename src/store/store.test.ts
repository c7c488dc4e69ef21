import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonTableDDL, openStore } from './store.js';
import type { Store } from './store.js';

let dir: string;
let store: Store | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
});
afterEach(() => {
  store?.close();
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates vigil.db in WAL mode with the core tables', () => {
    store = openStore(dir);
    expect(store.path).toBe(join(dir, 'vigil.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.schemaVersion('core')).toBe(1);
  });

  it('opens a private in-memory database for :memory:', async () => {
    const mem = openStore(':memory:');
    await mem.silences.put('a', '1');
    expect(mem.silences.get('a')?.value).toBe('1');
    expect(mem.schemaVersion('core')).toBe(1);
    mem.close();
  });

  it('uses synchronous=FULL when asked for full durability', () => {
    store = openStore(dir, { durability: 'full' });
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it.each(['silences', 'nflog', 'alerts'] as const)('%s: put, get, delete', async (name) => {
    store = openStore(dir);
    const t = store[name];
    await t.put('k1', '{"a":1}', 123);
    expect(t.get('k1')).toEqual({ key: 'k1', value: '{"a":1}', expiresAt: 123 });
    await t.put('k1', '{"a":2}');
    expect(t.get('k1')).toEqual({ key: 'k1', value: '{"a":2}', expiresAt: null });
    await t.delete('k1');
    expect(t.get('k1')).toBeUndefined();
  });

  it('acknowledges a write only once another connection can read it', async () => {
    store = openStore(dir);
    await store.alerts.put('fp', '{}');
    const other = new Database(join(dir, 'vigil.db'), { readonly: true });
    expect(other.prepare('SELECT value FROM alerts WHERE key = ?').get('fp')).toEqual({ value: '{}' });
    other.close();
  });

  it('commits a burst of writes in one transaction and coalesces rewrites of a key', async () => {
    store = openStore(dir);
    const before = store.commits;
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 10_000; i++) writes.push(store.alerts.put(`fp${i % 5000}`, `{"i":${i}}`));
    await Promise.all(writes);
    expect(store.commits - before).toBe(1);
    expect(store.alerts.count()).toBe(5000);
    expect(store.alerts.get('fp0')?.value).toBe('{"i":5000}');
  });

  it('keeps data across close and reopen', async () => {
    store = openStore(dir);
    await store.silences.put('s1', '{"id":"s1"}', 1000);
    await store.nflog.put('n1', '{}', 2000);
    store.close();
    store = openStore(dir);
    expect(store.silences.all()).toEqual([{ key: 's1', value: '{"id":"s1"}', expiresAt: 1000 }]);
    expect(store.nflog.count()).toBe(1);
    expect(store.schemaVersion('core')).toBe(1);
  });

  it('commits queued writes on close without awaiting them', () => {
    store = openStore(dir);
    void store.alerts.put('a', '1');
    store.close();
    store = openStore(dir);
    expect(store.alerts.get('a')?.value).toBe('1');
  });

  it('deletes expired rows only', async () => {
    store = openStore(dir);
    await Promise.all([
      store.nflog.put('old', '{}', 100),
      store.nflog.put('new', '{}', 300),
      store.nflog.put('keep', '{}'),
    ]);
    expect(store.nflog.deleteExpired(200)).toBe(1);
    expect(
      store.nflog
        .all()
        .map((r) => r.key)
        .sort(),
    ).toEqual(['keep', 'new']);
  });

  it('rejects the acknowledgement when the commit fails', async () => {
    store = openStore(dir);
    store.db.exec(
      "CREATE TABLE strict_t (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL CHECK (value <> 'bad'), expires_at INTEGER)",
    );
    const t = store.table('strict_t');
    await expect(t.put('k', 'bad')).rejects.toThrow(/CHECK constraint failed/);
    await t.put('k', 'good');
    expect(t.get('k')?.value).toBe('good');
  });
});

describe('registerMigrations', () => {
  const ruler = [
    { version: 1, name: 'json', up: (db: Database.Database) => db.exec(jsonTableDDL('rule_state')) },
    { version: 2, up: (db: Database.Database) => db.exec('CREATE TABLE rule_extra (x INTEGER)') },
  ];

  it('applies a domain once, in order, and remembers it across reopen', async () => {
    store = openStore(dir);
    store.registerMigrations('ruler', ruler);
    expect(store.schemaVersion('ruler')).toBe(2);
    await store.table('rule_state').put('r', '{}');
    store.close();
    store = openStore(dir);
    store.registerMigrations('ruler', ruler);
    expect(store.schemaVersion('ruler')).toBe(2);
    expect(store.table('rule_state').get('r')?.value).toBe('{}');
  });

  it('applies only the new migrations when a domain grows', () => {
    store = openStore(dir);
    store.registerMigrations('ruler', ruler.slice(0, 1));
    expect(store.schemaVersion('ruler')).toBe(1);
    store.registerMigrations('ruler', ruler);
    expect(store.schemaVersion('ruler')).toBe(2);
  });

  it.each([
    [[{ version: 0, up: () => undefined }]],
    [
      [
        { version: 1, up: () => undefined },
        { version: 1, up: () => undefined },
      ],
    ],
  ])('refuses invalid version numbers %#', (ms) => {
    store = openStore(dir);
    expect(() => store?.registerMigrations('x', ms)).toThrow(/invalid or duplicate version/);
  });

  it('rolls back a failing migration and records nothing', () => {
    store = openStore(dir);
    const bad = [
      { version: 1, up: (db: Database.Database) => db.exec('CREATE TABLE t1 (x); SELECT nope FROM missing') },
    ];
    expect(() => store?.registerMigrations('bad', bad)).toThrow();
    expect(store.schemaVersion('bad')).toBe(0);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 't1'").get()).toBeUndefined();
  });
});
