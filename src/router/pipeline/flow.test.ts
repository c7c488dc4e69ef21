// Dispatcher + pipeline on fake time: the timelines of Alertmanager's own timing rules.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../model/alert.js';
import type { Clock } from '../../model/clock.js';
import { prepareAlerts } from '../alerts/intake.js';
import type { PostableAlert } from '../alerts/intake.js';
import { AlertStore } from '../alerts/store.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { buildRouteTree } from '../dispatch/route.js';
import type { RouteSpec } from '../dispatch/route.js';
import { Scheduler } from '../dispatch/scheduler.js';
import { MemoryNflog, noMuter, noTimeIntervals } from './memory.js';
import { buildPipeline } from './pipeline.js';
import type { Muter, NotifyContext, SendResult } from './types.js';

interface Sent {
  at: number;
  groupKey: string;
  alerts: string[];
}

const T0 = Date.UTC(2026, 0, 1);

function harness(
  route: RouteSpec,
  opts: { sendResolved?: boolean; results?: SendResult[]; silencer?: Muter } = {},
) {
  const clock: Clock = { now: () => Date.now() };
  const store = new AlertStore();
  const scheduler = new Scheduler(clock);
  const sent: Sent[] = [];
  const results = [...(opts.results ?? [])];
  const notifier = {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendResult> {
      sent.push({
        at: (clock.now() - T0) / 1000,
        groupKey: ctx.groupKey,
        alerts: alerts.map((a) => `${a.labels['alertname'] ?? ''}:${a.endsAt === 0 ? 'firing' : 'resolved'}`),
      });
      return results.shift() ?? { retry: false };
    },
  };
  const flush = buildPipeline({
    receivers: new Map([
      [
        'r',
        {
          name: 'r',
          integrations: [{ type: 'webhook', index: 0, sendResolved: opts.sendResolved ?? true, notifier }],
        },
      ],
    ]),
    inhibitor: noMuter,
    silencer: opts.silencer ?? noMuter,
    timeIntervals: noTimeIntervals,
    nflog: new MemoryNflog(),
    clock,
    retentionMs: 120 * 3600_000,
    backoff: { initialMs: 500, multiplier: 1.5, jitter: 0, maxMs: 60_000, random: () => 0.5 },
  });
  const dispatcher = new Dispatcher({ route: buildRouteTree(route), source: store, clock, scheduler, flush });
  dispatcher.start();
  const post = (...alerts: PostableAlert[]): void => {
    const r = prepareAlerts(alerts, clock.now(), 300_000);
    store.put(r.alerts, clock.now());
  };
  const at = async (sec: number): Promise<void> => {
    await vi.advanceTimersByTimeAsync(T0 + sec * 1000 - Date.now());
  };
  return { sent, post, at, stop: () => (dispatcher.stop(), scheduler.stop()), dispatcher };
}

describe('dispatch timing (fake time)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows the verified 0.25 timeline: group_wait, then group_interval ticks', async () => {
    const h = harness({
      receiver: 'r',
      groupBy: ['job'],
      groupWait: 2000,
      groupInterval: 3000,
      repeatInterval: 3600_000,
    });
    await h.at(2);
    h.post({ labels: { alertname: 'A', job: 'j' } });
    await h.at(5.4);
    h.post({ labels: { alertname: 'B', job: 'j' } });
    await h.at(8.6);
    h.post({ labels: { alertname: 'A', job: 'j' }, startsAt: T0 + 2000, endsAt: T0 + 8600 });
    await h.at(20);
    expect(h.sent).toEqual([
      { at: 4, groupKey: '{}:{job="j"}', alerts: ['A:firing'] },
      { at: 7, groupKey: '{}:{job="j"}', alerts: ['A:firing', 'B:firing'] },
      { at: 10, groupKey: '{}:{job="j"}', alerts: ['A:resolved', 'B:firing'] },
    ]);
    h.stop();
  });

  it('repeats on the first tick strictly after repeat_interval', async () => {
    const h = harness({ receiver: 'r', groupWait: 1000, groupInterval: 2000, repeatInterval: 4000 });
    h.post({ labels: { alertname: 'A' } });
    await h.at(14);
    expect(h.sent.map((s) => s.at)).toEqual([1, 7, 13]);
    h.stop();
  });

  it('flushes at once when an alert older than group_wait creates the group', async () => {
    const h = harness({ receiver: 'r', groupWait: 30_000 });
    await h.at(100);
    h.post({ labels: { alertname: 'Old' }, startsAt: T0 });
    await h.at(100.001);
    expect(h.sent.map((s) => s.at)).toEqual([100]);
    h.stop();
  });

  it('sends an all-resolved flush without send_resolved but keeps it silent', async () => {
    const h = harness({ receiver: 'r', groupWait: 1000, groupInterval: 2000 }, { sendResolved: false });
    h.post({ labels: { alertname: 'A' } });
    await h.at(2);
    h.post({ labels: { alertname: 'A' }, endsAt: T0 + 2000 });
    await h.at(10);
    expect(h.sent).toEqual([{ at: 1, groupKey: '{}:{}', alerts: ['A:firing'] }]);
    expect([...h.dispatcher.groups()].every((g) => g.empty)).toBe(true);
    h.stop();
  });

  it('resolves by resolve_timeout when the alert is not refreshed', async () => {
    const h = harness({ receiver: 'r', groupWait: 1000, groupInterval: 60_000 });
    h.post({ labels: { alertname: 'A' } });
    await h.at(400);
    expect(h.sent.map((s) => [s.at, s.alerts])).toEqual([
      [1, ['A:firing']],
      [301, ['A:resolved']],
    ]);
    h.stop();
  });

  it('retries 5xx-like failures with backoff within the flush', async () => {
    const fail: SendResult = { retry: true, error: new Error('500') };
    const h = harness({ receiver: 'r', groupWait: 1000, groupInterval: 60_000 }, { results: [fail, fail] });
    h.post({ labels: { alertname: 'A' } });
    await h.at(5);
    expect(h.sent.map((s) => s.at)).toEqual([1, 1.5, 2.25]);
    h.stop();
  });

  it('groups by all labels with "..."', async () => {
    const h = harness({ receiver: 'r', groupBy: ['...'], groupWait: 1000 });
    h.post({ labels: { alertname: 'A', i: '1' } }, { labels: { alertname: 'A', i: '2' } });
    await h.at(2);
    expect(h.sent.map((s) => s.groupKey).sort()).toEqual([
      '{}:{alertname="A", i="1"}',
      '{}:{alertname="A", i="2"}',
    ]);
    h.stop();
  });

  it('drops silenced alerts and does not log them', async () => {
    const silencer: Muter = { mutes: (l) => (l['alertname'] === 'S' ? ['sil-1'] : []) };
    const h = harness({ receiver: 'r', groupWait: 1000 }, { silencer });
    h.post({ labels: { alertname: 'S' } }, { labels: { alertname: 'A' } });
    await h.at(2);
    expect(h.sent.map((s) => s.alerts)).toEqual([['A:firing']]);
    h.stop();
  });

  it('keeps an emptied group until maintenance, as 0.25 does', async () => {
    const h = harness({ receiver: 'r', groupWait: 5000, groupInterval: 2000 });
    h.post({ labels: { alertname: 'A' } });
    await h.at(5.5);
    h.post({ labels: { alertname: 'A' }, endsAt: T0 + 5500 });
    await h.at(7.5);
    h.post({ labels: { alertname: 'B' } });
    await h.at(10);
    h.post({ labels: { alertname: 'B' }, endsAt: T0 + 10_000 });
    await h.at(31);
    h.post({ labels: { alertname: 'C' } });
    await h.at(40);
    expect(h.sent.map((s) => [s.at, s.alerts])).toEqual([
      [5, ['A:firing']],
      [7, ['A:resolved']],
      // The emptied group still exists: B joins it and goes out at the next tick.
      [9, ['B:firing']],
      [11, ['B:resolved']],
      // Maintenance at 30s removed the empty group: C starts a new one and waits group_wait.
      [36, ['C:firing']],
    ]);
    h.stop();
  });
});
