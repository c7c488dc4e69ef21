import { describe, expect, it } from 'vitest';
import { BATCH_LABEL, BatchPlanner, batchableExprs, buildBatchQuery, chunkExprs, splitBatchResult } from './batch.js';
import { isInstantVector, staticType } from './expr-type.js';

describe('buildBatchQuery', () => {
  it('wraps each expression in label_replace on its own lines, joined by or', () => {
    expect(buildBatchQuery(['up', 'rate(x[5m]) # trailing comment'])).toBe(
      'label_replace(\nup\n, "__vigil_q", "0", "", "") or label_replace(\nrate(x[5m]) # trailing comment\n, "__vigil_q", "1", "", "")',
    );
  });

  it('builds a query our PromQL parser reads as one instant vector', () => {
    expect(staticType(buildBatchQuery(['up == 1', 'sum by (a) (x) # c', '-foo offset 5m']))).toBe('vector');
  });
});

describe('splitBatchResult', () => {
  it('splits by operand and removes only the batch label, keeping odd labels as they were', () => {
    const odd = { __name__: 'm', '': 'x', le: '+Inf', quote: 'a"b\\c', nl: 'a\nb', uni: 'µs', __other: '1' };
    const res = splitBatchResult(
      [
        { labels: { ...odd, [BATCH_LABEL]: '1' }, value: NaN },
        { labels: { [BATCH_LABEL]: '0' }, value: -0 },
        { labels: { job: 'a', [BATCH_LABEL]: '1' }, value: Infinity },
      ],
      3,
    );
    expect(res).toEqual([[{ labels: {}, value: -0 }], [{ labels: odd, value: NaN }, { labels: { job: 'a' }, value: Infinity }], []]);
    expect(Object.is(res[0]?.[0]?.value, -0)).toBe(true);
  });

  it.each([
    ['no batch label', { a: '1' }],
    ['an operand number out of range', { [BATCH_LABEL]: '2' }],
    ['a non-number', { [BATCH_LABEL]: '1x' }],
    ['an empty value', { [BATCH_LABEL]: '' }],
  ])('throws on a series with %s', (_name, labels) => {
    expect(() => splitBatchResult([{ labels, value: 1 }], 2)).toThrow(/batched query/);
  });
});

describe('chunkExprs', () => {
  it.each([
    [25, 10, 100_000, [9, 8, 8]],
    [10, 10, 100_000, [10]],
    [11, 10, 100_000, [6, 5]],
    [3, 1, 100_000, [1, 1, 1]],
    [6, 10, 10, [2, 2, 2]],
    [0, 10, 100, []],
  ])('%i expressions, at most %i per chunk and %i characters', (n, max, chars, sizes) => {
    const exprs = Array.from({ length: n }, (_, i) => `m${String(i).padStart(3, '0')}`);
    const chunks = chunkExprs(exprs, max, chars);
    expect(chunks.map((c) => c.length)).toEqual(sizes);
    expect(chunks.flat()).toEqual(exprs);
  });

  it('puts an expression longer than the limit in a chunk of its own', () => {
    expect(chunkExprs(['a', 'b'.repeat(50), 'c'], 10, 20)).toEqual([['a'], ['b'.repeat(50)], ['c']]);
  });
});

describe('staticType', () => {
  it.each([
    ['up', 'vector'],
    ['sum by (a) (rate(x[5m])) / sum(rate(y[5m]))', 'vector'],
    ['up > bool 1', 'vector'],
    ['1 + 2', 'scalar'],
    ['scalar(up)', 'scalar'],
    ['time() - 5', 'scalar'],
    ['pi()', 'scalar'],
    ['vector(1)', 'vector'],
    ['"text"', 'string'],
    ['up[5m]', 'matrix'],
    ['rate(up[5m])[10m:1m]', 'matrix'],
    ['-(up offset 5m)', 'vector'],
    ['up @ 100', 'vector'],
    ['(1)', 'scalar'],
    ['time() > 1', 'scalar'],
    ['up # comment', 'vector'],
    ['sum(', 'none'],
    ['', 'none'],
  ])('%s is %s', (expr, type) => {
    expect(staticType(expr)).toBe(type);
    expect(isInstantVector(expr)).toBe(type === 'vector');
  });
});

describe('batchableExprs', () => {
  const r = (queryExpr: string, hasDeps = false, templateQueries = false) => ({ queryExpr, hasDeps, templateQueries });

  it('keeps distinct instant vectors of rules without dependencies or template queries, in order', () => {
    const rules = [
      r('up'),
      r('scalar(up)'),
      r('rate(a[5m])'),
      r('up'),
      r('b', true),
      r('c'),
      r('c', false, true),
      r('"s"'),
      r('label_replace(x, "__vigil_q", "1", "", "")'),
      r('d'),
    ];
    expect(batchableExprs(rules, isInstantVector)).toEqual(['up', 'rate(a[5m])', 'd']);
  });

  it('drops an expression whose type check throws', () => {
    const check = (e: string): boolean => {
      if (e === 'bad') throw new Error('x');
      return true;
    };
    expect(batchableExprs([r('bad'), r('good')], check)).toEqual(['good']);
  });
});

describe('BatchPlanner', () => {
  const exprs = ['a', 'b', 'c', 'd', 'e'];

  it('returns chunks of at least two; batching off at maxExprs 1', () => {
    expect(new BatchPlanner(exprs, { maxExprs: 2 }).next()).toEqual([['a', 'b'], ['c', 'd']]);
    expect(new BatchPlanner(exprs, { maxExprs: 1 }).next()).toEqual([]);
    expect(new BatchPlanner(['a'], {}).next()).toEqual([]);
  });

  it('queries the expressions that failed alone for the backoff, the others again at once', () => {
    const p = new BatchPlanner(exprs, { maxExprs: 10, backoffIterations: 2 });
    expect(p.next()).toEqual([exprs]);
    p.failed(exprs, [false, true, false, false, false]);
    expect(p.next()).toEqual([['a', 'c', 'd', 'e']]);
    expect(p.next()).toEqual([['a', 'c', 'd', 'e']]);
    p.stillFailing('b');
    expect(p.next()).toEqual([['a', 'c', 'd', 'e']]);
    expect(p.next()).toEqual([['a', 'c', 'd', 'e']]);
    expect(p.next()).toEqual([exprs]);
  });

  it('queries the whole chunk alone for the backoff when no expression failed alone', () => {
    const p = new BatchPlanner(exprs, { maxExprs: 10, backoffIterations: 1 });
    p.next();
    p.failed(exprs, [false, false, false, false, false]);
    expect(p.next()).toEqual([]);
    expect(p.next()).toEqual([exprs]);
  });
});
