import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler } from './scheduler.js';

describe('Scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const clock = { now: () => Date.now() };

  it('runs tasks in time order (ties in insertion order) with the firing time', async () => {
    const s = new Scheduler(clock);
    const ran: Array<[string, number]> = [];
    s.at(300, (now) => ran.push(['c', now]));
    s.at(100, (now) => ran.push(['a', now]));
    s.at(100, (now) => ran.push(['b', now]));
    s.at(200, (now) => ran.push(['x', now])).cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ran).toEqual([
      ['a', 100],
      ['b', 100],
      ['c', 300],
    ]);
    expect(s.pending).toBe(0);
  });

  it('keeps one host timer however many tasks are pending', async () => {
    const s = new Scheduler(clock);
    let n = 0;
    for (let i = 0; i < 10_000; i++) s.at(1000 + (i % 977), () => n++);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(n).toBe(10_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms earlier when an earlier task arrives, and tasks may schedule tasks', async () => {
    const s = new Scheduler(clock);
    const ran: number[] = [];
    s.at(1000, (now) => ran.push(now));
    s.at(10, (now) => {
      ran.push(now);
      s.at(now + 5, (t) => ran.push(t));
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(ran).toEqual([10, 15, 1000]);
  });

  it('runs nothing after stop', async () => {
    const s = new Scheduler(clock);
    let ran = false;
    s.at(10, () => (ran = true));
    s.stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(ran).toBe(false);
  });
});
