import { describe, expect, it } from 'vitest';
import type { RuleDef, RuleGroupDef } from '../model/rule.js';
import { parseThresholdRule } from '../promql/threshold.js';
import type { Sample } from '../rules/types.js';
import { createTemplateExpander } from './ruler-component.js';
import { TemplateQueryCache } from './template-queries.js';

function alerting(expr: string, annotations: Record<string, string>): RuleDef {
  return {
    kind: 'alerting',
    alert: 'A',
    expr,
    for: 0,
    keepFiringFor: 0,
    labels: {},
    annotations,
  } as unknown as RuleDef;
}

function group(rules: RuleDef[], queryOffset = 0): RuleGroupDef {
  return {
    name: 'g',
    file: 'f',
    interval: 10_000,
    queryOffset,
    labels: {},
    rules,
  } as unknown as RuleGroupDef;
}

/** A datasource stand-in that records its calls and answers by expression. */
function datasource(answers: Record<string, readonly Sample[] | Error>) {
  const calls: Array<[string, number]> = [];
  const query = async (expr: string, at: number): Promise<readonly Sample[]> => {
    calls.push([expr, at]);
    const a = answers[expr];
    if (a instanceof Error) throw a;
    return a ?? [];
  };
  return { calls, query };
}

const UP: Sample[] = [{ labels: { __name__: 'up', job: 'x' }, value: 1 }];
const TOTAL: Sample[] = [{ labels: {}, value: 3 }];

describe('TemplateQueryCache', () => {
  it.each([
    ['the rule expression', 'up == 1', 'up == 1'],
    ['the folded inner expression', 'up == 1', 'up'],
  ])('fetches the literal template queries with %s, at the slot time', async (_what, expr, queried) => {
    const cache = new TemplateQueryCache();
    cache.setGroups(
      [group([alerting(expr, { s: '{{ query "sum(up)" | first | value }}' })], 5000)],
      parseThresholdRule,
    );
    const ds = datasource({ [queried]: UP, 'sum(up)': TOTAL });
    const wrapped = cache.wrap(ds.query);
    expect(await wrapped(queried, 95_000)).toEqual(UP);
    expect(ds.calls).toEqual(
      expect.arrayContaining([
        [queried, 95_000],
        ['sum(up)', 100_000],
      ]),
    );
    expect(cache.lookup(100_000)('sum(up)')).toEqual(TOTAL);
    expect(() => cache.lookup(95_000)('sum(up)')).toThrow(/was not run/);
  });

  it('runs nothing extra for expressions whose rules use no template query', async () => {
    const cache = new TemplateQueryCache();
    cache.setGroups([group([alerting('up == 0', { s: '{{ $value }}' })])]);
    const ds = datasource({ 'up == 0': UP });
    await cache.wrap(ds.query)('up == 0', 1000);
    expect(ds.calls).toEqual([['up == 0', 1000]]);
  });

  it('keeps a failed template query as the error of that query, not of the rule', async () => {
    const cache = new TemplateQueryCache();
    cache.setGroups([group([alerting('up', { s: '{{ query `bad(` }}' })])]);
    const ds = datasource({ up: UP, 'bad(': new Error('bad_data: parse error') });
    expect(await cache.wrap(ds.query)('up', 1000)).toEqual(UP);
    expect(() => cache.lookup(1000)('bad(')).toThrow('bad_data: parse error');
  });
});

describe('createTemplateExpander with template queries', () => {
  const data = {
    labels: { job: 'x' },
    value: 1,
    externalLabels: {},
    externalURL: '',
    alertName: 'A',
    evalTimeMs: 1000,
  };

  it.each([
    ['{{ query "sum(up)" | first | value }}', 'total', '3'],
    ['{{ range query "up" }}{{ .Labels.job }}{{ end }}', 'labels', 'x'],
  ])('expands %s from the prefetched %s', async (text, _what, want) => {
    const cache = new TemplateQueryCache();
    cache.setGroups([group([alerting('up', { s: text })])]);
    await cache.wrap(datasource({ up: UP, 'sum(up)': TOTAL }).query)('up', 1000);
    const { expand } = createTemplateExpander((at) => cache.lookup(at));
    expect(expand(text, data)).toBe(want);
  });

  it('fails a non-literal query with the template error text', () => {
    const cache = new TemplateQueryCache();
    const { expand } = createTemplateExpander((at) => cache.lookup(at));
    expect(() => expand('{{ query (printf "%s" "up") }}', data)).toThrow(
      /^error executing template __alert_A: .*error calling query: query "up" was not run/,
    );
  });
});
