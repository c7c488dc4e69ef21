import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonTableDDL } from './schema.js';
import { JsonTable } from './table.js';
import { WriteQueue } from './write-queue.js';

let db: Database.Database | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

function table(): { t: JsonTable; q: WriteQueue } {
  db = new Database(':memory:');
  db.exec(jsonTableDDL('t'));
  const q = new WriteQueue(db);
  return { t: new JsonTable(db, 't', q), q };
}

describe('JsonTable batch writes', () => {
  // Rows are written 32 per statement and the rest one by one: sizes around that boundary.
  it.each([1, 31, 32, 33, 100])(
    'writes %i rows with deletes in between exactly, in one commit',
    async (n) => {
      const { t, q } = table();
      await t.putMany([
        { key: 'gone', value: 'x' },
        { key: 'k0', value: 'old', expiresAt: 5 },
      ]);
      const before = q.commits;
      const rows = Array.from({ length: n }, (_, i) => ({
        key: `k${i}`,
        value: `v${i}`,
        expiresAt: i % 2 ? i : null,
      }));
      const writes = [t.putMany(rows.slice(0, n >> 1)), t.delete('gone'), t.putMany(rows.slice(n >> 1))];
      await Promise.all(writes);
      expect(q.commits - before).toBe(1);
      const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : 1);
      expect(t.all().sort(byKey)).toEqual(
        rows.map((r) => ({ key: r.key, value: r.value, expiresAt: r.expiresAt })).sort(byKey),
      );
    },
  );
});
