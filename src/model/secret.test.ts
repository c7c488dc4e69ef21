import { inspect, format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.js';

describe('Secret', () => {
  const value = 'hunter2-very-secret';
  const s = new Secret(value);

  it('reveals its value only on request', () => {
    expect(s.reveal()).toBe(value);
    expect(s.isEmpty()).toBe(false);
    expect(new Secret('').isEmpty()).toBe(true);
  });

  it.each<[string, () => string]>([
    ['String()', () => String(s)],
    ['template literal', () => `${s}`],
    ['JSON.stringify', () => JSON.stringify({ password: s })],
    ['util.inspect', () => inspect({ nested: { password: s } }, { depth: 10, showHidden: true })],
    ['util.format %o', () => format('%o', s)],
    ['Object.keys', () => Object.keys(s).join(',')],
    ['Object.entries', () => JSON.stringify(Object.entries(s))],
  ])('masks the value in %s', (_name, show) => {
    const out = show();
    expect(out).not.toContain(value);
  });

  it('prints as <secret>', () => {
    expect(String(s)).toBe('<secret>');
    expect(JSON.stringify(s)).toBe('"<secret>"');
    expect(inspect(s)).toBe('<secret>');
  });

  it('is immutable', () => {
    expect(Object.isFrozen(s)).toBe(true);
  });
});
