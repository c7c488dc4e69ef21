// Time parameters of the history endpoint, as Prometheus' API accepts them.
import { describe, expect, it } from 'vitest';
import { parseTime } from './notifications.js';

describe('parseTime', () => {
  it.each([
    ['1700000000', 1_700_000_000_000],
    ['1700000000.5', 1_700_000_000_500],
    ['2026-01-15T12:00:00Z', Date.UTC(2026, 0, 15, 12)],
    ['2026-01-15T13:00:00+01:00', Date.UTC(2026, 0, 15, 12)],
    ['yesterday', undefined],
    ['2026-13-45T99:00:00Z', undefined],
  ])('%s', (v, want) => {
    expect(parseTime(v)).toBe(want);
  });
});
