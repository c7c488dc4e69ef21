import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Alert } from '../model/alert.js';
import { AlertRepository, decodeAlert, encodeAlert } from './alert-repository.js';
import { openStore } from './store.js';
import type { Store } from './store.js';

let dir: string | undefined;
let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function alert(i: number): Alert {
  return {
    labels: { alertname: 'A', instance: `i${i}` },
    annotations: { summary: 's' },
    startsAt: 1000 + i,
    endsAt: 0,
    generatorURL: 'http://x',
    updatedAt: 2000,
    timeout: true,
    fingerprint: `fp${i}`,
  };
}

it('saves 20k alerts in one commit and reloads them after reopening', async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
  store = openStore(dir);
  const repo = new AlertRepository(store.alerts);
  const alerts = Array.from({ length: 20_000 }, (_, i) => alert(i));
  const before = store.commits;
  await repo.save(alerts);
  expect(store.commits - before).toBe(1);
  await repo.delete(['fp0', 'fp1']);
  store.close();
  store = openStore(dir);
  const loaded = new AlertRepository(store.alerts).loadAll();
  expect(loaded).toHaveLength(19_998);
  expect(loaded.find((a) => a.fingerprint === 'fp7')).toEqual(alert(7));
});

it.each(['not json', '{}', '{"labels":{},"annotations":{},"startsAt":"x"}'])(
  'skips unreadable rows: %s',
  (text) => {
    expect(decodeAlert(text)).toBeUndefined();
  },
);

it('keys rows by an increasing sequence and keeps them apart across restarts', async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
  store = openStore(dir);
  const first = new AlertRepository(store.alerts, 2_000_000);
  await first.save([alert(2), alert(1)]);
  const keys = store.alerts.all().map((r) => r.key);
  expect(keys).toEqual([...keys].sort());
  expect(keys).toHaveLength(2);
  // A second process whose clock reads earlier must not reuse the first process' keys.
  const second = new AlertRepository(store.alerts, 1_000_000);
  expect(
    second
      .loadAll()
      .map((a) => a.fingerprint)
      .sort(),
  ).toEqual(['fp1', 'fp2']);
  await second.save([alert(3), { ...alert(1), updatedAt: 9000 }]);
  const rows = store.alerts.all();
  expect(rows).toHaveLength(3);
  expect(second.loadAll().find((a) => a.fingerprint === 'fp1')?.updatedAt).toBe(9000);
});

it('applies a delete after a save of the same burst, and shares one promise per burst', async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-alerts-'));
  store = openStore(dir);
  const repo = new AlertRepository(store.alerts);
  const a = repo.save([alert(1)]);
  const b = repo.save([alert(2)]);
  expect(a).toBe(b);
  const del = repo.delete(['fp1']);
  const flushed = repo.flushed();
  expect(store.commits).toBe(0);
  await flushed;
  expect(store.commits).toBe(1);
  await Promise.all([a, del]);
  expect(repo.loadAll().map((x) => x.fingerprint)).toEqual(['fp2']);
});

it.each<[string, Alert]>([
  ['plain', alert(1)],
  [
    'escapes, unicode and odd numbers',
    {
      ...alert(2),
      labels: { 'a"b': 'x\\y\n', ü: '\u2028 \ud83d\ude00 \ud800' },
      annotations: {},
      startsAt: -62135596800000,
      endsAt: 1.5,
      generatorURL: '</script>',
      timeout: false,
    },
  ],
])('encodes %s exactly as JSON.stringify of the fields and decodes it back', (_name, a) => {
  const text = encodeAlert(a);
  expect(text).toBe(
    JSON.stringify({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      generatorURL: a.generatorURL,
      updatedAt: a.updatedAt,
      timeout: a.timeout,
      fingerprint: a.fingerprint,
    }),
  );
  expect(decodeAlert(text)).toEqual(a);
});
