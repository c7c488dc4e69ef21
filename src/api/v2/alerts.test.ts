import fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../model/clock.js';
import { fingerprint } from '../../model/fingerprint.js';
import { parseMatchers } from '../../model/matcher.js';
import { AlertStore } from '../../router/alerts/store.js';
import { buildRouteTree } from '../../router/dispatch/route.js';
import type { Muter } from '../../router/pipeline/types.js';
import { alertsApiPlugin } from './alerts.js';
import type { GroupView } from './alerts.js';

const NOW = Date.UTC(2026, 0, 1, 12);

function setup(silencer?: Muter) {
  const clock = new ManualClock(NOW);
  const store = new AlertStore();
  const route = buildRouteTree({
    receiver: 'default',
    groupBy: ['alertname'],
    routes: [{ matchers: parseMatchers('team="db"'), receiver: 'db' }],
  });
  const groups: GroupView[] = [];
  const app = fastify();
  void app.register(
    alertsApiPlugin({
      clock,
      store,
      resolveTimeoutMs: () => 300_000,
      route: () => route,
      receivers: () => ['default', 'db'],
      groups: () => groups,
      ...(silencer ? { silencer } : {}),
      bodyLimit: 4096,
    }),
  );
  const post = (body: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v2/alerts',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
  return { app, store, post, groups, route, clock };
}

describe('POST /api/v2/alerts', () => {
  // Status codes and bodies as Alertmanager 0.25 answers the same requests.
  it.each<[string, number, unknown]>([
    ['[{"labels":{}}]', 400, 'at least one label pair required'],
    ['[{"labels":{"0bad":"1"}}]', 400, 'invalid label set: invalid name "0bad"'],
    [
      '[{"labels":{"a":"1"},"startsAt":"2026-01-02T00:00:00Z","endsAt":"2026-01-01T00:00:00Z"}]',
      400,
      'start time must be before end time',
    ],
    ['[{"labels":{}},{"labels":{"ok":"1"}}]', 400, 'at least one label pair required'],
    ['[]', 200, undefined],
    ['[{"annotations":{}}]', 422, { code: 602, message: '0.labels in body is required' }],
    [
      '{}',
      400,
      {
        code: 400,
        message:
          'parsing alerts body from "" failed, because json: cannot unmarshal object into Go value of type models.PostableAlerts',
      },
    ],
    [
      '[{"labels":{"a":1}}]',
      400,
      {
        code: 400,
        message:
          'parsing alerts body from "" failed, because json: cannot unmarshal number into Go struct field Alert.labels of type string',
      },
    ],
  ])('%s → %d', async (body, code, want) => {
    const { post } = setup();
    const res = await post(body);
    expect(res.statusCode).toBe(code);
    if (want === undefined) expect(res.body).toBe('');
    else expect(JSON.parse(res.body)).toEqual(want);
  });

  it('stores the valid alerts of a partly invalid batch', async () => {
    const { post, store } = setup();
    const res = await post('[{"labels":{}},{"labels":{"ok":"1"}}]');
    expect(res.statusCode).toBe(400);
    expect([...store.list()].map((a) => a.labels)).toEqual([{ ok: '1' }]);
  });

  it('answers malformed JSON and oversize bodies with 400 and a reason', async () => {
    const { post } = setup();
    const bad = await post('not json');
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/^parsing alerts body from "" failed, because /);
    const big = await post(`[{"labels":{"a":"${'x'.repeat(5000)}"}}]`);
    expect(big.statusCode).toBe(400);
    expect(JSON.parse(big.body).message).toMatch(/too large/i);
  });
});

describe('POST /api/v2/alerts with a write-through store', () => {
  function persistingApp(commit: () => Promise<void>) {
    const store = new AlertStore();
    const events: string[] = [];
    const app = fastify();
    void app.register(
      alertsApiPlugin({
        clock: new ManualClock(NOW),
        store: {
          put: (alerts, now) => {
            store.put(alerts, now);
            return commit().then(() => void events.push('committed'));
          },
          list: () => store.list(),
        },
        resolveTimeoutMs: () => 300_000,
        route: () => buildRouteTree({ receiver: 'default' }),
        receivers: () => ['default'],
        groups: () => [],
      }),
    );
    app.addHook('onSend', async () => void events.push('answered'));
    return { app, events };
  }

  it.each<[string, () => Promise<void>, number, string[]]>([
    [
      'acknowledges only after the commit',
      () => new Promise((r) => setImmediate(r)),
      200,
      ['committed', 'answered'],
    ],
    ['answers 500 when the commit fails', () => Promise.reject(new Error('disk full')), 500, ['answered']],
  ])('%s', async (_name, commit, status, events) => {
    const { app, events: seen } = persistingApp(commit);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/alerts',
      headers: { 'content-type': 'application/json' },
      payload: '[{"labels":{"a":"1"}}]',
    });
    expect(res.statusCode).toBe(status);
    expect(seen).toEqual(events);
  });
});

describe('GET /api/v2/alerts', () => {
  it('lists unexpired alerts sorted by fingerprint with receivers and status', async () => {
    const silencer: Muter = { mutes: (l) => (l['alertname'] === 'B' ? ['sil'] : []) };
    const { post, app } = setup(silencer);
    await post(
      '[{"labels":{"alertname":"A","team":"db"}},{"labels":{"alertname":"B"}},{"labels":{"alertname":"Old"},"endsAt":"2020-01-01T00:00:00Z"}]',
    );
    const res = await app.inject({ method: 'GET', url: '/api/v2/alerts' });
    const body = JSON.parse(res.body) as Array<Record<string, unknown>>;
    expect(
      body.map((a) => [
        a['fingerprint'],
        (a['labels'] as Record<string, string>)['alertname'],
        a['receivers'],
        a['status'],
      ]),
    ).toEqual(
      [
        [
          fingerprint({ alertname: 'B' }),
          'B',
          [{ name: 'default' }],
          { state: 'suppressed', silencedBy: ['sil'], inhibitedBy: [] },
        ],
        [
          fingerprint({ alertname: 'A', team: 'db' }),
          'A',
          [{ name: 'db' }],
          { state: 'active', silencedBy: [], inhibitedBy: [] },
        ],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    );
    expect(body[0]?.['startsAt']).toBe('2026-01-01T12:00:00.000Z');
  });

  it.each<[string, string[]]>([
    ['filter=alertname%3D%22A%22', ['A']],
    ['filter=team%3D%22%22', ['B']],
    ['filter=team!%3D%22%22', ['A']],
    ['receiver=d.*', ['A', 'B']],
    ['receiver=db', ['A']],
    ['silenced=false', ['A']],
    ['active=false', ['B']],
  ])('filters with %s', async (query, names) => {
    const silencer: Muter = { mutes: (l) => (l['alertname'] === 'B' ? ['sil'] : []) };
    const { post, app } = setup(silencer);
    await post('[{"labels":{"alertname":"A","team":"db"}},{"labels":{"alertname":"B"}}]');
    const res = await app.inject({ method: 'GET', url: `/api/v2/alerts?${query}` });
    const got = (JSON.parse(res.body) as Array<{ labels: Record<string, string> }>)
      .map((a) => a.labels['alertname'])
      .sort();
    expect(got).toEqual(names);
  });

  it('rejects a bad filter with 400', async () => {
    const { app } = setup();
    const res = await app.inject({ method: 'GET', url: '/api/v2/alerts?filter=foo' });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toBe('bad matcher format: foo');
  });
});

describe('GET /api/v2/alerts/groups and /receivers', () => {
  it('lists groups with their receiver, sorted by labels', async () => {
    const { post, app, store, groups, route } = setup();
    await post('[{"labels":{"alertname":"B"}},{"labels":{"alertname":"A","team":"db"}}]');
    for (const a of store.list()) {
      for (const r of route.match(a.labels))
        groups.push({ labels: r.groupLabels(a.labels), route: r, alerts: new Map([[a.fingerprint, a]]) });
    }
    const res = await app.inject({ method: 'GET', url: '/api/v2/alerts/groups' });
    const body = JSON.parse(res.body) as Array<{ labels: unknown; receiver: unknown; alerts: unknown[] }>;
    expect(body.map((g) => [g.labels, g.receiver, g.alerts.length])).toEqual([
      [{ alertname: 'A' }, { name: 'db' }, 1],
      [{ alertname: 'B' }, { name: 'default' }, 1],
    ]);
    const rec = await app.inject({ method: 'GET', url: '/api/v2/receivers' });
    expect(JSON.parse(rec.body)).toEqual([{ name: 'default' }, { name: 'db' }]);
  });
});
