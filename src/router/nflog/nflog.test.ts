import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../model/clock.js';
import { openStore } from '../../store/store.js';
import type { Store } from '../../store/store.js';
import type { NflogEntry } from '../pipeline/types.js';
import { needsUpdate } from './dedup.js';
import { entryKey, NotificationLog } from './nflog.js';

const H = 3600_000;
const key = { groupKey: '{}:{a="1"}', receiver: 'team', integration: 'webhook', index: 0 };

function entry(firing: string[], resolved: string[], timestamp = 11 * H): NflogEntry {
  return { timestamp, firing, resolved };
}

describe('needsUpdate', () => {
  const s = (...xs: string[]): Set<string> => new Set(xs);
  it.each([
    ['no entry, firing', undefined, s('a'), s(), false, 'first notification'],
    ['no entry, only resolved', undefined, s(), s('a'), true, null],
    ['no entry, nothing', undefined, s(), s(), true, null],
    ['new firing alert', entry(['a'], []), s('a', 'b'), s(), false, 'new alerts added'],
    ['re-fire after full resolution', entry([], ['a']), s('a'), s(), false, 'first notification'],
    ['subset of firing', entry(['a', 'b'], []), s('a'), s('b'), false, null],
    ['all resolved, send_resolved false', entry(['a'], []), s(), s('a'), false, 'all alerts resolved'],
    ['all resolved, send_resolved true', entry(['a'], []), s(), s('a'), true, 'all alerts resolved'],
    ['all resolved already logged', entry([], ['a']), s(), s('a'), true, null],
    ['some resolved with send_resolved', entry(['a', 'b'], []), s('a'), s('b'), true, 'some alerts resolved'],
    ['some resolved without send_resolved', entry(['a', 'b'], []), s('a'), s('b'), false, null],
    ['resolved already known', entry(['a'], ['b']), s('a'), s('b'), true, null],
    ['unchanged before repeat', entry(['a'], [], 10 * H), s('a'), s(), true, null],
  ])('%s', (_name, e, firing, resolved, sendResolved, want) => {
    expect(needsUpdate(e, firing, resolved, sendResolved, 4 * H, 12 * H)).toBe(want);
  });

  it.each([
    [8 * H - 1, 'repeat interval elapsed'],
    [8 * H, null],
    [9 * H, null],
  ])('repeat interval is strict: logged at %d', (ts, want) => {
    expect(needsUpdate(entry(['a'], [], ts), new Set(['a']), new Set(), false, 4 * H, 12 * H)).toBe(want);
  });
});

describe('NotificationLog', () => {
  let dir: string | undefined;
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keys entries by group, receiver, integration and index', async () => {
    const log = new NotificationLog({ clock: new ManualClock(1000) });
    await log.log(key, entry(['f1'], ['r1'], 1000), 10_000);
    expect(log.query(key)).toMatchObject({
      timestamp: 1000,
      firing: ['f1'],
      resolved: ['r1'],
      expiresAt: 10_000,
    });
    expect(log.query({ ...key, index: 1 })).toBeUndefined();
    expect(log.query({ ...key, integration: 'email' })).toBeUndefined();
    expect(log.query({ ...key, receiver: 'other' })).toBeUndefined();
    expect(log.query({ ...key, groupKey: '{}:{a="2"}' })).toBeUndefined();
    expect(entryKey(key)).toBe('{}:{a="1"}:team/webhook/0');
  });

  it.each([
    ['2 × repeat shorter than retention', 8 * H, 8 * H],
    ['expiry beyond retention is capped', 200 * H, 120 * H],
  ])('expires entries: %s', async (_name, expiresAt, ttl) => {
    const clock = new ManualClock(0);
    const log = new NotificationLog({ clock });
    await log.log(key, entry(['a'], [], 0), expiresAt);
    clock.set(ttl - 1);
    expect(log.query(key)).toBeDefined();
    clock.set(ttl);
    expect(log.query(key)).toBeUndefined();
    expect(log.gc()).toBe(1);
    expect(log.list()).toEqual([]);
  });

  it('survives a restart through the store and drops expired entries on load', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-nflog-'));
    store = openStore(dir);
    const clock = new ManualClock(5000);
    const log = new NotificationLog({ clock, table: store.nflog, retentionMs: 10 * H });
    await log.log(key, entry(['a', 'b'], [], 4000), 4000 + 20 * H, { threadTs: '1.2' });
    await log.log({ ...key, index: 1 }, entry(['c'], [], 5000), 6000);
    store.close();
    store = openStore(dir);
    clock.set(7000);
    const again = new NotificationLog({ clock, table: store.nflog });
    expect(again.query(key)).toEqual({
      ...key,
      timestamp: 4000,
      firing: ['a', 'b'],
      resolved: [],
      expiresAt: 4000 + 10 * H,
      receiverData: { threadTs: '1.2' },
    });
    expect(again.query({ ...key, index: 1 })).toBeUndefined();
    again.gc();
    expect(store.nflog.count()).toBe(1);
  });
});
