// API v2 silence endpoints, with Alertmanager's JSON shapes, sort order and status codes:
// `GET/POST /api/v2/silences`, `GET/DELETE /api/v2/silence/{silenceID}`.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Clock } from '../../model/clock.js';
import { isValidLabelName } from '../../model/labels.js';
import type { Matcher, MatchType } from '../../model/matcher.js';
import { MatcherError, newMatcher, parseMatcher } from '../../model/matcher.js';
import { compileRe2, RegexError } from '../../model/re2.js';
import type { Silences, SilenceView } from '../../router/silence/silences.js';
import type { SilenceInput, SilenceState } from '../../router/silence/types.js';
import { SilenceError } from '../../router/silence/types.js';

/** What the silence endpoints need. */
export interface SilencesApiDeps {
  readonly silences: Silences;
  readonly clock: Clock;
}

/** Alertmanager's `gettableSilence`. */
export interface GettableSilence {
  id: string;
  status: { state: SilenceState };
  updatedAt: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  annotations?: Record<string, string>;
}

/** API v2 times are go-openapi `strfmt.DateTime`: UTC with exactly three fraction digits. */
function apiTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The API form of a silence. */
export function toGettable(s: SilenceView): GettableSilence {
  return {
    id: s.id,
    status: { state: s.state },
    updatedAt: apiTime(s.updatedAt),
    matchers: s.matchers.map((m) => ({
      name: m.name,
      value: m.value,
      isRegex: m.type === '=~' || m.type === '!~',
      isEqual: m.type === '=' || m.type === '=~',
    })),
    startsAt: apiTime(s.startsAt),
    endsAt: apiTime(s.endsAt),
    createdBy: s.createdBy,
    comment: s.comment,
    ...(s.annotations && { annotations: { ...s.annotations } }),
  };
}

const STATE_ORDER: Readonly<Record<SilenceState, number>> = { active: 0, pending: 1, expired: 2 };

/** Alertmanager's `SortSilences`: active by end, then pending by start, then expired, newest end first. */
export function compareSilences(a: SilenceView, b: SilenceView): number {
  if (a.state !== b.state) return STATE_ORDER[a.state] - STATE_ORDER[b.state];
  if (a.state === 'active') return a.endsAt - b.endsAt;
  if (a.state === 'pending') return a.startsAt - b.startsAt;
  return b.endsAt - a.endsAt;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refused request: the status and the body Alertmanager answers with. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** go-swagger's validation failure (422 `{code, message}`; 602 = required, 612 = too few items). */
function invalid(code: number, message: string): ApiError {
  return new ApiError(422, { code, message });
}

/** go-swagger's body decoding failure (400 `{code: 400, message}`). */
function undecodable(reason: string): ApiError {
  return new ApiError(400, { code: 400, message: `parsing silence body from "" failed, because ${reason}` });
}

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requiredString(o: Record<string, unknown>, field: string, path = field): string {
  const v = o[field];
  if (v === undefined || v === null) throw invalid(602, `${path} in body is required`);
  if (typeof v !== 'string') {
    throw undecodable(`json: cannot unmarshal ${goType(v)} into Go struct field of type string (${path})`);
  }
  return v;
}

function dateTime(o: Record<string, unknown>, field: string): number {
  const v = requiredString(o, field);
  const ms = RFC3339.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw undecodable(`parsing time ${JSON.stringify(v)}: not an RFC 3339 date-time`);
  return ms;
}

function optionalBool(v: unknown, path: string, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean')
    throw undecodable(`json: cannot unmarshal ${goType(v)} into Go struct field of type bool (${path})`);
  return v;
}

interface RawMatcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
}

/** Decodes one matcher of the body (structure only; validity is checked with the silence). */
function readMatcher(raw: unknown, i: number): RawMatcher {
  if (!isRecord(raw))
    throw undecodable(`json: cannot unmarshal ${goType(raw)} into Go value of type models.Matcher`);
  const name = requiredString(raw, 'name', `matchers.${i}.name`);
  const value = requiredString(raw, 'value', `matchers.${i}.value`);
  if (raw['isRegex'] === undefined || raw['isRegex'] === null) {
    throw invalid(602, `matchers.${i}.isRegex in body is required`);
  }
  const isRegex = optionalBool(raw['isRegex'], `matchers.${i}.isRegex`, false);
  const isEqual = optionalBool(raw['isEqual'], `matchers.${i}.isEqual`, true);
  return { name, value, type: isRegex ? (isEqual ? '=~' : '!~') : isEqual ? '=' : '!=' };
}

/** Compiles the matchers; an invalid name or regex gets Alertmanager's validation message. */
function buildMatchers(raw: readonly RawMatcher[]): Matcher[] {
  return raw.map((m, i) => {
    const prefix = `silence invalid: invalid label matcher ${i}`;
    if (!isValidLabelName(m.name))
      throw new ApiError(400, `${prefix}: invalid label name ${JSON.stringify(m.name)}`);
    if (m.type === '=~' || m.type === '!~') {
      try {
        compileRe2(m.value, false);
      } catch (e) {
        if (e instanceof RegexError) {
          throw new ApiError(
            400,
            `${prefix}: invalid regular expression ${JSON.stringify(m.value)}: ${e.message}`,
          );
        }
        throw e;
      }
    }
    return newMatcher(m.name, m.type, m.value);
  });
}

/** A decoded `postableSilence` whose matchers are not compiled yet. */
type Postable = Omit<SilenceInput, 'matchers'> & { readonly matchers: readonly RawMatcher[] };

/** Decodes a `postableSilence` body; the first problem is the answer, as in Alertmanager. */
function readPostable(body: unknown): Postable {
  if (body === undefined || body === null) throw invalid(602, 'silence in body is required');
  if (!isRecord(body)) {
    throw undecodable(`json: cannot unmarshal ${goType(body)} into Go value of type models.PostableSilence`);
  }
  const rawMatchers = body['matchers'];
  if (rawMatchers === undefined || rawMatchers === null) throw invalid(602, 'matchers in body is required');
  if (!Array.isArray(rawMatchers)) {
    throw undecodable(
      `json: cannot unmarshal ${goType(rawMatchers)} into Go struct field of type models.Matchers`,
    );
  }
  if (rawMatchers.length === 0) throw invalid(612, 'matchers in body should have at least 1 items');
  const matchers = rawMatchers.map(readMatcher);
  const startsAt = dateTime(body, 'startsAt');
  const endsAt = dateTime(body, 'endsAt');
  const createdBy = requiredString(body, 'createdBy');
  const comment = requiredString(body, 'comment');
  const id = body['id'];
  if (id !== undefined && id !== null && typeof id !== 'string') {
    throw undecodable(`json: cannot unmarshal ${goType(id)} into Go struct field of type string (id)`);
  }
  const annotations = body['annotations'];
  return {
    ...(typeof id === 'string' && id !== '' && { id }),
    matchers,
    startsAt,
    endsAt,
    createdBy,
    comment,
    ...(isRecord(annotations) && { annotations: stringRecord(annotations) }),
  };
}

function stringRecord(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'string') out[k] = v;
  return out;
}

function sendError(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json').send(JSON.stringify(body));
}

function filterParam(q: unknown): string[] {
  const f = isRecord(q) ? q['filter'] : undefined;
  if (f === undefined) return [];
  return (Array.isArray(f) ? f : [f]).filter((x): x is string => typeof x === 'string');
}

/** Registers the silence endpoints under `/api/v2`, as one encapsulated plugin. */
export function silencesApi(deps: SilencesApiDeps): FastifyPluginAsync {
  const { silences, clock } = deps;
  return async (app) => {
    app.addHook('onSend', async (req, reply, payload) => {
      reply.header('Cache-Control', 'no-store');
      reply.header('Vary', 'Origin');
      if (req.headers.origin !== undefined) reply.header('Access-Control-Allow-Origin', '*');
      return payload;
    });
    // Bodies are decoded here so that an empty body (a DELETE with a JSON content type, or a
    // POST without a silence) reaches the handler instead of failing in the parser.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
      if (text === '') return done(null, undefined);
      try {
        done(null, JSON.parse(String(text)) as unknown);
      } catch (e) {
        done(undecodable(e instanceof Error ? e.message : String(e)), undefined);
      }
    });
    app.setErrorHandler((err: unknown, _req, reply) => {
      if (err instanceof ApiError) return sendError(reply, err.status, err.body);
      const e = err as { statusCode?: number; message?: string };
      const status = e.statusCode !== undefined && e.statusCode < 500 ? e.statusCode : 500;
      return sendError(reply, status, { code: status, message: e.message ?? String(err) });
    });

    app.get('/api/v2/silences', async (req, reply) => {
      let filter: Matcher[];
      try {
        filter = filterParam(req.query).map((f) => parseMatcher(f));
      } catch (e) {
        if (e instanceof MatcherError) return sendError(reply, 400, e.message);
        throw e;
      }
      const list = silences.query({ filter }).sort(compareSilences).map(toGettable);
      return reply.send(list);
    });

    app.post('/api/v2/silences', async (req, reply) => {
      let input: SilenceInput;
      try {
        const p = readPostable(req.body);
        if (p.startsAt >= p.endsAt) {
          throw new ApiError(400, 'Failed to create silence: start time must be before end time');
        }
        if (p.endsAt < clock.now())
          throw new ApiError(400, "Failed to create silence: end time can't be in the past");
        input = { ...p, matchers: buildMatchers(p.matchers) };
      } catch (e) {
        if (e instanceof ApiError) return sendError(reply, e.status, e.body);
        throw e;
      }
      try {
        const silenceID = await silences.set(input);
        return reply.send({ silenceID });
      } catch (e) {
        if (e instanceof SilenceError) {
          return sendError(reply, e.code === 'silence.not_found' ? 404 : 400, e.message);
        }
        throw e;
      }
    });

    app.get<{ Params: { silenceID: string } }>('/api/v2/silence/:silenceID', async (req, reply) => {
      const id = req.params.silenceID;
      if (!UUID.test(id))
        return sendError(reply, 422, {
          code: 601,
          message: `silenceID in path must be of type uuid: "${id}"`,
        });
      const s = silences.get(id);
      if (!s) return reply.code(404).send();
      return reply.send(toGettable(s));
    });

    app.delete<{ Params: { silenceID: string } }>('/api/v2/silence/:silenceID', async (req, reply) => {
      const id = req.params.silenceID;
      if (!UUID.test(id))
        return sendError(reply, 422, {
          code: 601,
          message: `silenceID in path must be of type uuid: "${id}"`,
        });
      try {
        await silences.expire(id);
      } catch (e) {
        if (e instanceof SilenceError && e.code === 'silence.not_found')
          return sendError(reply, 404, e.message);
        throw e;
      }
      return reply.code(200).send();
    });
  };
}
