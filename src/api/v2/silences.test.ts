import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../model/clock.js';
import { Silences } from '../../router/silence/silences.js';
import type { GettableSilence } from './silences.js';
import { silencesApi } from './silences.js';

const T0 = Date.UTC(2024, 0, 1);
const H = 3600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

let app: FastifyInstance;
let clock: ManualClock;
let silences: Silences;

beforeEach(async () => {
  clock = new ManualClock(T0);
  silences = new Silences({ clock });
  app = fastify();
  await app.register(silencesApi({ silences, clock }));
  await app.ready();
});
afterEach(async () => {
  await app.close();
});

function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    matchers: [{ name: 'alertname', value: 'Down', isRegex: false }],
    startsAt: iso(T0),
    endsAt: iso(T0 + H),
    createdBy: 'me',
    comment: 'maintenance',
    ...over,
  };
}

async function post(payload: unknown): Promise<{ status: number; json: unknown }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v2/silences',
    payload: payload as Record<string, unknown>,
  });
  return { status: res.statusCode, json: res.body === '' ? undefined : res.json() };
}

describe('POST /api/v2/silences', () => {
  it('creates a silence and returns its ID', async () => {
    const res = await post(body());
    expect(res.status).toBe(200);
    const id = (res.json as { silenceID: string }).silenceID;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await app.inject({ url: `/api/v2/silence/${id}` });
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.json()).toEqual({
      id,
      status: { state: 'active' },
      updatedAt: '2024-01-01T00:00:00.000Z',
      matchers: [{ name: 'alertname', value: 'Down', isRegex: false, isEqual: true }],
      startsAt: '2024-01-01T00:00:00.000Z',
      endsAt: '2024-01-01T01:00:00.000Z',
      createdBy: 'me',
      comment: 'maintenance',
    });
  });

  it.each([
    [body({ matchers: [] }), 422, { code: 612, message: 'matchers in body should have at least 1 items' }],
    [body({ comment: undefined }), 422, { code: 602, message: 'comment in body is required' }],
    [
      body({ matchers: [{ name: 'a', value: 'x' }] }),
      422,
      { code: 602, message: 'matchers.0.isRegex in body is required' },
    ],
    [
      body({ startsAt: 'yesterday' }),
      400,
      {
        code: 400,
        message: expect.stringMatching(
          /^parsing silence body from "" failed, because parsing time "yesterday"/,
        ),
      },
    ],
    [
      [1, 2],
      400,
      {
        code: 400,
        message: expect.stringMatching(
          /^parsing silence body from "" failed, because json: cannot unmarshal array/,
        ),
      },
    ],
    [body({ comment: 5 }), 400, { code: 400, message: expect.stringMatching(/cannot unmarshal number/) }],
    [body({ endsAt: iso(T0) }), 400, 'Failed to create silence: start time must be before end time'],
    [
      body({ startsAt: iso(T0 - 2 * H), endsAt: iso(T0 - H) }),
      400,
      "Failed to create silence: end time can't be in the past",
    ],
    [
      body({ matchers: [{ name: 'a', value: '.*', isRegex: true }] }),
      400,
      'silence invalid: at least one matcher must not match the empty string',
    ],
    [
      body({ matchers: [{ name: 'a', value: '(', isRegex: true }] }),
      400,
      'silence invalid: invalid label matcher 0: invalid regular expression "(": error parsing regexp: missing closing ): `(`',
    ],
    [
      body({ matchers: [{ name: 'a-b', value: 'x', isRegex: false }] }),
      400,
      'silence invalid: invalid label matcher 0: invalid label name "a-b"',
    ],
  ])('refuses bad input %# as Alertmanager 0.25 does', async (payload, status, answer) => {
    const res = await post(payload);
    expect(res.status).toBe(status);
    expect(res.json).toEqual(answer);
    expect(silences.size).toBe(0);
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      headers: { 'content-type': 'application/json' },
      payload: '{"matchers": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 400,
      message: expect.stringMatching(/^parsing silence body from "" failed, because /),
    });
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v2/silences',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect([empty.statusCode, empty.json()]).toEqual([
      422,
      { code: 602, message: 'silence in body is required' },
    ]);
  });

  it('updates in place or replaces, as Alertmanager', async () => {
    const id = ((await post(body())).json as { silenceID: string }).silenceID;
    const same = await post(body({ id, endsAt: iso(T0 + 2 * H) }));
    expect(same.json).toEqual({ silenceID: id });
    const replaced = await post(body({ id, matchers: [{ name: 'alertname', value: 'Up', isRegex: false }] }));
    const newId = (replaced.json as { silenceID: string }).silenceID;
    expect(newId).not.toBe(id);
    expect(silences.get(id)?.state).toBe('expired');
    const unknown = await post(body({ id: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown).toEqual({ status: 404, json: 'silence not found' });
  });
});

describe('GET /api/v2/silences', () => {
  it('sorts active by end, pending by start, expired by end descending, and filters', async () => {
    const mk = async (value: string, start: number, end: number): Promise<string> => {
      clock.set(Math.min(start, T0));
      const res = await post(
        body({ matchers: [{ name: 'n', value, isRegex: false }], startsAt: iso(start), endsAt: iso(end) }),
      );
      return (res.json as { silenceID: string }).silenceID;
    };
    const a2 = await mk('a2', T0, T0 + 3 * H);
    const a1 = await mk('a1', T0, T0 + 2 * H);
    const p2 = await mk('p2', T0 + 5 * H, T0 + 6 * H);
    const p1 = await mk('p1', T0 + 4 * H, T0 + 6 * H);
    const e1 = await mk('e1', T0 - 3 * H, T0 - 2 * H + 1);
    const e2 = await mk('e2', T0 - 3 * H, T0 - H);
    clock.set(T0);
    const res = await app.inject({ url: '/api/v2/silences' });
    expect((res.json() as GettableSilence[]).map((s) => s.id)).toEqual([a1, a2, p1, p2, e2, e1]);
    const filtered = await app.inject({ url: '/api/v2/silences?filter=n%3D%22p1%22' });
    expect((filtered.json() as GettableSilence[]).map((s) => s.id)).toEqual([p1]);
    const bad = await app.inject({ url: '/api/v2/silences?filter=%7B' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('/api/v2/silence/{id}', () => {
  it('expires with DELETE; unknown IDs are 404, malformed ones 422', async () => {
    const id = (
      (await post(body({ startsAt: iso(T0 + H), endsAt: iso(T0 + 2 * H) }))).json as { silenceID: string }
    ).silenceID;
    const del = await app.inject({ method: 'DELETE', url: `/api/v2/silence/${id}` });
    expect(del.statusCode).toBe(200);
    expect(silences.get(id)).toMatchObject({ state: 'expired', startsAt: T0, endsAt: T0 });
    expect((await app.inject({ method: 'DELETE', url: `/api/v2/silence/${id}` })).statusCode).toBe(200);
    const missing = '11111111-1111-4111-8111-111111111111';
    expect((await app.inject({ method: 'DELETE', url: `/api/v2/silence/${missing}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/v2/silence/${missing}` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v2/silence/not-a-uuid' })).statusCode).toBe(422);
  });
});
