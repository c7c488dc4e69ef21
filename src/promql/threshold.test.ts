import { describe, expect, it } from 'vitest';
import { parsePromqlNumber, parseThresholdRule } from './threshold.js';

describe('parseThresholdRule', () => {
  it.each([
    ['a > 1', { inner: 'a', op: '>', threshold: 1, bool: false, numberOnLeft: false }],
    ['a > bool 1', { inner: 'a', op: '>', threshold: 1, bool: true, numberOnLeft: false }],
    ['(a) > (1)', { inner: 'a', op: '>', threshold: 1, bool: false, numberOnLeft: false }],
    ['2 < a', { inner: 'a', op: '<', threshold: 2, bool: false, numberOnLeft: true }],
    [
      'sum(x) by (j) >= 0.5',
      { inner: 'sum(x) by (j)', op: '>=', threshold: 0.5, bool: false, numberOnLeft: false },
    ],
    [
      '(\n  a / b\n) < 0.999\n',
      { inner: 'a / b', op: '<', threshold: 0.999, bool: false, numberOnLeft: false },
    ],
    ['a <= -1', { inner: 'a', op: '<=', threshold: -1, bool: false, numberOnLeft: false }],
    ['a == 0x10', { inner: 'a', op: '==', threshold: 16, bool: false, numberOnLeft: false }],
    ['a != 1e3', { inner: 'a', op: '!=', threshold: 1000, bool: false, numberOnLeft: false }],
    ['a > 5m', { inner: 'a', op: '>', threshold: 300, bool: false, numberOnLeft: false }],
    ['a > 1 > 2', { inner: 'a > 1', op: '>', threshold: 2, bool: false, numberOnLeft: false }],
    ['a > Inf', { inner: 'a', op: '>', threshold: Infinity, bool: false, numberOnLeft: false }],
  ])('%j', (expr, want) => {
    expect(parseThresholdRule(expr)).toEqual(want);
  });

  it.each([
    'a > b',
    'a > 1 and b',
    '-1 < a',
    'a + 1',
    '1 > 2',
    'a > on() 1',
    'a',
    '(a > 1)',
    'a > (1',
    'rate(a[5m]) > 1 unless b',
  ])('rejects %j', (expr) => {
    expect(parseThresholdRule(expr)).toBeUndefined();
  });
});

describe('parsePromqlNumber', () => {
  it.each([
    ['1', 1],
    ['.5', 0.5],
    ['1.5e-3', 0.0015],
    ['0x1F', 31],
    ['-inf', -Infinity],
    ['1h30m', 5400],
    ['abc', undefined],
  ])('%s', (text, want) => {
    expect(parsePromqlNumber(text)).toBe(want);
  });
});
