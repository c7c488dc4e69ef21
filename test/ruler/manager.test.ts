import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { referencedMetrics } from '../../src/promql/metrics.js';
import { RuleManager, type ManagerEnv } from '../../src/rules/manager.js';
import { createRuleMetrics } from '../../src/rules/metrics.js';
import { DEFAULT_RESTORE_OPTIONS } from '../../src/rules/restore.js';
import { evalTimestamp } from '../../src/rules/slot.js';
import { openStore, type Store } from '../../src/store/store.js';
import { RuleStateTable } from '../../src/store/rule-state.js';
import { FakeTime } from './fake-time.js';
import { FakeDatasource, Sink, alert, group, rec, simpleExpand } from './fakes.js';

const T0 = 1_700_000_000_000;
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(over: Partial<ManagerEnv> = {}, time = new FakeTime(T0)) {
  const ds = new FakeDatasource();
  const sink = new Sink();
  const registry = new Registry();
  const env: ManagerEnv = {
    query: ds.query,
    rangeQuery: ds.rangeQuery,
    write: ds.write,
    notify: sink.notify,
    expandTemplate: simpleExpand,
    referencedMetrics,
    externalLabels: {},
    externalURL: 'http://vigil',
    resendDelayMs: 60_000,
    clock: time.clock,
    setTimer: time.setTimer,
    restore: DEFAULT_RESTORE_OPTIONS,
    metrics: createRuleMetrics(registry),
    ...over,
  };
  return { ds, sink, time, registry, manager: new RuleManager(env) };
}

function tempStore(dir?: string): { store: Store; dir: string } {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'vigil-ruler-'));
  if (!dir) dirs.push(d);
  const store = openStore(d);
  stores.push(store);
  return { store, dir: d };
}

async function metric(registry: Registry, name: string): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return m?.values.reduce((a, v) => a + v.value, 0) ?? NaN;
}

describe('scheduling', () => {
  it('evaluates at Prometheus-aligned slots and skips (counts) missed ones', async () => {
    const { ds, time, manager, registry } = setup();
    let slow = false;
    ds.on('x', () => {
      if (slow) time.clock.advance(25_000);
      return [];
    });
    await manager.update([group('g', [rec('r', 'x')])]);
    const first = evalTimestamp('f.yml', 'g', 10_000, T0) + 10_000;
    await time.advanceTo(first + 10_000);
    expect(ds.queries.map((q) => q.atMs)).toEqual([first, first + 10_000]);
    slow = true;
    await time.advanceTo(first + 20_000);
    slow = false;
    await time.advanceTo(first + 60_000);
    // The slow iteration at +20s ended at +45s: slot +30s is missed and the group evaluates slot
    // +40s at once (Prometheus' buffered tick), then +50s on time. No catch-up of +30s.
    expect(ds.queries.map((q) => q.atMs - first)).toEqual([0, 10_000, 20_000, 40_000, 50_000, 60_000]);
    expect(await metric(registry, 'vigil_rule_group_iterations_missed_total')).toBe(1);
    expect(await metric(registry, 'vigil_rule_group_iterations_total')).toBe(7);
    await manager.stop();
  });
});

describe('reload', () => {
  it('keeps an unchanged group running and the state of rules matched by name and labels', async () => {
    const { ds, time, manager } = setup();
    ds.on('a > 1', () => [{ labels: { i: '1' }, value: 2 }]).on('a > 2', () => [
      { labels: { i: '1' }, value: 3 },
    ]);
    const other = group('other', [rec('r', 'a > 1')]);
    await manager.update([group('g', [alert('A', 'a > 1', { for: 15_000, labels: { sev: 'x' } })]), other]);
    const keep = manager.groups().find((g) => g.def.name === 'other');
    await time.advance(30_000);
    const before = manager.groups().find((g) => g.def.name === 'g')?.rules[0]?.active;
    const activeAt = [...(before?.values() ?? [])][0]?.activeAtMs;
    expect(activeAt).toBeGreaterThan(0);

    await manager.update([
      group('g', [alert('A', 'a > 2', { for: 60_000, labels: { sev: 'x' }, annotations: { s: 'new' } })]),
      other,
    ]);
    const g = manager.groups().find((x) => x.def.name === 'g');
    expect(manager.groups().find((x) => x.def.name === 'other')).toBe(keep);
    expect([...(g?.rules[0]?.active.values() ?? [])][0]?.activeAtMs).toBe(activeAt);
    await time.advance(10_000);
    expect([...(g?.rules[0]?.active.values() ?? [])][0]).toMatchObject({
      activeAtMs: activeAt,
      annotations: { s: 'new' },
    });

    // A changed label set is a different rule: state starts over, old series go stale.
    await manager.update([group('g', [alert('A', 'a > 2', { for: 60_000, labels: { sev: 'y' } })]), other]);
    expect(manager.groups().find((x) => x.def.name === 'g')?.rules[0]?.active.size).toBe(0);
    await manager.stop();
  });
});

describe('removed groups', () => {
  it('get stale markers for their series two intervals later; stop writes none', async () => {
    const { ds, time, manager } = setup();
    ds.on('x', () => [{ labels: { i: '1' }, value: 1 }]);
    await manager.update([group('g', [rec('r', 'x')])]);
    await time.advance(10_000);
    expect(ds.flat()).toHaveLength(1);
    await manager.update([]);
    await time.advance(19_000);
    expect(ds.flat()).toHaveLength(1);
    await time.advance(1_000);
    expect(ds.flat()[1]).toMatch(/^r\{i="1"\} stale @\d+$/);
    await manager.update([group('g2', [rec('r2', 'x')])]);
    await time.advance(10_000);
    const n = ds.flat().length;
    await manager.update([]);
    await manager.stop();
    await time.advance(60_000);
    expect(ds.flat()).toHaveLength(n);
  });
});

describe('restart', () => {
  it('forgets stored state of groups that are no longer configured', async () => {
    const { store } = tempStore();
    const table = new RuleStateTable(store);
    table.saveRule('old.yml;gone', 'A', []);
    table.saveRule('f.yml;g', 'r', []);
    const s = setup({ store: table });
    await s.manager.update([group('g', [rec('r', 'x')])]);
    await store.flush();
    expect(table.loadAll().map((x) => x.groupKey)).toEqual(['f.yml;g']);
    await s.manager.stop();
  });

  async function runUntil(time: FakeTime, ms: number) {
    await time.advanceTo(ms);
  }

  it('a restart during `for` fires at the original time (state from the store)', async () => {
    const { store, dir } = tempStore();
    const a = setup({ store: new RuleStateTable(store) });
    a.ds.on('up == 0', () => [{ labels: { job: 'j' }, value: 0 }]);
    const def = group('g', [alert('Down', 'up == 0', { for: 40_000 })]);
    await a.manager.update([def]);
    const first = evalTimestamp('f.yml', 'g', 10_000, T0) + 10_000;
    await runUntil(a.time, first + 10_000);
    await a.manager.stop();
    await store.flush();
    store.close();
    stores.splice(stores.indexOf(store), 1);

    const { store: store2 } = tempStore(dir);
    const b = setup({ store: new RuleStateTable(store2) }, new FakeTime(first + 15_000));
    b.ds.on('up == 0', () => [{ labels: { job: 'j' }, value: 0 }]);
    await b.manager.update([def]);
    await runUntil(b.time, first + 40_000);
    const states = () =>
      [...(b.manager.groups()[0]?.rules[0]?.active.values() ?? [])].map((x) => [
        x.state,
        x.activeAtMs - first,
      ]);
    expect(states()).toEqual([['firing', 0]]);
    const sent = b.sink.all();
    expect(sent.map((x) => x.startsAtMs - first)).toEqual([40_000]);
    await b.manager.stop();
  });

  it('a restart while firing: no second pending phase and no resolved notification', async () => {
    const { store, dir } = tempStore();
    const a = setup({ store: new RuleStateTable(store) });
    a.ds.on('up == 0', () => [{ labels: { job: 'j' }, value: 0 }]);
    const def = group('g', [alert('Down', 'up == 0', { for: 10_000 })]);
    await a.manager.update([def]);
    const first = evalTimestamp('f.yml', 'g', 10_000, T0) + 10_000;
    await runUntil(a.time, first + 20_000);
    expect(a.sink.all().length).toBe(1);
    await a.manager.stop();
    await store.flush();

    const b = setup({ store: new RuleStateTable(tempStore(dir).store) }, new FakeTime(first + 25_000));
    b.ds.on('up == 0', () => [{ labels: { job: 'j' }, value: 0 }]);
    await b.manager.update([def]);
    await runUntil(b.time, first + 40_000);
    const alerts = [...(b.manager.groups()[0]?.rules[0]?.active.values() ?? [])];
    expect(alerts.map((x) => [x.state, x.activeAtMs - first, x.firedAtMs - first])).toEqual([
      ['firing', 0, 10_000],
    ]);
    // Within the resend delay nothing is re-sent, and nothing resolved.
    expect(b.sink.all()).toEqual([]);
    await b.manager.stop();
  });

  it('with an empty store, `for` state comes from ALERTS_FOR_STATE after the first evaluation', async () => {
    const { store } = tempStore();
    const s = setup({ store: new RuleStateTable(store) });
    const first = evalTimestamp('f.yml', 'g', 10_000, T0) + 10_000;
    s.ds.on('up == 0', () => [{ labels: { job: 'j' }, value: 0 }]);
    const activeAtSec = Math.floor((first - 30 * 60_000) / 1000);
    // It was pending for 5 min when Vigil went down 2 min ago; `for` is 20 min.
    s.ds.rangeResult = [
      {
        labels: { __name__: 'ALERTS_FOR_STATE', alertname: 'Down', job: 'j', sev: 'p' },
        points: [{ timestampMs: activeAtSec * 1000 + 5 * 60_000, value: activeAtSec }],
      },
    ];
    await s.manager.update([
      group('g', [alert('Down', 'up == 0', { for: 20 * 60_000, labels: { sev: 'p' } })]),
    ]);
    await s.time.advanceTo(first);
    expect(s.ds.rangeQueries).toEqual(['{__name__="ALERTS_FOR_STATE",alertname="Down",sev="p"}[3600s]']);
    const a = [...(s.manager.groups()[0]?.rules[0]?.active.values() ?? [])][0];
    // Downtime is not counted: it had been pending 5 min, so activeAt = now − 5 min.
    expect(a?.activeAtMs).toBe(first - 5 * 60_000);
    // ALERTS series are written from the next evaluation on.
    expect(s.ds.flat().filter((x) => x.startsWith('ALERTS'))).toEqual([]);
    await s.time.advanceTo(first + 10_000);
    expect(s.ds.flat().filter((x) => x.startsWith('ALERTS{'))).toEqual([
      `ALERTS{alertname="Down",alertstate="pending",job="j",sev="p"} 1 @${first + 10_000}`,
    ]);
    await s.manager.stop();
  });
});
