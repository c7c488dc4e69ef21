// Differential test: the same silence requests against a real Alertmanager 0.25 and against
// Vigil's silence endpoints must get the same status codes and bodies.
import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silencesApi } from '../../src/api/v2/silences.js';
import { systemClock } from '../../src/model/clock.js';
import { Silences } from '../../src/router/silence/silences.js';
import { alertmanagerAvailable, startAlertmanager } from '../ruler/am-harness.js';

const present = alertmanagerAvailable();
const H = 3600_000;
const iso = (offsetMs: number): string => new Date(Date.now() + offsetMs).toISOString();

interface Answer {
  status: number;
  body: unknown;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}/api/v2${path}`, {
    method,
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

function silence(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    matchers: [{ name: 'alertname', value: 'Down', isRegex: false }],
    startsAt: iso(0),
    endsAt: iso(H),
    createdBy: 'parity',
    comment: 'c',
    ...over,
  };
}

describe.runIf(present)('silence API parity with Alertmanager 0.25', () => {
  let am: { url: string; stop: () => Promise<void> };
  let app: FastifyInstance;
  let vigil: string;

  beforeAll(async () => {
    am = await startAlertmanager();
    app = fastify();
    await app.register(silencesApi({ silences: new Silences({ clock: systemClock }), clock: systemClock }));
    vigil = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await am.stop();
  });

  const both = async (method: string, path: string, body?: unknown): Promise<[Answer, Answer]> =>
    Promise.all([call(am.url, method, path, body), call(vigil, method, path, body)]);

  it.each([
    ['no matchers', silence({ matchers: [] })],
    ['missing comment', silence({ comment: undefined })],
    ['missing isRegex', silence({ matchers: [{ name: 'a', value: 'x' }] })],
    ['end before start', silence({ startsAt: iso(H), endsAt: iso(0) })],
    ['end in the past', silence({ startsAt: iso(-2 * H), endsAt: iso(-H) })],
    ['matches everything', silence({ matchers: [{ name: 'a', value: '.*', isRegex: true }] })],
    ['empty equality', silence({ matchers: [{ name: 'a', value: '', isRegex: false }] })],
    ['bad regex', silence({ matchers: [{ name: 'a', value: '(', isRegex: true }] })],
    ['bad label name', silence({ matchers: [{ name: 'a-b', value: 'x', isRegex: false }] })],
    ['unknown id', silence({ id: '00000000-0000-4000-8000-000000000000' })],
  ])('POST /silences: %s', async (_name, body) => {
    const [want, got] = await both('POST', '/silences', body);
    expect(got).toEqual(want);
  });

  it.each([
    ['array body', '[1,2]'],
    ['truncated JSON', '{"matchers": ['],
    ['bad time', JSON.stringify(silence({ startsAt: 'yesterday' }))],
  ])('POST /silences undecodable: %s has the same status and code', async (_name, raw) => {
    const [want, got] = await both('POST', '/silences', raw);
    expect(got.status).toBe(want.status);
    expect((got.body as { code: number }).code).toBe((want.body as { code: number }).code);
  });

  it.each([
    ['GET', '/silences?filter=%7B'],
    ['GET', '/silence/not-a-uuid'],
    ['GET', '/silence/00000000-0000-4000-8000-000000000000'],
  ])('%s %s', async (method, path) => {
    const [want, got] = await both(method, path);
    expect(got).toEqual(want);
  });

  it('keeps or replaces IDs on update and expires the same way', async () => {
    const run = async (base: string): Promise<unknown[]> => {
      const facts: unknown[] = [];
      const body = silence({ matchers: [{ name: 'job', value: `parity-${base}`, isRegex: false }] });
      const created = await call(base, 'POST', '/silences', body);
      const id = (created.body as { silenceID: string }).silenceID;
      const extended = await call(base, 'POST', '/silences', { ...body, id, endsAt: iso(2 * H) });
      facts.push(extended.status, (extended.body as { silenceID: string }).silenceID === id);
      const changed = await call(base, 'POST', '/silences', {
        ...body,
        id,
        matchers: [{ name: 'job', value: `other-${base}`, isRegex: false }],
      });
      const newId = (changed.body as { silenceID: string }).silenceID;
      facts.push(changed.status, newId === id);
      const old = await call(base, 'GET', `/silence/${id}`);
      facts.push((old.body as { status: { state: string } }).status.state);
      facts.push((await call(base, 'DELETE', `/silence/${newId}`)).status);
      facts.push((await call(base, 'DELETE', `/silence/${newId}`)).status);
      const gone = await call(base, 'GET', `/silence/${newId}`);
      facts.push((gone.body as { status: { state: string } }).status.state);
      return facts;
    };
    const [want, got] = await Promise.all([run(am.url), run(vigil)]);
    expect(got).toEqual(want);
    expect(want).toEqual([200, true, 200, false, 'expired', 200, 200, 'expired']);
  });
});
