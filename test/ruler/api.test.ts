import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/model/clock.js';
import { referencedMetrics } from '../../src/promql/metrics.js';
import { alertsResponse, groupToken, rulesResponse } from '../../src/rules/api.js';
import { formatGoFloatE, formatGoTime } from '../../src/rules/api-format.js';
import { RuleGroup } from '../../src/rules/group.js';
import { DEFAULT_RESTORE_OPTIONS } from '../../src/rules/restore.js';
import { xxhash64, evalTimestamp } from '../../src/rules/slot.js';
import { FakeDatasource, Sink, alert, group, rec, simpleExpand } from './fakes.js';

describe('Go formats', () => {
  it.each([
    [5, '5e+00'],
    [0, '0e+00'],
    [0.5, '5e-01'],
    [1234.5, '1.2345e+03'],
    [-1e-7, '-1e-07'],
    [1e100, '1e+100'],
    [0.1 + 0.2, '3.0000000000000004e-01'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('FormatFloat(%s, e, -1) = %s', (v, want) => expect(formatGoFloatE(v)).toBe(want));

  it.each([
    [0, '0001-01-01T00:00:00Z'],
    [1_700_000_000_000, '2023-11-14T22:13:20Z'],
    [1_700_000_000_120, '2023-11-14T22:13:20.12Z'],
    [1_700_000_000_001, '2023-11-14T22:13:20.001Z'],
  ])('time %s = %s', (ms, want) => expect(formatGoTime(ms)).toBe(want));
});

describe('slot alignment', () => {
  it.each([
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    ['Nobody inspects the spammish repetition', 'fbcea83c8a378bf1'],
  ])('xxhash64(%j)', (s, want) => expect(xxhash64(Buffer.from(s)).toString(16)).toBe(want));

  it('slots are interval apart with a fixed phase per group', () => {
    const a = evalTimestamp('f.yml', 'g', 60_000, 1_700_000_000_000);
    expect(a).toBeLessThanOrEqual(1_700_000_000_000);
    expect(evalTimestamp('f.yml', 'g', 60_000, 1_700_000_000_000 + 60_000)).toBe(a + 60_000);
    expect(evalTimestamp('f.yml', 'other', 60_000, 1_700_000_000_000)).not.toBe(a);
  });
});

async function sampleGroups() {
  const ds = new FakeDatasource()
    .on('up == 0', () => [{ labels: { __name__: 'up', job: 'j' }, value: 0 }])
    .on('up', () => []);
  const clock = new ManualClock(1_700_000_000_500);
  const env = {
    query: ds.query,
    write: ds.write,
    notify: new Sink().notify,
    expandTemplate: simpleExpand,
    referencedMetrics,
    externalLabels: {},
    externalURL: '',
    resendDelayMs: 60_000,
    clock,
    restore: DEFAULT_RESTORE_OPTIONS,
  };
  const g1 = new RuleGroup(
    group(
      'g1',
      [
        alert('Down', 'up == 0', {
          for: 300_000,
          keepFiringFor: 60_000,
          labels: { severity: 'page' },
          annotations: { summary: '{{ $labels.job }} down' },
        }),
        rec('job:up', 'up'),
      ],
      { file: 'a.yml' },
    ),
    env,
  );
  const g2 = new RuleGroup(group('g2', [rec('x', 'up', { team: 'db' })], { file: 'b.yml', limit: 5 }), env);
  await g1.evaluate(1_700_000_000_000);
  return [g1, g2];
}

describe('GET /api/v1/rules', () => {
  it('has Prometheus’ fields and formats', async () => {
    const res = rulesResponse(await sampleGroups(), {});
    expect(res.status).toBe(200);
    const body = res.body as { status: string; data: { groups: Array<Record<string, unknown>> } };
    expect(body.status).toBe('success');
    expect(body.data.groups[0]).toEqual({
      name: 'g1',
      file: 'a.yml',
      interval: 10,
      limit: 0,
      evaluationTime: 0,
      lastEvaluation: '2023-11-14T22:13:20.5Z',
      rules: [
        {
          state: 'pending',
          name: 'Down',
          query: 'up == 0',
          duration: 300,
          keepFiringFor: 60,
          labels: { severity: 'page' },
          annotations: { summary: '{{ $labels.job }} down' },
          alerts: [
            {
              labels: { alertname: 'Down', job: 'j', severity: 'page' },
              annotations: { summary: 'j down' },
              state: 'pending',
              activeAt: '2023-11-14T22:13:20Z',
              value: '0e+00',
            },
          ],
          health: 'ok',
          evaluationTime: 0,
          lastEvaluation: '2023-11-14T22:13:20.5Z',
          type: 'alerting',
        },
        {
          name: 'job:up',
          query: 'up',
          health: 'ok',
          evaluationTime: 0,
          lastEvaluation: '2023-11-14T22:13:20.5Z',
          type: 'recording',
        },
      ],
    });
    const g2 = body.data.groups[1] as { rules: unknown[] };
    expect(g2.rules).toEqual([
      {
        name: 'x',
        query: 'up',
        labels: { team: 'db' },
        health: 'unknown',
        evaluationTime: 0,
        lastEvaluation: '0001-01-01T00:00:00Z',
        type: 'recording',
      },
    ]);
  });

  it.each([
    [{ type: 'alert' }, ['g1:Down']],
    [{ type: 'RECORD' }, ['g1:job:up', 'g2:x']],
    [{ 'rule_name[]': ['x', 'Down'] }, ['g1:Down', 'g2:x']],
    [{ 'rule_group[]': 'g2' }, ['g2:x']],
    [{ 'file[]': ['a.yml'] }, ['g1:Down', 'g1:job:up']],
    [{ 'match[]': '{severity="page"}' }, ['g1:Down']],
    [{ 'match[]': ['{team=~"d.*"}', 'job:up'] }, ['g1:job:up', 'g2:x']],
  ])('filter %j', async (q, want) => {
    const body = rulesResponse(await sampleGroups(), q).body as {
      data: { groups: Array<{ name: string; rules: Array<{ name: string }> }> };
    };
    expect(body.data.groups.flatMap((g) => g.rules.map((r) => `${g.name}:${r.name}`))).toEqual(want);
  });

  it('paginates with group_limit and group_next_token', async () => {
    const groups = await sampleGroups();
    const first = rulesResponse(groups, { group_limit: '1' }).body as {
      data: { groups: Array<{ name: string }>; groupNextToken?: string };
    };
    expect(first.data.groups.map((g) => g.name)).toEqual(['g1']);
    expect(first.data.groupNextToken).toBe(groupToken(groups[1] as RuleGroup));
    expect(first.data.groupNextToken).toMatch(/^[0-9a-f]{64}$/);
    const second = rulesResponse(groups, { group_limit: '1', group_next_token: first.data.groupNextToken })
      .body as { data: { groups: Array<{ name: string }>; groupNextToken?: string } };
    expect(second.data.groups.map((g) => g.name)).toEqual(['g2']);
    expect(second.data.groupNextToken).toBeUndefined();
    expect(rulesResponse(groups, { group_limit: '0' }).status).toBe(400);
    expect(
      (rulesResponse(groups, { group_limit: '1', group_next_token: 'abc' }).body as { error: string }).error,
    ).toBe("invalid group_next_token 'abc'. were rule groups changed?");
  });

  it('exclude_alerts drops the alerts list', async () => {
    const body = rulesResponse(await sampleGroups(), { exclude_alerts: 'true', type: 'alert' }).body as {
      data: { groups: Array<{ rules: Array<{ alerts: unknown }> }> };
    };
    expect(body.data.groups[0]?.rules[0]?.alerts).toBeNull();
  });

  it.each([
    [{ type: 'foo' }, 'invalid parameter "type": not supported value "foo"'],
    [
      { exclude_alerts: 'yes' },
      'invalid parameter "exclude_alerts": strconv.ParseBool: parsing "yes": invalid syntax',
    ],
  ])('bad parameter %j', async (q, error) => {
    expect(rulesResponse(await sampleGroups(), q)).toEqual({
      status: 400,
      body: { status: 'error', errorType: 'bad_data', error },
    });
  });
});

describe('GET /api/v1/alerts', () => {
  it('lists pending and firing alerts', async () => {
    expect(alertsResponse(await sampleGroups()).body).toEqual({
      status: 'success',
      data: {
        alerts: [
          {
            labels: { alertname: 'Down', job: 'j', severity: 'page' },
            annotations: { summary: 'j down' },
            state: 'pending',
            activeAt: '2023-11-14T22:13:20Z',
            value: '0e+00',
          },
        ],
      },
    });
  });
});
