import { describe, expect, it } from 'vitest';
import { referencedMetrics } from './metrics.js';

describe('referencedMetrics', () => {
  it.each([
    ['foo', ['foo'], false],
    ['rate(foo[5m]) / rate(bar[5m])', ['foo', 'bar'], false],
    ['foo + foo offset 5m', ['foo'], false],
    ['{__name__="baz", job="a"}', ['baz'], false],
    ['{"my.metric"}', ['my.metric'], false],
    ['{"__name__"="q"}', ['q'], false],
    ['{job="a"}', [], true],
    ['{__name__=~"a.*"}', [], true],
    ['sum by (job) (up) > 1 and on(job) absent(x)', ['up', 'x'], false],
    ['1 + 2', [], false],
    ['foo[5m:1m]', ['foo'], false],
    ['{__name__="a\\"b"}', ['a"b'], false],
  ])('%j', (expr, names, hasNameless) => {
    expect(referencedMetrics(expr)).toEqual({ names, hasNameless });
  });
});
