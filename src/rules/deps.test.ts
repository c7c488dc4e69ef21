import { describe, expect, it } from 'vitest';
import { referencedMetrics } from '../promql/metrics.js';
import { buildDependencies } from './deps.js';
import type { DepRule } from './deps.js';

const rec = (name: string, expr: string): DepRule => ({ kind: 'recording', name, expr });
const alert = (name: string, expr: string): DepRule => ({ kind: 'alerting', name, expr });

describe('buildDependencies', () => {
  it.each<[string, DepRule[], number[][]]>([
    ['independent rules', [rec('a', 'x'), rec('b', 'y'), alert('A', 'z > 1')], [[], [], []]],
    ['a chain by metric name', [rec('a', 'x'), rec('b', 'rate(a[5m])'), alert('B', 'b > 1')], [[], [0], [1]]],
    ['every earlier writer of a name', [rec('a', 'x'), rec('a', 'y'), rec('c', 'sum(a) + b')], [[], [], [0, 1]]],
    ['no dependency on a later rule', [rec('b', 'a'), rec('a', 'x')], [[], []]],
    ['ALERTS reads every earlier alerting rule', [alert('A', 'x > 1'), rec('r', 'x'), alert('B', 'y > 1'), rec('n', 'count(ALERTS)')], [[], [], [], [0, 2]]],
    ['ALERTS_FOR_STATE too', [alert('A', 'x > 1'), rec('n', 'ALERTS_FOR_STATE')], [[], [0]]],
    ['a nameless selector reads every earlier rule', [rec('a', 'x'), alert('A', 'y > 1'), rec('c', '{job="j"}')], [[], [], [0, 1]]],
    ['an expression that cannot be analysed reads every earlier rule', [rec('a', 'x'), rec('c', 'sum(')], [[], [0]]],
  ])('%s', (_name, rules, want) => {
    const throwing = (expr: string): ReturnType<typeof referencedMetrics> => {
      if (expr === 'sum(') throw new Error('parse error');
      return referencedMetrics(expr);
    };
    expect(buildDependencies(rules, throwing)).toEqual(want);
  });

});
