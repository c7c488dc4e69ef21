import { describe, expect, it } from 'vitest';
import { GoDuration, GoTime } from './gotime.js';
import { SafeHTML, goType, goTypeName, isTrue, kindOf, mapElemZero, mapEntries, methodOf } from './values.js';

class Thing {
  Field = 1n;
  Method(): string {
    return 'm';
  }
  lower(): string {
    return 'hidden';
  }
}

describe('value model', () => {
  it.each([
    [undefined, 'nil', '<nil>'],
    [null, 'nil', '<nil>'],
    [true, 'bool', 'bool'],
    [1n, 'int', 'int'],
    [1.5, 'float', 'float64'],
    ['s', 'string', 'string'],
    [new SafeHTML('x'), 'string', 'template.HTML'],
    [['a'], 'slice', '[]interface {}'],
    [{ a: 1 }, 'map', 'map[string]interface {}'],
    [new Map(), 'map', 'map[string]interface {}'],
    [new Thing(), 'struct', 'main.Thing'],
    [new GoDuration(5n), 'int', 'time.Duration'],
    [GoTime.zero(), 'struct', 'time.Time'],
    [
      Object.assign(Object.create({}) as object, { [goType]: { name: 'template.KV', kind: 'map' } }),
      'map',
      'template.KV',
    ],
  ])('%# is %s (%s)', (v, kind, type) => {
    expect(kindOf(v)).toBe(kind);
    expect(goTypeName(v)).toBe(type);
  });

  it.each([
    [0n, false],
    [2n, true],
    [0, false],
    [NaN, true],
    ['', false],
    [[], false],
    [{}, false],
    [{ a: '' }, true],
    [new Thing(), true],
    [null, false],
    [new GoDuration(0n), false],
  ])('truth of case %# is %s', (v, want) => {
    expect(isTrue(v)).toBe(want);
  });

  it('finds only exported prototype methods', () => {
    const t = new Thing();
    expect(methodOf(t, 'Method')?.call(t)).toBe('m');
    expect(methodOf(t, 'lower')).toBeUndefined();
    expect(methodOf(t, 'Field')).toBeUndefined();
    expect(methodOf({ F: () => 1 }, 'F')).toBeUndefined();
  });

  it('sorts map entries by key and infers the element zero value', () => {
    expect(mapEntries({ b: 1, a: 2 }).map(([k]) => k)).toEqual(['a', 'b']);
    expect(
      mapEntries(
        new Map([
          [2n, 'x'],
          [10n, 'y'],
        ]),
      ).map(([k]) => k),
    ).toEqual([2n, 10n]);
    expect([
      mapElemZero({ a: 'x' }),
      mapElemZero({ a: 1.5 }),
      mapElemZero({ a: 1n }),
      mapElemZero({ a: 'x', b: 1n }),
    ]).toEqual(['', 0, 0n, null]);
  });
});
