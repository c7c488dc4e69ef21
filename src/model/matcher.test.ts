import { describe, expect, it } from 'vitest';
import {
  compareMatchers,
  formatMatcher,
  formatMatchers,
  matchesLabels,
  MatcherError,
  newMatcher,
  parseMatcher,
  parseMatchers,
} from './matcher.js';
import type { MatchType } from './matcher.js';

type Triple = [string, MatchType, string];
const triples = (text: string): Triple[] => parseMatchers(text).map((m) => [m.name, m.type, m.value]);

// Cases from Alertmanager's pkg/labels/parse_test.go (0.25).
describe('parseMatchers', () => {
  it.each<[string, Triple[]]>([
    ['{foo="bar"}', [['foo', '=', 'bar']]],
    ['{foo=~"bar.*"}', [['foo', '=~', 'bar.*']]],
    ['{foo!="bar"}', [['foo', '!=', 'bar']]],
    ['{foo!~"bar.*"}', [['foo', '!~', 'bar.*']]],
    [
      '{foo="bar", baz!="quux"}',
      [
        ['foo', '=', 'bar'],
        ['baz', '!=', 'quux'],
      ],
    ],
    [
      '{foo="bar",baz!~".*quux", derp="wat"}',
      [
        ['foo', '=', 'bar'],
        ['baz', '!~', '.*quux'],
        ['derp', '=', 'wat'],
      ],
    ],
    ['{foo=""}', [['foo', '=', '']]],
    [
      '{foo="bar,quux", job="job1"}',
      [
        ['foo', '=', 'bar,quux'],
        ['job', '=', 'job1'],
      ],
    ],
    [
      '{foo = "bar", dings != "bums", }',
      [
        ['foo', '=', 'bar'],
        ['dings', '!=', 'bums'],
      ],
    ],
    [
      'foo=bar,dings!=bums',
      [
        ['foo', '=', 'bar'],
        ['dings', '!=', 'bums'],
      ],
    ],
    [
      '{quote="She said: \\"Hi, ladies! That\'s gender-neutral…\\""}',
      [['quote', '=', 'She said: "Hi, ladies! That\'s gender-neutral…"']],
    ],
    ['statuscode=~"5.."', [['statuscode', '=~', '5..']]],
    ['tricky=~~~', [['tricky', '=~', '~~']]],
    ['trickier==\\\\=\\=\\"', [['trickier', '=', '=\\=\\="']]],
    [
      'contains_quote != "\\"" , contains_comma !~ "foo,bar" , ',
      [
        ['contains_quote', '!=', '"'],
        ['contains_comma', '!~', 'foo,bar'],
      ],
    ],
    ['job=', [['job', '=', '']]],
    ['a="line\\nbreak"', [['a', '=', 'line\nbreak']]],
    ['a=trailing\\', [['a', '=', 'trailing\\']]],
    ['colon:name="x"', [['colon:name', '=', 'x']]],
    ['a=unquoted value', [['a', '=', 'unquoted value']]],
    ['', []],
  ])('%s', (input, want) => {
    expect(triples(input)).toEqual(want);
  });

  it.each([
    ['job="value', 'matcher value contains unescaped double quote: "value'],
    ['job=value"', 'matcher value contains unescaped double quote: value"'],
    ['trickier==\\\\=\\=\\""', 'matcher value contains unescaped double quote: =\\\\=\\=\\""'],
    ['contains_unescaped_quote = foo"bar', 'matcher value contains unescaped double quote: foo"bar'],
    ['{invalid-name = "valid label"}', 'bad matcher format: invalid-name = "valid label"'],
    ['{foo=~"invalid[regexp"}', 'error parsing regexp: missing closing ]: `[regexp)$`'],
    ['"{foo=\\"bar"}', 'bad matcher format: "{foo=\\"bar"'],
    ['"foo=\\"bar\\""', 'bad matcher format: "foo=\\"bar\\""'],
    ['"foo="bar""', 'bad matcher format: "foo="bar""'],
    ['foo', 'bad matcher format: foo'],
    ['a="trailing\\', 'matcher value contains unescaped double quote: "trailing\\'],
    ['a=~"(b"', 'error parsing regexp: missing closing ): `^(?:(b)$`'],
    ['a=~"(?=b)"', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['a=~"(b)\\\\1"', 'error parsing regexp: invalid escape sequence: `\\1`'],
  ])('rejects %s', (input, message) => {
    expect(() => parseMatchers(input)).toThrow(new MatcherError(message));
  });
});

describe('matching', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['a="b"', { a: 'b' }, true],
    ['a="b"', { a: 'bb' }, false],
    ['a!="b"', {}, true],
    ['a=""', {}, true],
    ['a=~"b|c"', { a: 'c' }, true],
    ['a=~"b"', { a: 'abc' }, false],
    ['a=~"b.*"', { a: 'b\n' }, false],
    ['a!~"b.*"', { a: 'xb' }, true],
    ['a=~".*"', {}, true],
    ['a=~".+"', {}, false],
    ['a=~"(?i)prod"', { a: 'PROD' }, true],
    ['a=~"[[:digit:]]+"', { a: '123' }, true],
    ['a=~"(?P<x>foo)"', { a: 'foo' }, true],
    ['a=~"x\\\\.y"', { a: 'x.y' }, true],
    ['a=~"x\\\\.y"', { a: 'xzy' }, false],
  ])('%s on %j is %s', (text, labels, want) => {
    expect(matchesLabels([parseMatcher(text)], labels)).toBe(want);
  });

  it('ANDs all matchers', () => {
    const ms = parseMatchers('{a="1", b=~"2|3"}');
    expect(matchesLabels(ms, { a: '1', b: '3' })).toBe(true);
    expect(matchesLabels(ms, { a: '1', b: '4' })).toBe(false);
  });

  it('throws MatcherError for a bad regex from newMatcher', () => {
    expect(() => newMatcher('a', '=~', '*')).toThrow(MatcherError);
  });
});

describe('formatting', () => {
  it.each([
    ['a="b"', 'a="b"'],
    ['a=~b.*', 'a=~"b.*"'],
    ['a!="say \\"hi\\""', 'a!="say \\"hi\\""'],
    ['a="x\\ny"', 'a="x\\ny"'],
    ['a="back\\\\slash"', 'a="back\\\\slash"'],
  ])('%s formats as %s', (input, want) => {
    const m = parseMatcher(input);
    expect(formatMatcher(m)).toBe(want);
    expect(triples(formatMatcher(m))).toEqual([[m.name, m.type, m.value]]);
  });

  it('formats a list without spaces, like Matchers.String()', () => {
    expect(formatMatchers(parseMatchers('a="1", b!~"2"'))).toBe('{a="1",b!~"2"}');
  });

  it('sorts by name, value, then operator', () => {
    const ms = parseMatchers('b="1",a!="2",a="2",a="1"').sort(compareMatchers);
    expect(ms.map(formatMatcher)).toEqual(['a="1"', 'a="2"', 'a!="2"', 'b="1"']);
  });
});
