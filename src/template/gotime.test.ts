import { describe, expect, it } from 'vitest';
import { GoDuration, GoTime } from './gotime.js';

describe('GoDuration.String', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [1_500_000n, '1.5ms'],
    [1_000_000_000n, '1s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-5_400_500_000_000n, '-1h30m0.5s'],
  ])('%d ns → %s', (ns, want) => {
    expect(new GoDuration(ns).String()).toBe(want);
  });

  it('converts seconds', () => {
    expect(GoDuration.fromSeconds(1800).String()).toBe('30m0s');
    expect(new GoDuration(2_500_000_000n).Seconds()).toBe(2.5);
  });
});

describe('GoTime', () => {
  const t = GoTime.utc(2015, 6, 23, 13, 19, 44, 128_000_000);

  it('prints like Go time.Time.String()', () => {
    expect(t.String()).toBe('2015-06-23 13:19:44.128 +0000 UTC');
    expect(GoTime.zero().String()).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(GoTime.fromUnixSeconds(0).String()).toBe('1970-01-01 00:00:00 +0000 UTC');
  });

  it.each([
    ['2006-01-02T15:04:05Z07:00', '2015-06-23T13:19:44Z'],
    ['Mon Jan _2 15:04:05 2006', 'Tue Jun 23 13:19:44 2015'],
    ['02/01/06 3:04PM .000', '23/06/15 1:19PM .128'],
    ['Monday, January 2 2006 MST -0700', 'Tuesday, June 23 2015 UTC +0000'],
    ['15:04:05.999999999', '13:19:44.128'],
  ])('formats layout %j', (layout, want) => {
    expect(t.Format(layout)).toBe(want);
  });

  it('shows a fixed offset and zone name', () => {
    const z = t.withZone(2 * 3600, 'CEST');
    expect(z.Format('2006-01-02 15:04 MST Z07:00')).toBe('2015-06-23 15:19 CEST +02:00');
    expect(z.UTC().Equal(t)).toBe(true);
  });

  it('does arithmetic in nanoseconds', () => {
    const later = t.Add(new GoDuration(90_000_000_000n));
    expect(later.Sub(t).String()).toBe('1m30s');
    expect(later.After(t) && t.Before(later)).toBe(true);
    expect(t.Unix()).toBe(1435065584n);
    expect(t.UnixMilli()).toBe(1435065584128n);
  });
});
