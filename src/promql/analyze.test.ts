import { describe, expect, it } from 'vitest';
import { typeCheck, typeCheckInEditor } from './analyze.js';
import { parsePromql } from './syntax.js';

// The headless analyzer must agree with the analyzer in a real editor state, including when it
// is given our own lezer tree instead of parsing with codemirror-promql's bundled grammar.
const EXPRS = [
  'rate(foo)',
  'abs(foo, bar)',
  'foo[5m] + 1',
  '1 > 2',
  'foo and 1',
  'sum(foo[5m])',
  '{}',
  'sum by (instance) (rate(http_requests_total{job="a",code=~"5.."}[5m])) / sum by (instance) (rate(http_requests_total{job="a"}[5m])) > 0.05',
  'histogram_quantile(0.99, sum by (le, instance) (rate(x_bucket[5m])))',
  'label_replace(up, "a", "$1", "b", "(.*)")',
  'count_values("a", x) > bool 1',
  'x unless ignoring(a) y',
  'up == on(a) group_right b',
  'scalar(x) > 1',
  'predict_linear(node_filesystem_avail_bytes[1h], 4 * 3600) < 0',
  'rate(foo[5m:1m])',
  'topk(3, x[5m])',
  '(\n  sum(rate(a[5m]))\n  /\n  sum(rate(b[5m]))\n) < 0.999\n',
  'a > 1 # comment\n',
  'vector(1) and on() y',
  '"str"',
  'time() + foo[5m]',
];

describe('typeCheck', () => {
  it.each(EXPRS)('agrees with the editor-state analyzer on %j', (expr) => {
    const inEditor = typeCheckInEditor(expr);
    expect(typeCheck(expr)).toEqual(inEditor);
    expect(typeCheck(expr, parsePromql(expr))).toEqual(inEditor);
  });

  it('finds type errors through the shared tree', () => {
    const expr = 'rate(foo) > 1';
    expect(typeCheck(expr, parsePromql(expr))).toEqual([
      expect.objectContaining({ from: 5, message: expect.stringContaining('got instant vector') }),
    ]);
  });

  it('analyzes expressions with carriage returns in an editor state', () => {
    const expr = 'rate(foo)\r\n+ 1';
    expect(typeCheck(expr)).toEqual(typeCheckInEditor(expr));
    expect(typeCheck(expr).length).toBeGreaterThan(0);
  });
});
