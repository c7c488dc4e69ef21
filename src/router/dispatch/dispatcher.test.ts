import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/alert.js';
import { ManualClock } from '../../model/clock.js';
import { fingerprint } from '../../model/fingerprint.js';
import type { Labels } from '../../model/labels.js';
import { AlertStore } from '../alerts/store.js';
import { Dispatcher } from './dispatcher.js';
import { buildRouteTree } from './route.js';
import { Scheduler } from './scheduler.js';
import type { TimerHost } from './scheduler.js';

// Host timers that never fire: these tests look at grouping only.
const idle: TimerHost = { set: () => 0, clear: () => undefined };

function alert(labels: Labels): Alert {
  return {
    labels,
    annotations: {},
    startsAt: 1000,
    endsAt: 0,
    generatorURL: '',
    updatedAt: 1000,
    timeout: true,
    fingerprint: fingerprint(labels),
  };
}

function groupsOf(groupBy: string[], sets: Labels[]): Array<[Labels, number]> {
  const clock = new ManualClock(1000);
  const store = new AlertStore();
  const d = new Dispatcher({
    route: buildRouteTree({ receiver: 'r', groupBy }),
    source: store,
    clock,
    scheduler: new Scheduler(clock, idle),
    flush: async () => true,
  });
  d.start();
  store.put(sets.map(alert), clock.now());
  const out = [...d.groups()].map((g): [Labels, number] => [g.labels, g.alerts.size]);
  d.stop();
  return out;
}

describe('Dispatcher grouping', () => {
  it.each<[string, string[], Labels[], Array<[Labels, number]>]>([
    [
      'values that would run together stay apart',
      ['a', 'b'],
      [
        { a: 'x', b: 'yz', i: '1' },
        { a: 'xy', b: 'z', i: '2' },
        { a: 'x', b: 'yz', i: '3' },
      ],
      [
        [{ a: 'x', b: 'yz' }, 2],
        [{ a: 'xy', b: 'z' }, 1],
      ],
    ],
    [
      'an absent label differs from any value',
      ['a', 'b'],
      [{ a: '-', i: '1' }, { b: '-', i: '2' }, { a: '-', b: '-', i: '3' }, { i: '4' }],
      [
        [{ a: '-' }, 1],
        [{ b: '-' }, 1],
        [{ a: '-', b: '-' }, 1],
        [{}, 1],
      ],
    ],
    [
      'group_by ... groups by every label',
      ['...'],
      [{ a: '1' }, { a: '1', b: '2' }, { a: '1' }],
      [
        [{ a: '1' }, 1],
        [{ a: '1', b: '2' }, 1],
      ],
    ],
  ])('%s', (_name, groupBy, sets, want) => {
    expect(groupsOf(groupBy, sets)).toEqual(want);
  });
});
