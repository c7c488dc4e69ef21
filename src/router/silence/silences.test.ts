import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../model/clock.js';
import { newMatcher, parseMatchers } from '../../model/matcher.js';
import { openStore } from '../../store/store.js';
import type { Store } from '../../store/store.js';
import { Silencer } from './silencer.js';
import { Silences } from './silences.js';
import type { SilenceInput } from './types.js';
import { SilenceError } from './types.js';

const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;
const H = 60 * M;

function setup(opts: { retentionMs?: number; maxSilences?: number } = {}): {
  clock: ManualClock;
  sil: Silences;
} {
  const clock = new ManualClock(T0);
  let n = 0;
  const sil = new Silences({ clock, newId: () => `id-${++n}`, ...opts });
  return { clock, sil };
}

function input(
  matchers: string,
  startsAt: number,
  endsAt: number,
  extra: Partial<SilenceInput> = {},
): SilenceInput {
  return { matchers: parseMatchers(matchers), startsAt, endsAt, createdBy: 'me', comment: 'c', ...extra };
}

async function rejection(p: Promise<unknown>): Promise<SilenceError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SilenceError) return e;
    throw e;
  }
  throw new Error('expected a SilenceError');
}

describe('Silences.set validation', () => {
  it.each([
    [
      'no matchers',
      { matchers: [], startsAt: T0, endsAt: T0 + H },
      'silence invalid: at least one matcher required',
    ],
    [
      'matches everything',
      { matchers: parseMatchers('x=~".*"'), startsAt: T0, endsAt: T0 + H },
      'silence invalid: at least one matcher must not match the empty string',
    ],
    [
      'empty equal',
      { matchers: parseMatchers('x=""'), startsAt: T0, endsAt: T0 + H },
      'silence invalid: at least one matcher must not match the empty string',
    ],
    [
      'all empty',
      { matchers: parseMatchers('x="",y=~"a|"'), startsAt: T0, endsAt: T0 + H },
      'silence invalid: at least one matcher must not match the empty string',
    ],
    [
      'bad label name',
      { matchers: [newMatcher('1x', '=', 'a')], startsAt: T0, endsAt: T0 + H },
      'silence invalid: invalid label matcher 0: invalid label name "1x"',
    ],
    [
      'end before start',
      { matchers: parseMatchers('a="b"'), startsAt: T0 + 2 * H, endsAt: T0 + H },
      'silence invalid: end time must not be before start time',
    ],
    [
      'end in the past (start clamped to now)',
      { matchers: parseMatchers('a="b"'), startsAt: T0 - 2 * H, endsAt: T0 - H },
      'silence invalid: end time must not be before start time',
    ],
  ])('refuses %s', async (_name, fields, message) => {
    const { sil } = setup();
    const err = await rejection(sil.set({ createdBy: 'me', comment: 'c', ...fields }));
    expect(err.code).toBe('silence.invalid');
    expect(err.message).toBe(message);
    expect(sil.size).toBe(0);
  });

  it.each(['a!="b"', 'a!~"b"', 'a="",b="c"', 'a=~".+"'])('accepts %s', async (m) => {
    const { sil } = setup();
    await expect(sil.set(input(m, T0, T0 + H))).resolves.toBe('id-1');
  });

  it('answers not found for an unknown ID', async () => {
    const { sil } = setup();
    const err = await rejection(sil.set(input('a="b"', T0, T0 + H, { id: 'nope' })));
    expect([err.code, err.message]).toEqual(['silence.not_found', 'silence not found']);
  });

  it('enforces the maximum number of silences, expired included', async () => {
    const { sil } = setup({ maxSilences: 1 });
    const id = await sil.set(input('a="b"', T0, T0 + H));
    await sil.expire(id);
    const err = await rejection(sil.set(input('a="c"', T0, T0 + H)));
    expect([err.code, err.message]).toEqual([
      'silence.limit',
      'exceeded maximum number of silences: 1 (limit: 1)',
    ]);
  });
});

describe('Silences create, update, expire', () => {
  it('clamps a past start to now and computes states from the clock', async () => {
    const { clock, sil } = setup();
    const a = await sil.set(input('a="1"', T0 - H, T0 + H));
    const p = await sil.set(input('a="2"', T0 + H, T0 + 2 * H));
    expect(sil.get(a)).toMatchObject({ startsAt: T0, updatedAt: T0, state: 'active' });
    expect(sil.get(p)?.state).toBe('pending');
    clock.set(T0 + H);
    expect([sil.get(a)?.state, sil.get(p)?.state]).toEqual(['expired', 'active']);
  });

  it.each([
    ['active: new end keeps the ID', 'a="1"', T0 - H, T0 + H, { startsAt: T0 - H, endsAt: T0 + 3 * H }, true],
    [
      'active: comment change keeps the ID',
      'a="1"',
      T0 - H,
      T0 + H,
      { startsAt: T0 - H, endsAt: T0 + H, comment: 'new' },
      true,
    ],
    [
      'active: start within the same second keeps the ID',
      'a="1"',
      T0 - H,
      T0 + H,
      { startsAt: T0 - H + 500, endsAt: T0 + H },
      true,
    ],
    [
      'active: changed start replaces',
      'a="1"',
      T0 - H,
      T0 + H,
      { startsAt: T0 - 2 * H, endsAt: T0 + H },
      false,
    ],
    [
      'active: changed matchers replace',
      'a="1"',
      T0 - H,
      T0 + H,
      { matchers: parseMatchers('a="2"'), startsAt: T0 - H, endsAt: T0 + H },
      false,
    ],
    [
      'pending: later start keeps the ID',
      'a="1"',
      T0 + H,
      T0 + 2 * H,
      { startsAt: T0 + 30 * M, endsAt: T0 + 2 * H },
      true,
    ],
    [
      'pending: start in the past replaces',
      'a="1"',
      T0 + H,
      T0 + 2 * H,
      { startsAt: T0 - M, endsAt: T0 + 2 * H },
      false,
    ],
    [
      'expired: always replaces',
      'a="1"',
      T0 - 2 * H,
      T0 - H,
      { startsAt: T0 - 2 * H, endsAt: T0 + H },
      false,
    ],
  ])('%s', async (_name, ms, start, end, change, keeps) => {
    const clock = new ManualClock(start);
    let n = 0;
    const sil = new Silences({ clock, newId: () => `id-${++n}` });
    const id = await sil.set(input(ms, start, end));
    clock.set(T0);
    const next = await sil.set({ ...input(ms, start, end), id, ...change });
    if (keeps) {
      expect(next).toBe(id);
      expect(sil.size).toBe(1);
      expect(sil.get(id)).toMatchObject({ ...change, updatedAt: T0 });
    } else {
      expect(next).toBe('id-2');
      expect(sil.get(id)?.state).toBe('expired');
      expect(sil.get(next)?.state).toBe(change.startsAt > T0 ? 'pending' : 'active');
      expect(sil.get(next)?.startsAt).toBe(Math.max(change.startsAt, T0));
    }
  });

  it.each([
    ['matches everything', input('a=~".*"', T0, T0 + H)],
    ['moves the end of an active silence into the past', input('a="1"', T0, T0 - M)],
  ])('does not expire the old silence when the replacement %s', async (_name, change) => {
    const { clock, sil } = setup();
    const id = await sil.set(input('a="1"', T0, T0 + H));
    clock.set(T0 + M);
    const err = await rejection(sil.set({ ...change, id }));
    expect(err.code).toBe('silence.invalid');
    expect(sil.get(id)?.state).toBe('active');
    expect(sil.size).toBe(1);
  });

  it.each([
    ['active', T0 - H, T0 + H, { startsAt: T0 - H, endsAt: T0 }],
    ['pending', T0 + H, T0 + 2 * H, { startsAt: T0, endsAt: T0 }],
  ])('expires an %s silence', async (_state, start, end, want) => {
    const clock = new ManualClock(start < T0 ? start : T0);
    const sil = new Silences({ clock });
    const id = await sil.set(input('a="1"', start, end));
    clock.set(T0);
    const v = sil.version;
    await sil.expire(id);
    expect(sil.get(id)).toMatchObject({ ...want, state: 'expired', updatedAt: T0 });
    expect(sil.version).toBeGreaterThan(v);
    await sil.expire(id);
    expect(sil.get(id)?.endsAt).toBe(T0);
    await expect(sil.expire('unknown')).rejects.toThrow('silence not found');
  });
});

describe('Silences.query', () => {
  it('filters by IDs, state, labels and API filter matchers', async () => {
    const { clock, sil } = setup();
    const a = await sil.set(input('job="api",env=~"prod|stage"', T0, T0 + H));
    const b = await sil.set(input('job="db"', T0 + H, T0 + 2 * H));
    const c = await sil.set(input('job="api"', T0, T0 + M));
    clock.set(T0 + 2 * M);
    const ids = (q: Parameters<Silences['query']>[0]): string[] =>
      sil
        .query(q)
        .map((s) => s.id)
        .sort();
    expect(ids({})).toEqual([a, b, c]);
    expect(ids({ ids: [b, 'zzz'] })).toEqual([b]);
    expect(ids({ states: ['active'] })).toEqual([a]);
    expect(ids({ states: ['pending', 'expired'] })).toEqual([b, c]);
    expect(ids({ matchesLabels: { job: 'api', env: 'prod' } })).toEqual([a, c]);
    expect(ids({ matchesLabels: { job: 'api', env: 'prod' }, states: ['active'] })).toEqual([a]);
    expect(ids({ filter: parseMatchers('job="api"') })).toEqual([a, c]);
    expect(ids({ filter: parseMatchers('env=~"prod|stage"') })).toEqual([a]);
    expect(ids({ filter: parseMatchers('env="prod"') })).toEqual([]);
  });
});

describe('Silencer', () => {
  it('mutes only while a matching silence is active, reporting its ID', async () => {
    const { clock, sil } = setup();
    const silencer = new Silencer(sil, clock);
    const labels = { alertname: 'X', job: 'api' };
    const id = await sil.set(input('job="api"', T0 + H, T0 + 2 * H));
    expect(silencer.mutes(labels, T0)).toEqual([]);
    expect(silencer.status(labels, T0).pendingSilences).toEqual([id]);
    expect(silencer.mutes(labels, T0 + H)).toEqual([id]);
    expect(silencer.mutes({ alertname: 'X', job: 'db' }, T0 + H)).toEqual([]);
    expect(silencer.mutes(labels, T0 + 2 * H)).toEqual([]);
  });

  it('sees a new silence at once although the alert was cached', async () => {
    const { clock, sil } = setup();
    const silencer = new Silencer(sil, clock);
    const labels = { alertname: 'X', team: 'a' };
    expect(silencer.mutes(labels)).toEqual([]);
    const id1 = await sil.set(input('alertname!="Y"', T0, T0 + H));
    const id2 = await sil.set(input('team=~"a|b"', T0, T0 + H));
    expect(silencer.mutes(labels)).toEqual([id1, id2].sort());
    await sil.expire(id1);
    expect(silencer.mutes(labels)).toEqual([id2]);
  });

  it('matches absent labels as empty and uses the index for many silences', async () => {
    const { clock, sil } = setup();
    const silencer = new Silencer(sil, clock);
    for (let i = 0; i < 5000; i++) await sil.set(input(`instance="host-${i}",job="node"`, T0, T0 + H));
    const absent = await sil.set(input('alertname="Down",zone=""', T0, T0 + H));
    expect(silencer.mutes({ alertname: 'Down', instance: 'host-4999', job: 'node' })).toEqual(
      ['id-5000', absent].sort(),
    );
    expect(silencer.mutes({ alertname: 'Down', instance: 'host-1', job: 'node', zone: 'z' })).toEqual([
      'id-2',
    ]);
    const start = performance.now();
    for (let i = 0; i < 10_000; i++)
      silencer.mutes({ alertname: 'Up', instance: `host-${i}`, job: 'x' }, T0 + M);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe('Silences persistence and retention', () => {
  let dir: string | undefined;
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reloads silences after a restart with their matchers working', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-sil-'));
    store = openStore(dir);
    const clock = new ManualClock(T0);
    const sil = new Silences({ clock, table: store.silences });
    const id = await sil.set(
      input('job=~"api|web",env!="dev"', T0, T0 + H, { annotations: { ticket: 'T-1' } }),
    );
    const before = sil.get(id);
    store.close();
    store = openStore(dir);
    const again = new Silences({ clock, table: store.silences });
    const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
    expect(plain(again.get(id))).toEqual(plain(before));
    expect(again.get(id)?.annotations).toEqual({ ticket: 'T-1' });
    expect(new Silencer(again, clock).mutes({ job: 'web', env: 'prod' })).toEqual([id]);
  });

  it('keeps expired silences for the retention, then collects them in memory and in the store', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-sil-'));
    store = openStore(dir);
    const clock = new ManualClock(T0);
    const sil = new Silences({ clock, table: store.silences, retentionMs: 10 * H });
    const id = await sil.set(input('a="1"', T0, T0 + H));
    await sil.set(input('a="2"', T0, T0 + 100 * H));
    clock.set(T0 + 11 * H - 1);
    expect(sil.gc()).toBe(0);
    expect(sil.get(id)?.state).toBe('expired');
    clock.set(T0 + 11 * H);
    expect(sil.gc()).toBe(1);
    expect(sil.get(id)).toBeUndefined();
    expect(store.silences.count()).toBe(1);
    const reloaded = new Silences({ clock, table: store.silences, retentionMs: 10 * H });
    expect(reloaded.size).toBe(1);
  });
});
