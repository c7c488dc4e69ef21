// Query batching in a group against a real local HTTP server speaking Prometheus' query API:
// batched results equal unbatched ones, scalars keep their own query, and a failing batched
// query falls back to one query per expression so each rule gets its own result or error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Labels } from '../../src/model/labels.js';
import type { RuleGroupDef } from '../../src/model/rule.js';
import { QueryClient, instantVectorQuery } from '../../src/datasource/query.js';
import { parseThresholdRule } from '../../src/promql/threshold.js';
import { BATCH_LABEL, type QueryBatchOptions } from '../../src/rules/batch.js';
import { RuleGroup } from '../../src/rules/group.js';
import type { OutSeries } from '../../src/rules/types.js';
import { Sink, alert, group, rec, testGroupEnv } from './fakes.js';
import { startServer } from './http-fixture.js';

type Answer = Array<{ metric: Labels; value: number }> | { error: string } | { scalar: number };

/** What the fake Prometheus answers per expression (batched queries are assembled from these). */
const ANSWERS: Record<string, Answer> = {
  up: [
    { metric: { __name__: 'up', job: 'a' }, value: 1 },
    { metric: { __name__: 'up', job: 'b' }, value: 0 },
  ],
  'rate(x[5m])': [{ metric: { job: 'a', '': 'odd', quote: 'a"b', nl: 'x\ny' }, value: NaN }],
  'sum by (job) (y)': [{ metric: { job: 'c' }, value: -0 }],
  'bad * on() z': {
    error: 'found duplicate series for the match group {} on the right hand-side of the operation',
  },
  'scalar(up)': { scalar: 2 },
  'x:rate > 0': [{ metric: { job: 'a' }, value: 3 }],
};

/** Splits a batched query back into its expressions (the inverse of buildBatchQuery). */
function operands(q: string): string[] | undefined {
  if (!q.includes(BATCH_LABEL)) return undefined;
  return [...q.matchAll(/label_replace\(\n([\s\S]*?)\n, "__vigil_q", "(\d+)", "", ""\)/g)].map(
    (m) => m[1] ?? '',
  );
}

const fmt = (v: number): string => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : String(v));

interface Mode {
  failBatched?: string;
  unlabelled?: boolean;
}

function respond(query: string, mode: Mode): { status: number; body: unknown } {
  const err = (error: string) => ({ status: 422, body: { status: 'error', errorType: 'execution', error } });
  const vec = (rows: Array<{ metric: Labels; value: number }>) => ({
    status: 200,
    body: {
      status: 'success',
      data: {
        resultType: 'vector',
        result: rows.map((r) => ({ metric: r.metric, value: [1, fmt(r.value)] })),
      },
    },
  });
  const ops = operands(query);
  if (ops) {
    if (mode.failBatched) return err(mode.failBatched);
    const rows: Array<{ metric: Labels; value: number }> = [];
    for (const [i, e] of ops.entries()) {
      const a = ANSWERS[e];
      if (!a || !Array.isArray(a)) return err(a && 'error' in a ? a.error : `unknown ${e}`);
      for (const r of a)
        rows.push({
          metric: mode.unlabelled && i === 0 ? r.metric : { ...r.metric, [BATCH_LABEL]: String(i) },
          value: r.value,
        });
    }
    return vec(rows);
  }
  const a = ANSWERS[query];
  if (!a) return err(`unknown ${query}`);
  if ('error' in a) return err(a.error);
  if ('scalar' in a)
    return {
      status: 200,
      body: { status: 'success', data: { resultType: 'scalar', result: [1, String(a.scalar)] } },
    };
  return vec(a);
}

describe('query batching in a rule group', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: QueryClient;
  let mode: Mode = {};

  beforeAll(async () => {
    server = await startServer((req, res) => {
      const q = new URLSearchParams(req.body.toString()).get('query') ?? '';
      const r = respond(q, mode);
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
    client = new QueryClient({ url: server.url, retries: 0 });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  const def = group('g', [
    alert('UpLow', 'up < 1', { annotations: { summary: '{{ $labels.job }}' } }),
    alert('UpHigh', 'up >= 1'),
    rec('x:rate', 'rate(x[5m])'),
    rec('y:sum', 'sum by (job) (y)'),
    rec('bad', 'bad * on() z'),
    rec('s', 'scalar(up)'),
    // Reads the group's own recording rule x:rate, so it waits for it and is never batched.
    alert('Chained', 'x:rate > 0'),
  ]);
  const okDef = group(
    'ok',
    def.rules.filter((r) => r.expr !== 'bad * on() z'),
  );

  function make(d: RuleGroupDef, batch?: QueryBatchOptions) {
    const written: string[] = [];
    const g = new RuleGroup(
      d,
      testGroupEnv({
        query: instantVectorQuery(client),
        write: async (series: readonly OutSeries[]) => {
          for (const s of series)
            for (const p of s.samples)
              written.push(`${JSON.stringify(Object.entries(s.labels).sort())} ${fmt(p.value)}`);
        },
        notify: new Sink().notify,
        parseThreshold: parseThresholdRule,
        ...(batch ? { queryBatch: batch } : {}),
      }),
    );
    const state = () =>
      g.rules.map((r) => [
        r.name,
        r.health,
        r.lastError,
        [...r.active.values()].map((a) => JSON.stringify(a)).sort(),
      ]);
    return { g, written, state };
  }

  async function queriesOf(
    fn: () => Promise<void>,
  ): Promise<{ batched: Array<string[] | undefined>; single: string[]; all: number }> {
    const before = server.requests.length;
    await fn();
    const qs = server.requests
      .slice(before)
      .map((r) => new URLSearchParams(r.body.toString()).get('query') ?? '');
    return {
      batched: qs.filter((q) => operands(q) !== undefined).map(operands),
      single: qs.filter((q) => operands(q) === undefined).sort(),
      all: qs.length,
    };
  }

  it('gives the unbatched results with fewer queries; scalars and chained rules keep their own', async () => {
    mode = {};
    const plain = make(okDef);
    const batched = make(okDef, { maxExprs: 10 });
    for (const ts of [10_000, 20_000]) {
      const qp = await queriesOf(() => plain.g.evaluate(ts));
      const qb = await queriesOf(() => batched.g.evaluate(ts));
      expect(qp.all).toBe(5);
      expect(qb.batched).toEqual([['up', 'rate(x[5m])', 'sum by (job) (y)']]);
      expect(qb.single).toEqual(['scalar(up)', 'x:rate > 0']);
      expect(batched.g.lastQueries).toBe(3);
      expect(batched.state()).toEqual(plain.state());
      expect(batched.state().every((s) => s[1] === 'ok')).toBe(true);
    }
    expect(batched.written.sort()).toEqual(plain.written.sort());
    expect(batched.written.some((w) => w.includes('"nl","x\\ny"'))).toBe(true);
  });

  it('without batching options, or at maxExprs 1, every distinct expression is its own query', async () => {
    mode = {};
    const q = await queriesOf(() => make(okDef, { maxExprs: 1 }).g.evaluate(10_000));
    expect(q.batched).toEqual([]);
    expect(q.all).toBe(5);
  });

  it('falls back to one query per expression when the batched query fails; the failing rule gets its own error', async () => {
    mode = {};
    const plain = make(def);
    const batched = make(def, { maxExprs: 10, backoffIterations: 2 });
    await plain.g.evaluate(10_000);
    const q1 = await queriesOf(() => batched.g.evaluate(10_000));
    expect(q1.batched).toEqual([['up', 'rate(x[5m])', 'sum by (job) (y)', 'bad * on() z']]);
    expect(q1.single).toEqual(
      ['bad * on() z', 'rate(x[5m])', 'scalar(up)', 'sum by (job) (y)', 'up', 'x:rate > 0'].sort(),
    );
    expect(batched.state()).toEqual(plain.state());
    expect(batched.state().find((s) => s[0] === 'bad')?.[2]).toBe(
      'execution: found duplicate series for the match group {} on the right hand-side of the operation',
    );
    // The next iterations batch the others while `bad` is queried alone (it keeps failing).
    for (const ts of [20_000, 30_000, 40_000, 50_000]) {
      await plain.g.evaluate(ts);
      const q = await queriesOf(() => batched.g.evaluate(ts));
      expect(q.batched).toEqual([['up', 'rate(x[5m])', 'sum by (job) (y)']]);
      expect(q.single).toContain('bad * on() z');
      expect(batched.g.lastQueries).toBe(4);
      expect(batched.state()).toEqual(plain.state());
    }
    expect(batched.written.sort()).toEqual(plain.written.sort());
  });

  it.each([
    [
      'an error of the batched query only',
      { failBatched: 'query processing would load too many samples into memory in query execution' },
    ],
    ['a series without the batch label', { unlabelled: true }],
  ])(
    'answers every rule as unbatched after %s, then backs off for the whole chunk',
    async (_name, m: Mode) => {
      mode = m;
      const plain = make(okDef);
      const batched = make(okDef, { maxExprs: 10, backoffIterations: 1 });
      await plain.g.evaluate(10_000);
      const q1 = await queriesOf(() => batched.g.evaluate(10_000));
      expect(q1.batched).toHaveLength(1);
      expect(q1.all).toBe(6);
      expect(batched.state()).toEqual(plain.state());
      expect(batched.state().every((s) => s[1] === 'ok')).toBe(true);
      expect(batched.written.sort()).toEqual(plain.written.sort());
      const q2 = await queriesOf(() => batched.g.evaluate(20_000));
      expect(q2.batched).toHaveLength(0);
      mode = {};
      const q3 = await queriesOf(() => batched.g.evaluate(30_000));
      expect(q3.batched).toHaveLength(1);
      expect(batched.g.lastQueries).toBe(3);
    },
  );
});
