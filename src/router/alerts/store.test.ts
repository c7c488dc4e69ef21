import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/alert.js';
import { prepareAlerts } from './intake.js';
import type { PostableAlert } from './intake.js';
import { AlertStore } from './store.js';

function post(store: AlertStore, now: number, p: PostableAlert): Alert {
  const { alerts } = prepareAlerts([p], now, 300_000);
  const [stored] = store.put(alerts, now);
  if (!stored) throw new Error('not stored');
  return stored;
}

describe('AlertStore', () => {
  it('merges overlapping updates keeping the earliest start and the newest annotations', () => {
    const s = new AlertStore();
    post(s, 1000, { labels: { a: '1' }, startsAt: 1000, endsAt: 61_000, annotations: { v: '1' } });
    const b = post(s, 2000, { labels: { a: '1' }, startsAt: 1500, annotations: { v: '2' } });
    // The newer timeout end (302s) is later than the old explicit end (61s), so it wins.
    expect(b).toMatchObject({ startsAt: 1000, endsAt: 302_000, annotations: { v: '2' }, timeout: true });
  });

  it('keeps an older explicit end over a newer timeout end', () => {
    const s = new AlertStore();
    post(s, 1000, { labels: { a: '1' }, startsAt: 1000, endsAt: 900_000 });
    const b = post(s, 2000, { labels: { a: '1' }, startsAt: 1500 });
    expect(b.endsAt).toBe(900_000);
  });

  it('replaces a resolved alert when it fires again (fresh startsAt)', () => {
    const s = new AlertStore();
    post(s, 1000, { labels: { a: '1' }, startsAt: 1000, endsAt: 5000 });
    const b = post(s, 10_000, { labels: { a: '1' }, startsAt: 10_000 });
    expect(b).toMatchObject({ startsAt: 10_000, endsAt: 310_000 });
  });

  it('publishes every put to subscribers and GCs resolved alerts', () => {
    const s = new AlertStore();
    const seen: string[] = [];
    const off = s.subscribe((a) => seen.push(a.fingerprint));
    post(s, 1000, { labels: { a: '1' }, endsAt: 1010 });
    post(s, 1000, { labels: { b: '1' } });
    off();
    post(s, 1000, { labels: { c: '1' } });
    expect(seen).toHaveLength(2);
    expect(s.gc(2000).map((a) => a.labels)).toEqual([{ a: '1' }]);
    expect(s.size).toBe(2);
  });
});
