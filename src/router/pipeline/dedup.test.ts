import { describe, expect, it } from 'vitest';
import { needsUpdate } from './dedup.js';
import type { NflogEntry } from './types.js';

const e = (firing: string[], resolved: string[], timestamp = 100): NflogEntry => ({
  firing,
  resolved,
  timestamp,
});
const s = (...xs: string[]): Set<string> => new Set(xs);

describe('needsUpdate (Alertmanager DedupStage)', () => {
  it.each<[string, NflogEntry | undefined, Set<string>, Set<string>, boolean, boolean]>([
    ['first notification', undefined, s('a'), s(), true, true],
    ['resolved before anyone was told', undefined, s(), s('a'), true, false],
    ['new alert added', e(['a'], []), s('a', 'b'), s(), true, true],
    ['all resolved even without send_resolved', e(['a'], []), s(), s('a'), false, true],
    ['nothing firing before or now', e([], ['a']), s(), s('a'), true, false],
    ['subset of firing is not news', e(['a', 'b'], []), s('a'), s(), false, false],
    ['some resolved with send_resolved', e(['a', 'b'], []), s('a'), s('b'), true, true],
    ['some resolved without send_resolved', e(['a', 'b'], []), s('a'), s('b'), false, false],
  ])('%s', (_n, entry, firing, resolved, sendResolved, want) => {
    expect(needsUpdate(entry, firing, resolved, sendResolved, 1000, 500)).toBe(want);
  });

  it.each([
    [1101, true],
    [1100, false],
  ])('repeats only when the entry is strictly older than now - repeat (now=%d)', (now, want) => {
    expect(needsUpdate(e(['a'], [], 100), s('a'), s(), true, 1000, now)).toBe(want);
  });
});
