import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2w', 14 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['150ms', 150],
    ['1d12h', 36 * 3_600_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(['', '5', '1m1h', '-5m', '1.5h', '5 m', 'abc'])('rejects %j', (text) => {
    expect(parseDuration(text)).toEqual({
      ok: false,
      error: `not a valid duration string: ${JSON.stringify(text)}`,
    });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [1500, '1s500ms'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
