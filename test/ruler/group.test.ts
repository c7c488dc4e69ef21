import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseThresholdRule } from '../../src/promql/threshold.js';
import { RuleGroup, type GroupEnv } from '../../src/rules/group.js';
import { createRuleMetrics } from '../../src/rules/metrics.js';
import { FakeDatasource, Sink, alert, group, rec, testGroupEnv } from './fakes.js';
import { settle } from './fake-time.js';

function env(ds: FakeDatasource, sink: Sink, over: Partial<GroupEnv> = {}): GroupEnv {
  return testGroupEnv({
    query: ds.query,
    rangeQuery: ds.rangeQuery,
    write: ds.write,
    notify: sink.notify,
    ...over,
  });
}

describe('chained rules', () => {
  it('a rule reading an earlier recording rule waits for its write; independent rules do not', async () => {
    const ds = new FakeDatasource();
    ds.on('src', () => [{ labels: { __name__: 'src', i: '1' }, value: 3 }]);
    ds.on('a * 2', (at) => [
      { labels: { i: '1' }, value: (ds.latest({ __name__: 'a', i: '1' }, at) ?? NaN) * 2 },
    ]);
    ds.on('other > 0', () => []);
    let open: () => void = () => {};
    ds.writeGate = new Promise<void>((r) => (open = r));
    const g = new RuleGroup(
      group('g', [rec('a', 'src'), rec('b', 'a * 2'), alert('X', 'other > 0')]),
      env(ds, new Sink()),
    );
    const done = g.evaluate(10_000);
    await settle();
    // `a` was queried and its write is pending; X ran concurrently; b waits.
    expect(ds.queries.map((q) => q.expr)).toEqual(['src', 'other > 0']);
    open();
    ds.writeGate = undefined;
    await done;
    expect(ds.queries.map((q) => q.expr)).toEqual(['src', 'other > 0', 'a * 2']);
    expect(ds.flat()).toContain('b{i="1"} 6 @10000');
    expect(g.rules.map((r) => r.health)).toEqual(['ok', 'ok', 'ok']);
  });

  it('a selector without a metric name makes the rule wait for every earlier rule', () => {
    const g = new RuleGroup(
      group('g', [rec('a', 'x'), rec('b', 'y'), rec('c', '{job="j"}'), rec('d', 'a + b')]),
      env(new FakeDatasource(), new Sink()),
    );
    expect(g.deps).toEqual([[], [], [0, 1], [0, 1]]);
  });
});

describe('threshold folding', () => {
  it('answers `<expr> <cmp> <number>` rules sharing <expr>, with or without bool, from one query', async () => {
    const ds = new FakeDatasource()
      .on('rate(x[5m])', () => [
        { labels: { __name__: 'x', i: '1' }, value: 1 },
        { labels: { __name__: 'x', i: '2' }, value: 7 },
        { labels: { __name__: 'x', i: '3' }, value: NaN },
      ])
      .on('y > 1', () => []);
    const rules = [
      alert('Gt', 'rate(x[5m]) > 5'),
      alert('Le', '(rate(x[5m])) <= 5'),
      alert('Left', '5 > rate(x[5m])'),
      alert('Ne', 'rate(x[5m]) != 7'),
      rec('bool', 'rate(x[5m]) > bool 5'),
      alert('Alone', 'y > 1'),
    ];
    const registry = new Registry();
    const metrics = createRuleMetrics(registry);
    const g = new RuleGroup(
      group('g', rules),
      env(ds, new Sink(), { parseThreshold: parseThresholdRule, metrics }),
    );
    await g.evaluate(10_000);
    expect(ds.queries.map((q) => q.expr).sort()).toEqual(['rate(x[5m])', 'y > 1']);
    const inst = (i: number) => [...(g.rules[i]?.active.values() ?? [])].map((a) => a.labels['i']).sort();
    expect([inst(0), inst(1), inst(2), inst(3)]).toEqual([['2'], ['1'], ['1'], ['1', '3']]);
    expect(ds.flat().filter((l) => l.startsWith('bool'))).toEqual([
      'bool{i="1"} 0 @10000',
      'bool{i="2"} 1 @10000',
      'bool{i="3"} 0 @10000',
    ]);
    expect(g.lastQueries).toBe(2);
    const text = await registry.metrics();
    expect(text).toContain('vigil_rule_group_datasource_queries{rule_group="f.yml;g"} 2');
    expect(text).toContain('vigil_rule_datasource_queries_total{rule_group="f.yml;g"} 2');
    expect(text).toContain('vigil_rule_group_rules{rule_group="f.yml;g"} 6');
  });
});

describe('evaluation', () => {
  it('queries each distinct expression once per iteration', async () => {
    const ds = new FakeDatasource().on('up == 0', () => [{ labels: { job: 'j' }, value: 0 }]);
    const g = new RuleGroup(
      group('g', [alert('A', 'up == 0'), alert('B', 'up == 0', { for: 60_000 })]),
      env(ds, new Sink()),
    );
    await g.evaluate(10_000);
    expect(ds.queries).toEqual([{ expr: 'up == 0', atMs: 10_000 }]);
    expect(g.rules.map((r) => [...r.active.values()][0]?.state)).toEqual(['firing', 'pending']);
  });

  it('queries at slot − query_offset and stamps recording results there; labels merge group < rule', async () => {
    const ds = new FakeDatasource().on('up', () => [
      { labels: { __name__: 'up', job: 'j', team: 'x' }, value: 1 },
    ]);
    const g = new RuleGroup(
      group('g', [rec('job:up', 'up', { team: 'rule' })], {
        queryOffset: 1500,
        labels: { env: 'prod', team: 'group' },
      }),
      env(ds, new Sink()),
    );
    await g.evaluate(20_000);
    expect(ds.queries).toEqual([{ expr: 'up', atMs: 18_500 }]);
    expect(ds.flat()).toEqual(['job:up{env="prod",job="j",team="rule"} 1 @18500']);
  });

  it('writes stale markers for vanished series in their own request', async () => {
    let n = 2;
    const ds = new FakeDatasource().on('x', () =>
      Array.from({ length: n }, (_, i) => ({ labels: { i: String(i) }, value: i })),
    );
    const g = new RuleGroup(group('g', [rec('r', 'x')]), env(ds, new Sink()));
    await g.evaluate(10_000);
    n = 1;
    await g.evaluate(20_000);
    expect(ds.writes.map((w) => w.length)).toEqual([2, 1, 1]);
    expect(ds.writes[2]?.[0]).toEqual({
      labels: { __name__: 'r', i: '1' },
      samples: [{ value: NaN, timestampMs: 20_000, stale: true }],
    });
  });

  it('recording limit and duplicates are rule errors', async () => {
    const ds = new FakeDatasource().on('x', () => [
      { labels: { a: '1' }, value: 1 },
      { labels: { a: '2' }, value: 2 },
    ]);
    const g = new RuleGroup(
      group('g', [rec('r', 'x'), rec('d', 'x', { a: 'same' })], { limit: 1 }),
      env(ds, new Sink()),
    );
    await g.evaluate(10_000);
    expect(g.rules.map((r) => r.lastError)).toEqual([
      'exceeded limit of 1 with 2 series',
      'vector contains metrics with the same labelset after applying rule labels',
    ]);
    expect(ds.writes).toEqual([]);
  });
});

describe('a failed query never resolves an alert', () => {
  it('freezes state, marks health err, raises and later resolves VigilRuleEvaluationFailing', async () => {
    const ds = new FakeDatasource().on('load > 1', () => [{ labels: { instance: 'a' }, value: 5 }]);
    const sink = new Sink();
    const g = new RuleGroup(
      group('g', [alert('High', 'load > 1', { labels: { severity: 'page' } })]),
      env(ds, sink, { resendDelayMs: 0 }),
    );
    await g.evaluate(10_000);
    expect(sink.all().map((a) => a.labels['alertname'])).toEqual(['High']);
    const before = [...(g.rules[0]?.active.values() ?? [])];

    ds.failWith = new Error('connection refused');
    await g.evaluate(20_000);
    await g.evaluate(30_000);
    const r = g.rules[0];
    expect(r?.health).toBe('err');
    expect(r?.lastError).toBe('connection refused');
    expect([...(r?.active.values() ?? [])].map((a) => [a.state, a.activeAtMs])).toEqual(
      before.map((a) => [a.state, a.activeAtMs]),
    );
    const during = sink.batches.slice(1).flat();
    expect(during.every((a) => a.labels['alertname'] === 'VigilRuleEvaluationFailing')).toBe(true);
    expect(during[0]).toMatchObject({
      labels: {
        alertname: 'VigilRuleEvaluationFailing',
        severity: 'warning',
        rule_group: 'g',
        rule_name: 'High',
      },
      annotations: { description: 'connection refused' },
      startsAtMs: 20_000,
    });
    expect(ds.writes.length).toBe(1);

    ds.failWith = undefined;
    sink.batches.length = 0;
    await g.evaluate(40_000);
    expect(r?.health).toBe('ok');
    expect([...(r?.active.values() ?? [])][0]).toMatchObject({ state: 'firing', activeAtMs: 10_000 });
    const self = sink.all().find((a) => a.labels['alertname'] === 'VigilRuleEvaluationFailing');
    expect(self).toMatchObject({ startsAtMs: 20_000, endsAtMs: 40_000 });
  });
});
