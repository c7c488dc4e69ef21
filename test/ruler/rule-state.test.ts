import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuleStateTable, parseRuleStateRow, type PersistedAlert } from '../../src/store/rule-state.js';
import { openStore, type Store } from '../../src/store/store.js';

let dir: string | undefined;
let store: Store | undefined;
afterEach(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  store = undefined;
  dir = undefined;
});

const alert: PersistedAlert = {
  labels: { alertname: 'A', job: 'j' },
  annotations: { s: 'x' },
  state: 'pending',
  value: NaN,
  activeAtMs: 1000,
  firedAtMs: 0,
  resolvedAtMs: 0,
  lastSentAtMs: 0,
  validUntilMs: 0,
  keepFiringSinceMs: 0,
};

describe('RuleStateTable', () => {
  it('saves, reloads after reopening, replaces and deletes by group', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-rulestate-'));
    store = openStore(dir);
    const t = new RuleStateTable(store);
    t.saveRule('f.yml;g', 'A\xfek', [alert]);
    t.saveRule('f.yml;g', 'B\xfek', []);
    t.saveRule('f.yml;h', 'A\xfek', [{ ...alert, state: 'firing', firedAtMs: 2000 }]);
    await store.flush();
    store.close();
    store = openStore(dir);
    const t2 = new RuleStateTable(store);
    expect(store.schemaVersion('ruler')).toBe(1);
    const all = t2.loadAll().sort((a, b) => (a.groupKey + a.ruleKey < b.groupKey + b.ruleKey ? -1 : 1));
    expect(all.map((s) => [s.groupKey, s.ruleKey, s.alerts.map((a) => a.state)])).toEqual([
      ['f.yml;g', 'A\xfek', ['pending']],
      ['f.yml;g', 'B\xfek', []],
      ['f.yml;h', 'A\xfek', ['firing']],
    ]);
    expect(all[0]?.alerts[0]?.value).toBeNaN();
    t2.deleteGroup('f.yml;g');
    await store.flush();
    expect(t2.loadAll().map((s) => s.groupKey)).toEqual(['f.yml;h']);
  });

  it.each([
    ['not json'],
    ['{"groupKey":1}'],
    ['{"groupKey":"g","ruleKey":"r","alerts":[{"state":"weird"}]}'],
  ])('skips or cleans bad row %s', (text) => {
    const r = parseRuleStateRow(text);
    expect(r === undefined || r.alerts.length === 0).toBe(true);
  });
});
