import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Alert } from '../model/alert.js';
import { AlertRepository, decodeAlert } from './alert-repository.js';
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
