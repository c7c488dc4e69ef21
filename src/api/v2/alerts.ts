// API v2 alert endpoints: POST/GET /api/v2/alerts, GET /api/v2/alerts/groups, GET /api/v2/receivers.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Alert } from '../../model/alert.js';
import { compareAlerts, compareLabelSets, ZERO_TIME } from '../../model/alert.js';
import type { Clock } from '../../model/clock.js';
import type { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import { MatcherError, parseMatchers } from '../../model/matcher.js';
import { compileRe2 } from '../../model/re2.js';
import { prepareAlerts } from '../../router/alerts/intake.js';
import type { Route } from '../../router/dispatch/route.js';
import type { Muter } from '../../router/pipeline/types.js';
import { parseAlertsBody } from './alerts-body.js';

/** The current groups as the dispatcher holds them. */
export interface GroupView {
  readonly labels: Labels;
  readonly route: Route;
  readonly alerts: ReadonlyMap<string, Alert>;
}

/** What the alert endpoints need; getters so a reload can swap the tree and receivers. */
export interface AlertsApiDeps {
  readonly clock: Clock;
  /** `put` may return a promise that settles once the alerts are committed: POST awaits it. */
  readonly store: { put(alerts: readonly Alert[], now: number): unknown; list(): Iterable<Alert> };
  readonly resolveTimeoutMs: () => number;
  readonly route: () => Route;
  /** Receiver names in config order. */
  readonly receivers: () => readonly string[];
  readonly groups: () => Iterable<GroupView>;
  readonly silencer?: Muter;
  readonly inhibitor?: Muter;
  /** Largest accepted body in bytes (larger ones get a 400). */
  readonly bodyLimit?: number;
}

interface Status {
  state: 'active' | 'suppressed';
  silencedBy: string[];
  inhibitedBy: string[];
}

const JSON_TYPE = 'application/json';

function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type(JSON_TYPE)
    .send(`${JSON.stringify(body)}\n`);
}

function boolParam(v: unknown): boolean {
  return v === undefined || String(v) !== 'false';
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Alertmanager's `matchFilterLabels`: `x=""` matches an absent label, `x!=""` a present one. */
export function matchFilterLabels(ms: readonly Matcher[], labels: Labels): boolean {
  for (const m of ms) {
    const v = labels[m.name];
    const present = v !== undefined;
    if (m.type === '!=' || m.type === '!~') {
      if (m.value === '' && present) continue;
    } else if (m.value === '' && !present) continue;
    if (!m.matches(v ?? '')) return false;
  }
  return true;
}

function gettable(a: Alert, receivers: readonly string[], status: Status): Record<string, unknown> {
  return {
    annotations: a.annotations,
    endsAt: new Date(a.endsAt).toISOString(),
    fingerprint: a.fingerprint,
    receivers: receivers.map((name) => ({ name })),
    startsAt: new Date(a.startsAt).toISOString(),
    status,
    updatedAt: new Date(a.updatedAt).toISOString(),
    ...(a.generatorURL !== '' ? { generatorURL: a.generatorURL } : {}),
    labels: a.labels,
  };
}

interface Filters {
  matchers: Matcher[];
  receiver: RegExp | undefined;
  active: boolean;
  silenced: boolean;
  inhibited: boolean;
}

function parseFilters(q: Record<string, unknown>): Filters | string {
  try {
    const matchers = list(q['filter']).flatMap((f) => parseMatchers(f));
    const r = q['receiver'];
    return {
      matchers,
      receiver: r === undefined || r === '' ? undefined : compileRe2(String(r), true),
      active: boolParam(q['active']),
      silenced: boolParam(q['silenced']),
      inhibited: boolParam(q['inhibited']),
    };
  } catch (e) {
    return e instanceof MatcherError || e instanceof Error ? e.message : String(e);
  }
}

/** Builds the plugin; register it under the route prefix. */
export function alertsApiPlugin(deps: AlertsApiDeps): FastifyPluginAsync {
  const status = (a: Alert, now: number): Status => {
    const silencedBy = [...(deps.silencer?.mutes(a.labels, now) ?? [])];
    const inhibitedBy = [...(deps.inhibitor?.mutes(a.labels, now) ?? [])];
    const suppressed = silencedBy.length > 0 || inhibitedBy.length > 0;
    return { state: suppressed ? 'suppressed' : 'active', silencedBy, inhibitedBy };
  };
  const keep = (a: Alert, st: Status, f: Filters, now: number): boolean => {
    if (a.endsAt !== ZERO_TIME && a.endsAt < now) return false;
    if (!f.active && st.state === 'active') return false;
    if (!f.silenced && st.silencedBy.length > 0) return false;
    if (!f.inhibited && st.inhibitedBy.length > 0) return false;
    return matchFilterLabels(f.matchers, a.labels);
  };

  return async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: deps.bodyLimit ?? 16 << 20 },
      (_req, body, done) => done(null, body),
    );
    app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
      const code = err.statusCode === 413 ? 400 : (err.statusCode ?? 500);
      return sendJson(reply, code, { code, message: err.message });
    });

    app.post('/api/v2/alerts', async (req, reply) => {
      const parsed = parseAlertsBody(typeof req.body === 'string' ? req.body : '');
      if (!Array.isArray(parsed)) return sendJson(reply, parsed.status, parsed.body);
      const now = deps.clock.now();
      const r = prepareAlerts(parsed, now, deps.resolveTimeoutMs());
      const stored = deps.store.put(r.alerts, now);
      if (stored instanceof Promise) await stored;
      if (r.errors.length > 0) return sendJson(reply, 400, r.errors.join('; '));
      return reply.code(200).header('cache-control', 'no-store').send();
    });

    app.get('/api/v2/alerts', async (req, reply) => {
      const f = parseFilters(req.query as Record<string, unknown>);
      if (typeof f === 'string') return sendJson(reply, 400, f);
      const now = deps.clock.now();
      const route = deps.route();
      const out: Array<Record<string, unknown>> = [];
      const alerts = [...deps.store.list()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
      for (const a of alerts) {
        const receivers = route.match(a.labels).map((r) => r.opts.receiver);
        if (f.receiver !== undefined && !receivers.some((n) => f.receiver?.test(n))) continue;
        const st = status(a, now);
        if (keep(a, st, f, now)) out.push(gettable(a, receivers, st));
      }
      return sendJson(reply, 200, out);
    });

    app.get('/api/v2/alerts/groups', async (req, reply) => {
      const f = parseFilters(req.query as Record<string, unknown>);
      if (typeof f === 'string') return sendJson(reply, 400, f);
      const now = deps.clock.now();
      const groups: Array<{
        labels: Labels;
        receiver: string;
        alerts: Alert[];
        statuses: Map<string, Status>;
      }> = [];
      for (const g of deps.groups()) {
        const receiver = g.route.opts.receiver;
        if (f.receiver !== undefined && !f.receiver.test(receiver)) continue;
        const statuses = new Map<string, Status>();
        const alerts = [...g.alerts.values()].filter((a) => {
          const st = status(a, now);
          statuses.set(a.fingerprint, st);
          return keep(a, st, f, now);
        });
        if (alerts.length > 0)
          groups.push({ labels: g.labels, receiver, alerts: alerts.sort(compareAlerts), statuses });
      }
      groups.sort(
        (a, b) =>
          compareLabelSets(a.labels, b.labels) ||
          (a.receiver < b.receiver ? -1 : a.receiver > b.receiver ? 1 : 0),
      );
      const route = deps.route();
      return sendJson(
        reply,
        200,
        groups.map((g) => ({
          alerts: g.alerts.map((a) =>
            gettable(
              a,
              route.match(a.labels).map((r) => r.opts.receiver),
              g.statuses.get(a.fingerprint) ?? { state: 'active', silencedBy: [], inhibitedBy: [] },
            ),
          ),
          labels: g.labels,
          receiver: { name: g.receiver },
        })),
      );
    });

    app.get('/api/v2/receivers', async (_req, reply) =>
      sendJson(
        reply,
        200,
        deps.receivers().map((name) => ({ name })),
      ),
    );
  };
}
