import { describe, expect, it } from 'vitest';
import { formatFloat } from './ftoa.js';
import { printOne, sprint, sprintf, sprintln } from './format.js';
import { SafeHTML } from './values.js';

// Expected strings below were produced by Go (amtool's printf) unless noted.
describe('sprintf', () => {
  it.each([
    ['%v|%v|%v|%v|%v|%v', [1e6, 123456, 0.000001, 1e-5, 100, 2.5e10], '1e+06|123456|1e-06|1e-05|100|2.5e+10'],
    [
      '%.3e|%.1f|%.0f|%g|%.2g|%G',
      [1234.5678, 0.05, 3.5, 1e21, 0.000012345, 1e-10],
      '1.235e+03|0.1|4|1e+21|1.2e-05|1E-10',
    ],
    [
      '%6.2f|%-8.3f|%+.2e|%x|%b',
      [-1.005, 2, 12345.678, 255, 8],
      ' -1.00|2.000   |+1.23e+04|0x1.fep+07|4503599627370496p-49',
    ],
    ['%08.3f|%+08d|%-08d|%x|%X', [-3.14159, 42n, 42n, -1n, 'Zz'], '-003.142|+0000042|42      |-1|5A7A'],
    ['%d %s', ['x', 1n], '%!d(string=x) %!s(int=1)'],
    ['%d', [], '%!d(MISSING)'],
    ['%d', [1n, 'a'], '1%!(EXTRA string=a)'],
    ['%!', [], '%!!(MISSING)'],
    ['%!', [1n], '%!!(int=1)'],
    ['%', [], '%!(NOVERB)'],
    ['%T %T %T', [1n, 1.5, new SafeHTML('x')], 'int float64 template.HTML'],
    [
      '%v',
      [
        new Map([
          ['b', 2n],
          ['a', 1n],
        ]),
      ],
      'map[a:1 b:2]',
    ],
    ['%q', [['a', 'b']], '["a" "b"]'],
  ])('%j', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });
});

describe('formatFloat (strconv.FormatFloat)', () => {
  it.each([
    [0.5, 'f', 0, '0'],
    [1.5, 'f', 0, '2'],
    [2.5, 'f', 0, '2'],
    [0.125, 'f', 2, '0.12'],
    [0.375, 'f', 2, '0.38'],
    [NaN, 'g', -1, 'NaN'],
    [Infinity, 'g', -1, '+Inf'],
    [-Infinity, 'e', 3, '-Inf'],
    [-0, 'g', -1, '-0'],
    [1e21, 'g', -1, '1e+21'],
    [123456789, 'e', -1, '1.23456789e+08'],
    [1234567, 'g', 4, '1.235e+06'],
    [0.0001, 'g', -1, '0.0001'],
    [5e-324, 'g', -1, '5e-324'],
  ])('%d %s %d', (x, fmt, prec, want) => {
    expect(formatFloat(x, fmt, prec)).toBe(want);
  });
});

describe('sprint / sprintln / printOne', () => {
  it('adds spaces only between non-string operands', () => {
    expect(sprint(['a', 'b', 1n, 2n, 'c', 3n])).toBe('ab1 2c3');
  });
  it('always separates with spaces in sprintln', () => {
    expect(sprintln(['a', 1n, null])).toBe('a 1 <nil>\n');
  });
  it('prints values as %v', () => {
    expect([printOne(3), printOne(0.1), printOne(true), printOne(null), printOne(['a', 1n])]).toEqual([
      '3',
      '0.1',
      'true',
      '<nil>',
      '[a 1]',
    ]);
  });
});
