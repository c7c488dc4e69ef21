import { describe, expect, it } from 'vitest';
import { prepareAlerts } from './intake.js';
import type { PostableAlert } from './intake.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const T = (iso: string): number => Date.parse(iso);

describe('prepareAlerts', () => {
  // Messages as returned by Alertmanager 0.25 for the same bodies.
  it.each<[string, PostableAlert, string]>([
    ['no labels', { labels: {} }, 'at least one label pair required'],
    ['only empty labels', { labels: { a: '' } }, 'at least one label pair required'],
    [
      'end before start',
      { labels: { a: '1' }, startsAt: T('2026-01-02T00:00:00Z'), endsAt: T('2026-01-01T00:00:00Z') },
      'start time must be before end time',
    ],
    ['digit first', { labels: { '0bad': '1' } }, 'invalid label set: invalid name "0bad"'],
    ['dash', { labels: { 'a-b': '1' } }, 'invalid label set: invalid name "a-b"'],
    [
      'bad annotation',
      { labels: { a: '1' }, annotations: { 'x y': 'z' } },
      'invalid annotations: invalid name "x y"',
    ],
  ])('rejects %s', (_name, alert, message) => {
    const r = prepareAlerts([alert], NOW, 300_000);
    expect(r.alerts).toEqual([]);
    expect(r.errors).toEqual([message]);
  });

  it('keeps the valid alerts of a mixed batch and lists every reason', () => {
    const r = prepareAlerts(
      [{ labels: {} }, { labels: { ok: '1' } }, { labels: { a: '-' }, startsAt: 5, endsAt: 1 }],
      NOW,
      1,
    );
    expect(r.alerts.map((a) => a.labels)).toEqual([{ ok: '1' }]);
    expect(r.errors.join('; ')).toBe('at least one label pair required; start time must be before end time');
  });

  it('applies resolve_timeout and start defaults', () => {
    const [a] = prepareAlerts([{ labels: { alertname: 'A', empty: '' } }], NOW, 300_000).alerts;
    expect(a).toMatchObject({
      labels: { alertname: 'A' },
      startsAt: NOW,
      endsAt: NOW + 300_000,
      timeout: true,
      updatedAt: NOW,
      fingerprint: 'd2c6efc389df0927',
    });
  });

  it('takes startsAt from endsAt when only endsAt is given', () => {
    const [a] = prepareAlerts([{ labels: { a: '1' }, endsAt: NOW - 10 }], NOW, 300_000).alerts;
    expect(a).toMatchObject({ startsAt: NOW - 10, endsAt: NOW - 10, timeout: false });
  });
});
