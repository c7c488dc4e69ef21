import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { runAndKill } from './kill-helper.js';

const here = dirname(fileURLToPath(import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('keeps every acknowledged write after kill -9', async () => {
  const acked = await runAndKill(join(here, 'kill-child.ts'), dir, 20);
  expect(acked).toBeGreaterThanOrEqual(20);
  const store = openStore(dir);
  try {
    for (let n = 1; n <= acked; n++) {
      expect(store.silences.get(`sil-${n}`)?.value).toBe(JSON.stringify({ n }));
      expect(store.alerts.get(`fp-${n}-99`)?.value).toBe(JSON.stringify({ n, i: 99 }));
    }
    expect(store.alerts.count()).toBeGreaterThanOrEqual(acked * 100);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    store.close();
  }
});
