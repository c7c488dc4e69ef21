// `GET /api/v1/notifications`: the notification history with filters, in Prometheus' API envelope.
import type { FastifyPluginAsync } from 'fastify';
import type { HistoryQuery, NotificationAttempt } from '../../store/notification-history.js';
import { ATTEMPT_OUTCOMES } from '../../store/notification-history.js';

/** The query side of the history the endpoint reads. */
export interface HistorySource {
  query(q: HistoryQuery): NotificationAttempt[];
}

/** One attempt as the API shows it. */
export interface NotificationView {
  id: number;
  time: string;
  receiver: string;
  integration: string;
  index: number;
  groupKey: string;
  alerts: { count: number; firing: number; resolved: number; fingerprints: string[] };
  outcome: string;
  error?: string;
  latencySeconds: number;
}

/** Parses RFC 3339 or Unix seconds (as Prometheus' API accepts); undefined when invalid. */
export function parseTime(v: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The API form of an attempt. */
export function toView(a: NotificationAttempt): NotificationView {
  return {
    id: a.id ?? 0,
    time: new Date(a.time).toISOString(),
    receiver: a.receiver,
    integration: a.integration,
    index: a.index,
    groupKey: a.groupKey,
    alerts: {
      count: a.fingerprints.length,
      firing: a.firing,
      resolved: a.resolved,
      fingerprints: [...a.fingerprints],
    },
    outcome: a.outcome,
    ...(a.error !== undefined ? { error: a.error } : {}),
    latencySeconds: a.latencyMs / 1000,
  };
}

const querySchema = {
  type: 'object',
  properties: {
    receiver: { type: 'string' },
    integration: { type: 'string' },
    outcome: { type: 'string', enum: [...ATTEMPT_OUTCOMES] },
    group_key: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    limit: { type: 'integer', minimum: 1, maximum: 10000 },
  },
  additionalProperties: false,
} as const;

const viewSchema = {
  type: 'object',
  required: [
    'id',
    'time',
    'receiver',
    'integration',
    'index',
    'groupKey',
    'alerts',
    'outcome',
    'latencySeconds',
  ],
  properties: {
    id: { type: 'integer' },
    time: { type: 'string' },
    receiver: { type: 'string' },
    integration: { type: 'string' },
    index: { type: 'integer' },
    groupKey: { type: 'string' },
    alerts: {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        firing: { type: 'integer' },
        resolved: { type: 'integer' },
        fingerprints: { type: 'array', items: { type: 'string' } },
      },
    },
    outcome: { type: 'string' },
    error: { type: 'string' },
    latencySeconds: { type: 'number' },
  },
} as const;

interface Query {
  receiver?: string;
  integration?: string;
  outcome?: (typeof ATTEMPT_OUTCOMES)[number];
  group_key?: string;
  since?: string;
  until?: string;
  limit?: number;
}

/** Registers the history endpoint. */
export function notificationsApi(history: HistorySource): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Query }>(
      '/api/v1/notifications',
      {
        // Bad parameters get the same Prometheus-style error body as a bad time, not fastify's.
        attachValidation: true,
        schema: {
          querystring: querySchema,
          response: {
            200: {
              type: 'object',
              properties: { status: { type: 'string' }, data: { type: 'array', items: viewSchema } },
            },
          },
        },
      },
      async (req, reply) => {
        if (req.validationError) {
          return reply
            .code(400)
            .send({ status: 'error', errorType: 'bad_data', error: req.validationError.message });
        }
        const q = req.query;
        const since = q.since !== undefined ? parseTime(q.since) : undefined;
        const until = q.until !== undefined ? parseTime(q.until) : undefined;
        if (
          (q.since !== undefined && since === undefined) ||
          (q.until !== undefined && until === undefined)
        ) {
          return reply
            .code(400)
            .send({ status: 'error', errorType: 'bad_data', error: 'invalid since/until time' });
        }
        const filters: HistoryQuery = {
          ...(q.receiver !== undefined ? { receiver: q.receiver } : {}),
          ...(q.integration !== undefined ? { integration: q.integration } : {}),
          ...(q.outcome !== undefined ? { outcome: q.outcome } : {}),
          ...(q.group_key !== undefined ? { groupKey: q.group_key } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(until !== undefined ? { until } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
        };
        return { status: 'success', data: history.query(filters).map(toView) };
      },
    );
  };
}
