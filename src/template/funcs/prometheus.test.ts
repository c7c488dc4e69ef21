// Prometheus template functions outside promtool 2.42's set (toDuration, now,
// urlQueryEscape), the function-level helpers, and the alert prelude utilities.
import { describe, expect, it } from 'vitest';
import {
  CompiledAlertTemplate,
  checkAlertTemplate,
  expandAlertTemplate,
  findQueries,
} from './alert-prelude.js';
import { formatGoG } from './gofloat.js';
import { compileGoRegexp, goReplaceAll } from './goregexp.js';
import { parseGoFloat } from './goparse.js';
import { casesTitle, goTitle, stripDomain, stripPort } from './strings.js';

const base = {
  labels: { instance: 'a:1', job: 'api' },
  value: 0.5,
  externalURL: 'https://prom.example.com/sub',
  evalTimeMs: 1_700_000_000_123,
};

function expand(text: string, extra: Partial<typeof base> = {}): string {
  return expandAlertTemplate('Test', text, { ...base, ...extra }).text;
}

describe('newer Prometheus functions (Prometheus template_test.go values)', () => {
  it.each([
    ['{{ (1800 | toDuration).String }}', '30m0s'],
    ['{{ toDuration 90.5 }}', '1m30.5s'],
    ['{{ now }}', '1.700000000123e+09'],
    // 1700000000.123 × 1e9 is 1700000000122999808 in float64, so Go also prints .122.
    ['{{ now | humanizeTimestamp }}', '2023-11-14 22:13:20.122 +0000 UTC'],
    ['{{ urlQueryEscape "a b&c" }}', 'a+b%26c'],
    ['{{ externalURL }}|{{ pathPrefix }}', 'https://prom.example.com/sub|/sub'],
    ['{{ "1234567" | humanize }}', '1.235M'],
  ])('%s', (text, expected) => {
    expect(expand(text)).toBe(expected);
  });

  it('fails query without a query function, like a failed query', () => {
    expect(expand('{{ query "up" }}')).toContain('error calling query: no query function configured');
  });

  it('reuses one parsed template across evaluations', () => {
    const t = new CompiledAlertTemplate('X', '{{ $labels.job }}={{ $value }} {{ query "up" | len }}');
    const q1 = () => [{ labels: {}, value: 1 }];
    expect(t.expand({ labels: { job: 'a' }, value: 1, query: q1 }).text).toBe('a=1 1');
    expect(t.expand({ labels: { job: 'b' }, value: 2, query: () => [] }).text).toBe('b=2 0');
  });

  it('keeps text without actions as is', () => {
    expect(expand('no actions {here}')).toBe('no actions {here}');
  });

  it('reports parse failures as Prometheus does', () => {
    const res = expandAlertTemplate('Bad', '{{ nope }}', base);
    expect(res.error).toBe(
      'error parsing template __alert_Bad: template: __alert_Bad:1: function "nope" not defined',
    );
    expect(res.text).toBe(`<error expanding template: ${res.error}>`);
  });
});

describe('checkAlertTemplate and findQueries', () => {
  it('maps positions back into the user text', () => {
    expect(checkAlertTemplate('A', 'ok {{ $label.x }}')).toMatchObject({
      message: 'template: __alert_A:1: undefined variable "$label"',
      line: 1,
    });
    expect(checkAlertTemplate('A', '{{ $labels.x }}')).toBeUndefined();
    expect(checkAlertTemplate('A', 'a\nb\n{{ end }}')?.line).toBe(3);
  });

  it('lists literal queries for pre-fetching', () => {
    expect(findQueries('{{ query "up{job=\\"a\\"}" }} {{ query `sum(x)` | first }} {{ query $q }}')).toEqual([
      'up{job="a"}',
      'sum(x)',
    ]);
  });
});

describe('Go formatting helpers', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [12345, '1.234e+04'],
    [1234.5, '1234'],
    [0.00012345, '0.0001234'],
    [1e21, '1e+21'],
    [5e-324, '4.941e-324'],
    [Infinity, '+Inf'],
  ])('%%.4g of %d', (v, expected) => {
    expect(formatGoG(v, 4)).toBe(expected);
  });

  it.each([
    ['1e3', 1000],
    ['-Inf', -Infinity],
    ['0x1p-2', 0.25],
    ['.5', 0.5],
  ])('ParseFloat %s', (s, v) => {
    expect(parseGoFloat(s)).toBe(v);
  });

  it.each(['', 'abc', '0x10', '1_000', '+nan'])('ParseFloat rejects %j', (s) => {
    expect(() => parseGoFloat(s)).toThrow('invalid syntax');
  });
});

describe('Go regexp translation', () => {
  it.each([
    ['(?i)^WEB', 'web-1', '', 'X', 'X-1'],
    ['\\Aa|b\\z', 'aab', '', '-', '-a-'],
    ['[[:digit:]]+', 'a12b3', '', '#', 'a#b#'],
    ['\\pL+', 'ab12é', '', '_', '_12_'],
    ['a{', 'a{b', '', 'x', 'xb'],
    ['(?P<x>b)', 'abc', '', '[${x}]', 'a[b]c'],
    ['\\Q.*\\E', 'a.*b', '', '!', 'a!b'],
  ])('%s on %s', (pattern, text, _unused, repl, expected) => {
    expect(goReplaceAll(compileGoRegexp(pattern), text, repl)).toBe(expected);
  });

  it.each([
    ['a**', 'invalid nested repetition operator: `**`'],
    ['(a', 'missing closing ): `(a`'],
    ['a)', 'unexpected ): `a)`'],
    ['\\8', 'invalid escape sequence: `\\8`'],
  ])('rejects %s', (pattern, message) => {
    expect(() => compileGoRegexp(pattern)).toThrow(`error parsing regexp: ${message}`);
  });
});

describe('string helpers', () => {
  it.each([
    ['hello wORLD', 'Hello WORLD', 'Hello World'],
    ["don't x_y a.b 1st", "Don'T X_y A.B 1st", "Don't X_y A.b 1St"],
  ])('title %s', (s, prom, am) => {
    expect(goTitle(s)).toBe(prom);
    expect(casesTitle(s)).toBe(am);
  });

  it.each([
    ['host:80', 'host', 'host:80'],
    ['a.b.c:80', 'a.b.c', 'a:80'],
    ['[::1]:80', '::1', '[::1]:80'],
    ['10.0.0.1', '10.0.0.1', '10.0.0.1'],
  ])('stripPort/stripDomain %s', (hp, port, domain) => {
    expect(stripPort(hp)).toBe(port);
    expect(stripDomain(hp)).toBe(domain);
  });
});
