import { describe, expect, it } from 'vitest';
import { compileRe2, RegexError } from './re2.js';

describe('compileRe2', () => {
  it.each<[string, string, boolean]>([
    ['foo|bar', 'bar', true],
    ['foo|bar', 'foobar', false],
    ['(?i)prod', 'PrOd', true],
    ['(?s)a.b', 'a\nb', true],
    ['a.b', 'a\nb', false],
    ['(?P<x>a+)b', 'aab', true],
    ['[[:alpha:]]+', 'abcXYZ', true],
    ['[[:digit:][:upper:]]+', '12AB', true],
    ['[[:digit:]]+', '12a', false],
    ['\\Qa.b\\E', 'a.b', true],
    ['\\Qa.b\\E', 'axb', false],
    ['a\\z', 'a', true],
    ['\\Aab', 'ab', true],
    ['[]a]+', ']a]', true],
    ['x{2}', 'xx', true],
    ['\\d+\\.\\d+', '3.14', true],
    ['\\pL+', 'héllo', true],
    ['\\p{Greek}+', 'αβγ', true],
    ['\\PL', '1', true],
  ])('%s on %j is %s (anchored)', (re, input, want) => {
    expect(compileRe2(re, true).test(input)).toBe(want);
  });

  it('leaves the pattern unanchored when asked', () => {
    expect(compileRe2('b', false).test('abc')).toBe(true);
    expect(compileRe2('b', true).test('abc')).toBe(false);
  });

  it.each([
    ['(a', 'error parsing regexp: missing closing ): `^(?:(a)$`'],
    ['a)', 'error parsing regexp: unexpected ): `^(?:a))$`'],
    ['[a', 'error parsing regexp: missing closing ]: `[a)$`'],
    ['*a', 'error parsing regexp: missing argument to repetition operator'],
    ['(?=a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['(?!a)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?!`'],
    ['(?<=a)b', 'error parsing regexp: invalid or unsupported Perl syntax: `(?<`'],
    ['(a)\\1', 'error parsing regexp: invalid escape sequence: `\\1`'],
    ['\\k', 'error parsing regexp: invalid escape sequence: `\\k`'],
    ['[[:foo:]]', 'error parsing regexp: invalid character class range: `[:foo:]`'],
  ])('rejects %s like Go', (re, message) => {
    expect(() => compileRe2(re, true)).toThrow(new RegexError(message));
  });
});
