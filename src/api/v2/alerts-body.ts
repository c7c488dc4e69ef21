// Parses a `POST /api/v2/alerts` body into postable alerts, with Alertmanager's error shapes.
import type { PostableAlert } from '../../router/alerts/intake.js';

/** A structural error: HTTP status and the `{code, message}` body Alertmanager's go-swagger sends. */
export interface BodyError {
  readonly status: number;
  readonly body: { code: number; message: string };
}

/** The errors this parser makes, told apart from label maps by class, not by their fields. */
class ParseError implements BodyError {
  constructor(
    readonly status: number,
    readonly body: { code: number; message: string },
  ) {}
}

const parseFailed = (why: string): BodyError =>
  new ParseError(400, { code: 400, message: `parsing alerts body from "" failed, because ${why}` });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown, field: string): Record<string, string> | BodyError {
  if (v === null || v === undefined) return {};
  if (!isObject(v))
    return parseFailed(
      `json: cannot unmarshal ${jsonKind(v)} into Go struct field Alert.${field} of type models.LabelSet`,
    );
  for (const val of Object.values(v)) {
    if (typeof val !== 'string') {
      return parseFailed(
        `json: cannot unmarshal ${jsonKind(val)} into Go struct field Alert.${field} of type string`,
      );
    }
  }
  return v as Record<string, string>;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

// RFC 3339 as go-openapi's strfmt.DateTime accepts it (fraction and offset optional forms).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;

function time(v: unknown, field: string): number | undefined | BodyError {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    return parseFailed(
      `json: cannot unmarshal ${jsonKind(v)} into Go struct field Alert.${field} of type string`,
    );
  const ms = RFC3339.test(v) ? Date.parse(/[Zz]|[+-]\d{2}:\d{2}$/.test(v) ? v : `${v}Z`) : NaN;
  if (Number.isNaN(ms))
    return parseFailed(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
  // Go's zero time (0001-01-01T00:00:00Z) means "unset".
  return ms <= -62135596800000 ? undefined : ms;
}

function isError(v: unknown): v is BodyError {
  return v instanceof ParseError;
}

/** Parses the raw request body; returns the alerts or the error Alertmanager would answer with. */
export function parseAlertsBody(raw: string): PostableAlert[] | BodyError {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    return parseFailed(e instanceof Error ? e.message : String(e));
  }
  if (!Array.isArray(data))
    return parseFailed(
      `json: cannot unmarshal ${jsonKind(data)} into Go value of type models.PostableAlerts`,
    );
  const out: PostableAlert[] = [];
  for (let i = 0; i < data.length; i++) {
    const item: unknown = data[i];
    if (!isObject(item))
      return parseFailed(
        `json: cannot unmarshal ${jsonKind(item)} into Go value of type models.PostableAlert`,
      );
    if (item['labels'] === undefined || item['labels'] === null) {
      return new ParseError(422, { code: 602, message: `${i}.labels in body is required` });
    }
    const labels = stringMap(item['labels'], 'labels');
    if (isError(labels)) return labels;
    const annotations = stringMap(item['annotations'], 'annotations');
    if (isError(annotations)) return annotations;
    const startsAt = time(item['startsAt'], 'startsAt');
    if (isError(startsAt)) return startsAt;
    const endsAt = time(item['endsAt'], 'endsAt');
    if (isError(endsAt)) return endsAt;
    const gen = item['generatorURL'];
    const alert: { -readonly [K in keyof PostableAlert]: PostableAlert[K] } = { labels, annotations };
    if (startsAt !== undefined) alert.startsAt = startsAt;
    if (endsAt !== undefined) alert.endsAt = endsAt;
    if (typeof gen === 'string') alert.generatorURL = gen;
    out.push(alert);
  }
  return out;
}
