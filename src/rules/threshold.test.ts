import { describe, expect, it } from 'vitest';
import { applyThreshold, planFolding, type ThresholdExpr } from './threshold.js';
import type { Sample } from './types.js';

const samples: Sample[] = [
  { labels: { __name__: 'm', i: 'pos' }, value: 7 },
  { labels: { __name__: 'm', i: 'five' }, value: 5 },
  { labels: { __name__: 'm', i: 'neg' }, value: -3 },
  { labels: { __name__: 'm', i: 'nan' }, value: NaN },
  { labels: { __name__: 'm', i: 'negzero' }, value: -0 },
  { labels: { __name__: 'm', i: 'inf' }, value: Infinity },
];

const t = (op: ThresholdExpr['op'], threshold: number, over: Partial<ThresholdExpr> = {}): ThresholdExpr => ({
  inner: 'm',
  op,
  threshold,
  bool: false,
  numberOnLeft: false,
  ...over,
});

describe('applyThreshold without bool (filter, labels and the vector value kept)', () => {
  it.each<[string, ThresholdExpr, string[]]>([
    ['m > 5', t('>', 5), ['pos', 'inf']],
    ['m >= 5', t('>=', 5), ['pos', 'five', 'inf']],
    ['m < 0', t('<', 0), ['neg']],
    ['m <= 0', t('<=', 0), ['neg', 'negzero']],
    ['m == 0 (matches -0)', t('==', 0), ['negzero']],
    ['m != 5 (NaN is unequal)', t('!=', 5), ['pos', 'neg', 'nan', 'negzero', 'inf']],
    ['m == NaN', t('==', NaN), []],
    ['m != NaN', t('!=', NaN), ['pos', 'five', 'neg', 'nan', 'negzero', 'inf']],
    ['5 < m', t('<', 5, { numberOnLeft: true }), ['pos', 'inf']],
    ['0 >= m', t('>=', 0, { numberOnLeft: true }), ['neg', 'negzero']],
    ['m > -Inf', t('>', -Infinity), ['pos', 'five', 'neg', 'negzero', 'inf']],
  ])('%s', (_name, expr, want) => {
    const out = applyThreshold(expr, samples);
    expect(out.map((s) => s.labels['i'])).toEqual(want);
    for (const s of out) expect(samples).toContain(s);
  });
});

describe('applyThreshold with bool (every sample, 0/1, metric name dropped)', () => {
  it.each<[string, ThresholdExpr, number[]]>([
    ['m > bool 5', t('>', 5, { bool: true }), [1, 0, 0, 0, 0, 1]],
    ['5 > bool m', t('>', 5, { bool: true, numberOnLeft: true }), [0, 0, 1, 0, 1, 0]],
    ['m == bool 0', t('==', 0, { bool: true }), [0, 0, 0, 0, 1, 0]],
    ['m != bool 5', t('!=', 5, { bool: true }), [1, 0, 1, 1, 1, 1]],
  ])('%s', (_name, expr, want) => {
    const out = applyThreshold(expr, samples);
    expect(out.map((s) => s.value)).toEqual(want);
    expect(out.map((s) => s.labels)).toEqual(samples.map((s) => ({ i: s.labels['i'] })));
  });

  it('fails like Prometheus when dropping the name leaves two samples with the same labels', () => {
    const dup: Sample[] = [
      { labels: { __name__: 'a', i: '1' }, value: 1 },
      { labels: { __name__: 'b', i: '1' }, value: 2 },
    ];
    expect(() => applyThreshold(t('>', 0, { bool: true }), dup)).toThrow(/same labelset/);
    expect(applyThreshold(t('>', 0), dup)).toHaveLength(2);
  });
});

describe('planFolding', () => {
  const parse = (e: string): ThresholdExpr | undefined => {
    const m = /^(\w+) (>|<) (bool )?(\d+)$/.exec(e);
    return m ? t(m[2] as '>' | '<', Number(m[4]), { inner: m[1], bool: m[3] !== undefined }) : undefined;
  };

  it.each<[string, string[], Array<string | undefined>]>([
    ['a warning/critical pair', ['a > 1', 'a > 2'], ['a', 'a']],
    ['bool and plain thresholds share', ['a > bool 1', 'a < 2'], ['a', 'a']],
    ['a threshold shares with the bare expression', ['a', 'a > 2'], [undefined, 'a']],
    ['a lone threshold is left alone', ['a > 1', 'b > 1'], [undefined, undefined]],
    ['unparsable expressions are left alone', ['rate(a[5m])', 'rate(a[5m])'], [undefined, undefined]],
  ])('%s', (_name, exprs, want) => {
    expect(planFolding(exprs, parse).map((f) => f?.inner)).toEqual(want);
  });

  it('folds nothing without a parser or when it throws', () => {
    expect(planFolding(['a > 1', 'a > 2'], undefined)).toEqual([undefined, undefined]);
    const throwing = () => {
      throw new Error('boom');
    };
    expect(planFolding(['a > 1', 'a > 2'], throwing)).toEqual([undefined, undefined]);
  });
});
