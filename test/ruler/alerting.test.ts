import { describe, expect, it } from 'vitest';
import {
  alertsToSend,
  evaluateAlerting,
  needsSending,
  type AlertEvalContext,
  type AlertingRule,
  type AlertMap,
} from '../../src/rules/alerting.js';
import type { ActiveAlert, ExpandTemplate, Sample } from '../../src/rules/types.js';

// A tiny stand-in for the Go template engine: replaces {{ $labels.x }}, {{ $value }}, {{ $externalLabels.x }}.
const expand: ExpandTemplate = (text, data) =>
  text.replace(/\{\{\s*(\$\w+)(?:\.(\w+))?\s*\}\}/g, (_m, v: string, k?: string) => {
    if (v === '$value') return String(data.value);
    if (v === '$labels') return data.labels[k ?? ''] ?? '';
    if (v === '$externalLabels') return data.externalLabels[k ?? ''] ?? '';
    if (v === '$externalURL') return data.externalURL;
    if (v === '$fail') throw new Error('boom');
    return '';
  });

const S = 1000;
const rule = (over: Partial<AlertingRule> = {}): AlertingRule => ({
  name: 'HighLoad',
  expr: 'load > 1',
  forMs: 2 * S,
  keepFiringForMs: 0,
  labels: { severity: 'page' },
  annotations: { summary: 'load on {{ $labels.instance }} is {{ $value }}' },
  ...over,
});
const ctx = (tsMs: number, over: Partial<AlertEvalContext> = {}): AlertEvalContext => ({
  tsMs,
  queryOffsetMs: 0,
  limit: 0,
  externalLabels: { cluster: 'c1' },
  externalURL: 'http://vigil:9097',
  expandTemplate: expand,
  restored: true,
  ...over,
});
const sample = (instance: string, value = 5): Sample => ({ labels: { __name__: 'load', instance }, value });

/** Runs a sequence of evaluations, one per second starting at 1 s; returns the state after each. */
function run(
  r: AlertingRule,
  steps: Sample[][],
  over: Partial<AlertEvalContext> = {},
): { states: string[]; last: AlertMap } {
  let active: AlertMap = new Map();
  const states: string[] = [];
  steps.forEach((samples, i) => {
    const res = evaluateAlerting(r, ctx((i + 1) * S, over), samples, active);
    active = res.active;
    states.push([...active.values()].map((a) => a.state).join(',') || '-');
  });
  return { states, last: active };
}

describe('evaluateAlerting state machine', () => {
  const x = [sample('a')];
  it.each([
    ['for 2s: pending, pending, firing', rule(), [x, x, x], ['pending', 'pending', 'firing']],
    ['for 0 fires at once', rule({ forMs: 0 }), [x], ['firing']],
    ['a pending alert that vanishes is deleted', rule(), [x, []], ['pending', '-']],
    [
      'a firing alert that vanishes is resolved and kept',
      rule({ forMs: 0 }),
      [x, [], []],
      ['firing', 'inactive', 'inactive'],
    ],
    [
      'keep_firing_for keeps a vanished firing alert firing',
      rule({ forMs: 0, keepFiringForMs: 2 * S }),
      [x, [], [], []],
      ['firing', 'firing', 'firing', 'inactive'],
    ],
    [
      'keep_firing_for does not apply to pending',
      rule({ keepFiringForMs: 5 * S }),
      [x, []],
      ['pending', '-'],
    ],
    [
      'a resolved alert that returns is a new pending alert',
      rule({ forMs: S }),
      [x, x, [], x],
      ['pending', 'firing', 'inactive', 'pending'],
    ],
  ])('%s', (_name, r, steps, want) => {
    expect(run(r, steps).states).toEqual(want);
  });

  it('drops resolved alerts after 15 minutes', () => {
    let active: AlertMap = new Map();
    active = evaluateAlerting(rule({ forMs: 0 }), ctx(0), [sample('a')], active).active;
    active = evaluateAlerting(rule({ forMs: 0 }), ctx(S), [], active).active;
    active = evaluateAlerting(rule({ forMs: 0 }), ctx(S + 15 * 60 * S), [], active).active;
    expect([...active.values()].map((a) => a.state)).toEqual(['inactive']);
    active = evaluateAlerting(rule({ forMs: 0 }), ctx(S + 15 * 60 * S + 1), [], active).active;
    expect(active.size).toBe(0);
  });

  it('keeps activeAt and labels, refreshes value and annotations', () => {
    const { last } = run(rule(), [[sample('a', 2)], [sample('a', 7)]]);
    const a = [...last.values()][0];
    expect(a).toMatchObject({
      activeAtMs: S,
      value: 7,
      labels: { alertname: 'HighLoad', instance: 'a', severity: 'page' },
      annotations: { summary: 'load on a is 7' },
    });
  });

  it('templated labels: rule labels overwrite sample labels, empty deletes, alertname wins', () => {
    const r = rule({
      labels: {
        instance: 'x-{{ $labels.instance }}',
        job: '',
        alertname: 'ignored',
        env: '{{ $externalLabels.cluster }}',
      },
    });
    const res = evaluateAlerting(
      r,
      ctx(S),
      [{ labels: { __name__: 'load', instance: 'a', job: 'j' }, value: 1 }],
      new Map(),
    );
    expect([...res.active.values()][0]?.labels).toEqual({
      instance: 'x-a',
      alertname: 'HighLoad',
      env: 'c1',
    });
  });

  it('reports a template error in the value and counts it, without failing the rule', () => {
    const res = evaluateAlerting(
      rule({ annotations: { s: '{{ $fail }}' } }),
      ctx(S),
      [sample('a')],
      new Map(),
    );
    expect(res.error).toBeUndefined();
    expect(res.templateFailures).toBe(1);
    expect([...res.active.values()][0]?.annotations['s']).toBe('<error expanding template: boom>');
  });

  it('duplicate label sets after templating are an error and leave state untouched', () => {
    const r = rule({ labels: { instance: 'same' } });
    const prev = evaluateAlerting(r, ctx(S), [sample('a')], new Map()).active;
    const res = evaluateAlerting(r, ctx(2 * S), [sample('a'), sample('b')], prev);
    expect(res.error).toBe('vector contains metrics with the same labelset after applying alert labels');
    expect(res.active).toBe(prev);
  });

  it('limit: exceeding clears every alert of the rule', () => {
    const res = evaluateAlerting(rule(), ctx(S, { limit: 1 }), [sample('a'), sample('b')], new Map());
    expect(res.error).toBe('exceeded limit of 1 with 2 alerts');
    expect(res.active.size).toBe(0);
    expect(
      evaluateAlerting(rule(), ctx(S, { limit: 2 }), [sample('a'), sample('b')], new Map()).error,
    ).toBeUndefined();
  });

  it('writes ALERTS and ALERTS_FOR_STATE at ts − query_offset, only once restored', () => {
    const r = rule({ labels: { severity: 'page', tmpl: '{{ $labels.none }}' } });
    const res = evaluateAlerting(r, ctx(10_500, { queryOffsetMs: 500 }), [sample('a')], new Map());
    expect(res.series).toEqual([
      {
        labels: {
          __name__: 'ALERTS',
          alertname: 'HighLoad',
          alertstate: 'pending',
          instance: 'a',
          severity: 'page',
          tmpl: '{{ $labels.none }}',
        },
        samples: [{ value: 1, timestampMs: 10_000 }],
      },
      {
        labels: {
          __name__: 'ALERTS_FOR_STATE',
          alertname: 'HighLoad',
          instance: 'a',
          severity: 'page',
          tmpl: '{{ $labels.none }}',
        },
        samples: [{ value: 10, timestampMs: 10_000 }],
      },
    ]);
    expect(evaluateAlerting(r, ctx(S, { restored: false }), [sample('a')], new Map()).series).toEqual([]);
  });

  it('a firing alert goes back to pending when a reload raised `for`', () => {
    const fired = run(rule({ forMs: 0 }), [[sample('a')]]).last;
    const res = evaluateAlerting(rule({ forMs: 10 * S }), ctx(2 * S), [sample('a')], fired);
    expect([...res.active.values()][0]).toMatchObject({ state: 'pending', firedAtMs: 0, lastSentAtMs: 0 });
  });
});

describe('sending', () => {
  const base: ActiveAlert = {
    labels: { alertname: 'A' },
    annotations: {},
    state: 'firing',
    value: 1,
    activeAtMs: 0,
    firedAtMs: 1000,
    resolvedAtMs: 0,
    lastSentAtMs: 0,
    validUntilMs: 0,
    keepFiringSinceMs: 0,
  };
  it.each([
    ['pending is never sent', { state: 'pending' as const }, 5000, false],
    ['never sent firing', {}, 1000, true],
    ['resend only strictly after the delay', { lastSentAtMs: 1000 }, 3000, false],
    ['resend after the delay', { lastSentAtMs: 1000 }, 3001, true],
    [
      'a fresh resolution goes out at once',
      { state: 'inactive' as const, lastSentAtMs: 1000, resolvedAtMs: 1500 },
      1500,
      true,
    ],
    [
      'a resolution already sent waits for the delay',
      { state: 'inactive' as const, lastSentAtMs: 1500, resolvedAtMs: 1500 },
      2000,
      false,
    ],
  ])('%s', (_n, over, ts, want) => {
    expect(needsSending({ ...base, ...over }, ts, 2000)).toBe(want);
  });

  it('endsAt = ts + 4 × max(interval, resendDelay), or ResolvedAt; startsAt = FiredAt; generatorURL', () => {
    const active: AlertMap = new Map([
      ['f', base],
      ['r', { ...base, labels: { alertname: 'B' }, state: 'inactive', resolvedAtMs: 4000 }],
    ]);
    const out = alertsToSend(rule({ expr: 'rate(x[5m]) > 0' }), active, 5000, {
      resendDelayMs: 10_000,
      intervalMs: 5000,
      externalURL: 'http://h:9097/',
    });
    expect(out.alerts).toEqual([
      {
        labels: { alertname: 'A' },
        annotations: {},
        startsAtMs: 1000,
        endsAtMs: 45_000,
        generatorURL: 'http://h:9097/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0&g0.tab=1',
      },
      {
        labels: { alertname: 'B' },
        annotations: {},
        startsAtMs: 1000,
        endsAtMs: 4000,
        generatorURL: 'http://h:9097/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0&g0.tab=1',
      },
    ]);
    expect(out.active.get('f')).toMatchObject({ lastSentAtMs: 5000, validUntilMs: 45_000 });
  });
});
