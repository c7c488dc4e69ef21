import { describe, expect, it } from 'vitest';
import type { Alert } from './alert.js';
import { compareAlerts, formatGoTime, isResolved, mergeAlerts, ZERO_TIME } from './alert.js';

const base: Alert = {
  labels: { a: '1' },
  annotations: {},
  startsAt: 100,
  endsAt: 1000,
  generatorURL: '',
  updatedAt: 10,
  timeout: false,
  fingerprint: 'f',
};
const A = (o: Partial<Alert>): Alert => ({ ...base, ...o });

describe('mergeAlerts (Alertmanager Alert.Merge)', () => {
  it.each<[string, Alert, Alert, number, Partial<Alert>]>([
    ['earliest start wins', A({ startsAt: 50 }), A({ startsAt: 80, updatedAt: 20 }), 0, { startsAt: 50 }],
    [
      'newer annotations win',
      A({ annotations: { x: 'old' } }),
      A({ annotations: { x: 'new' }, updatedAt: 20 }),
      0,
      { annotations: { x: 'new' } },
    ],
    [
      'later end of two resolved alerts wins',
      A({ endsAt: 900 }),
      A({ endsAt: 500, updatedAt: 20 }),
      2000,
      { endsAt: 900 },
    ],
    [
      'explicit older end kept over newer firing end',
      A({ endsAt: 5000 }),
      A({ endsAt: 3000, updatedAt: 20, timeout: true }),
      2000,
      { endsAt: 5000 },
    ],
    [
      'timeout older end not kept',
      A({ endsAt: 5000, timeout: true }),
      A({ endsAt: 3000, updatedAt: 20 }),
      2000,
      { endsAt: 3000 },
    ],
    [
      'order of arguments does not matter',
      A({ endsAt: 3000, updatedAt: 20 }),
      A({ endsAt: 5000 }),
      2000,
      { endsAt: 5000, updatedAt: 20 },
    ],
  ])('%s', (_n, a, b, now, want) => {
    expect(mergeAlerts(a, b, now)).toMatchObject(want);
  });
});

describe('alert helpers', () => {
  it.each<[number, string]>([
    [ZERO_TIME, '0001-01-01T00:00:00Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5), '2026-01-02T03:04:05Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 120), '2026-01-02T03:04:05.12Z'],
  ])('formats %d as Go RFC3339Nano', (ms, text) => {
    expect(formatGoTime(ms)).toBe(text);
  });

  it('is resolved once endsAt is not after now', () => {
    expect([
      isResolved(A({ endsAt: 10 }), 10),
      isResolved(A({ endsAt: 11 }), 10),
      isResolved(A({ endsAt: ZERO_TIME }), 10),
    ]).toEqual([true, false, false]);
  });

  it('sorts by job, then instance (present first), then label set', () => {
    const xs = [
      A({ labels: { alertname: 'z' } }),
      A({ labels: { job: 'b', instance: '1' } }),
      A({ labels: { job: 'a', instance: '2' } }),
      A({ labels: { job: 'a', instance: '1' } }),
      A({ labels: { job: 'a' } }),
      A({ labels: { alertname: 'y', x: '1' } }),
    ];
    expect(xs.sort(compareAlerts).map((a) => a.labels)).toEqual([
      { job: 'a', instance: '1' },
      { job: 'a', instance: '2' },
      { job: 'a' },
      { job: 'b', instance: '1' },
      { alertname: 'z' },
      { alertname: 'y', x: '1' },
    ]);
  });
});
