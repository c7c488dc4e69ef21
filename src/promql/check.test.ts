import { describe, expect, it } from 'vitest';
import { checkExpr, exprPosition, formatPromqlError } from './check.js';

describe('checkExpr syntax errors', () => {
  it.each([
    ['sum(foo', 7, 'unclosed left parenthesis'],
    ['foo bar', 4, 'unexpected identifier "bar"'],
    ['unknown_fn(x)', 0, 'unknown function with name "unknown_fn"'],
    ['foo{a=', 6, 'unexpected end of input inside braces'],
    ['rate(x[5m)', 9, "unexpected right parenthesis ')'"],
    ['a +', 3, 'unexpected end of input'],
    [')', 0, "unexpected right parenthesis ')'"],
    ['foo{a="b"}}', 10, "unexpected right brace '}'"],
    ['rate(x[5m]', 10, 'unclosed left parenthesis'],
    ['', 0, 'no expression found in input'],
    ['  # only a comment\n', 0, 'no expression found in input'],
  ])('%j → offset %i: %s', (expr, from, message) => {
    const ds = checkExpr(expr);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ from, message, severity: 'error' });
  });
});

describe('checkExpr type errors', () => {
  it.each([
    ['rate(foo)', 5, 'expected type range vector in call to function "rate", got instant vector'],
    ['abs(foo, bar)', 0, 'expected 1 argument(s) in call to "abs", got 2'],
    ['foo[5m] + 1', 0, 'binary expression must contain only scalar and instant vector types'],
    ['1 > 2', 0, 'comparisons between scalars must use BOOL modifier'],
    ['foo and 1', 0, 'set operator not allowed in binary scalar expression'],
    ['sum(foo[5m])', 4, 'expected type instant vector in aggregation expression, got range vector'],
    ['foo{a=~"("}', 4, 'error parsing regexp: missing closing ): `^(?:()$`'],
    ['foo{"a"!~"a**"}', 4, 'error parsing regexp: nothing to repeat: `^(?:a**)$`'],
    ['foo @ 1 @ 2', 0, '@ <timestamp> may not be set multiple times'],
    ['rate(foo[5m] @ 1 @ 2)', 5, '@ <timestamp> may not be set multiple times'],
    ['foo offset 1m offset 2m', 0, 'offset may not be set multiple times'],
    [
      '-up[5m]',
      0,
      'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"',
    ],
    ['(foo)[5m]', 0, 'ranges only allowed for vector selectors'],
    ['{}', 0, 'vector selector must contain at least one non-empty matcher'],
  ])('%j → offset %i: %s', (expr, from, message) => {
    expect(checkExpr(expr)).toContainEqual(expect.objectContaining({ from, message, severity: 'error' }));
  });

  it.each([
    'sum(rate(x[5m])) by (a) > 1',
    'histogram_quantile(0.9, sum by (le) (rate(a_bucket[5m])))',
    'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1',
    'a > 1 # trailing comment',
    'foo offset 5m',
    '(\n  sum(rate(a[5m]))\n  /\n  sum(rate(b[5m]))\n) < 0.999\n',
    'predict_linear(node_filesystem_free_bytes[1h], 4 * 3600) < 0',
    'foo{a=~"(?i)mixed"}',
    'foo @ 1 offset 1m',
    'foo{a=~"[a-z]+\\\\d"}',
  ])('accepts %j', (expr) => {
    expect(checkExpr(expr)).toEqual([]);
  });
});

describe('positions', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['a\nbc', 3, 2, 2],
    ['a\n', 2, 2, 1],
  ])('%j offset %i → %i:%i', (expr, offset, line, column) => {
    expect(exprPosition(expr, offset)).toEqual({ line, column });
  });

  it('formats like Prometheus', () => {
    const expr = 'sum(foo)\n  + bar)\n';
    const [d] = checkExpr(expr);
    expect(d).toBeDefined();
    if (d) expect(formatPromqlError(expr, d)).toBe("2:9: parse error: unexpected right parenthesis ')'");
  });
});

describe('repeated expressions', () => {
  it.each(['rate(foo)', 'sum(foo', 'sum(rate(x[5m])) > 1'])('%j gives equal, independent results', (expr) => {
    const first = checkExpr(expr);
    const second = checkExpr(expr);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    second.length = 0;
    expect(checkExpr(expr)).toEqual(first);
  });
});
