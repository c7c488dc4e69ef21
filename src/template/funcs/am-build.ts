/**
 * Builders of Alertmanager's template data: from Vigil's alerts (status, common labels and
 * annotations computed as Alertmanager does), from Alertmanager's template-data JSON (what
 * `amtool template render --template.data` reads), and amtool's built-in example data.
 */
import { GoDuration, GoTime } from '../gotime.js';
import { Alert, TemplateData, alerts, kv } from './am-data.js';

/** One alert as the router hands it to a notifier. */
export interface NotificationAlert {
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  /** Unix milliseconds. */
  startsAt: number;
  /** Unix milliseconds; 0 means unset (Go's zero time). */
  endsAt: number;
  generatorURL: string;
  fingerprint: string;
  /** Whether the alert is resolved at notification time. */
  resolved: boolean;
}

/** Everything Alertmanager's `Template.Data` takes. */
export interface NotificationInput {
  receiver: string;
  groupLabels: Readonly<Record<string, string>>;
  alerts: readonly NotificationAlert[];
  externalURL: string;
}

/** Go's `regexp.QuoteMeta`, which Alertmanager applies to the receiver name. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function timeFromMs(ms: number): GoTime {
  return ms === 0 ? GoTime.zero() : GoTime.fromUnixMilli(ms);
}

function common(maps: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const first = maps[0];
  if (!first) return {};
  const out: Record<string, string> = { ...first };
  for (const m of maps.slice(1)) {
    for (const k of Object.keys(out)) if (m[k] !== out[k]) delete out[k];
  }
  return out;
}

/** Builds the template data for one notification, as Alertmanager's `Template.Data` does. */
export function buildTemplateData(input: NotificationInput): TemplateData {
  const list = input.alerts.map(
    (a) =>
      new Alert(
        a.resolved ? 'resolved' : 'firing',
        kv(a.labels),
        kv(a.annotations),
        timeFromMs(a.startsAt),
        timeFromMs(a.endsAt),
        a.generatorURL,
        a.fingerprint,
      ),
  );
  const status = input.alerts.some((a) => !a.resolved) ? 'firing' : 'resolved';
  return new TemplateData(
    quoteMeta(input.receiver),
    status,
    alerts(list),
    kv(input.groupLabels),
    kv(common(input.alerts.map((a) => a.labels))),
    kv(common(input.alerts.map((a) => a.annotations))),
    input.externalURL,
  );
}

const RFC3339_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Go's `time.Time.UnmarshalJSON` (RFC 3339) in a process whose local zone is UTC: `Z` and
 * `+00:00` become UTC, other offsets a nameless fixed zone (printed `+0200 +0200`).
 */
export function parseGoTime(text: string): GoTime {
  const m = RFC3339_RE.exec(text);
  if (!m)
    throw new Error(`parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05Z07:00": cannot parse`);
  const n = (i: number): number => Number(m[i] ?? 0);
  const ns = Number((m[7] ?? '').padEnd(9, '0'));
  const utc = GoTime.utc(n(1), n(2), n(3), n(4), n(5), n(6), ns);
  if (m[8] !== undefined) return utc;
  const offset = (m[9] === '-' ? -1 : 1) * (n(10) * 3600 + n(11) * 60);
  if (offset === 0) return utc;
  return new GoTime(utc.sec - offset, ns, offset, '');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function labelsOf(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, str(x)]));
}

function alertFromJSON(v: unknown): Alert {
  const a = isRecord(v) ? v : {};
  const time = (x: unknown): GoTime => (typeof x === 'string' ? parseGoTime(x) : GoTime.zero());
  return new Alert(
    str(a.status),
    kv(labelsOf(a.labels)),
    kv(labelsOf(a.annotations)),
    time(a.startsAt),
    time(a.endsAt),
    str(a.generatorURL),
    str(a.fingerprint),
  );
}

/** Reads Alertmanager's template-data JSON (the webhook payload's fields) into TemplateData. */
export function templateDataFromJSON(json: unknown): TemplateData {
  const d = isRecord(json) ? json : {};
  const list = Array.isArray(d.alerts) ? d.alerts.map(alertFromJSON) : [];
  return new TemplateData(
    str(d.receiver),
    str(d.status),
    alerts(list),
    kv(labelsOf(d.groupLabels)),
    kv(labelsOf(d.commonLabels)),
    kv(labelsOf(d.commonAnnotations)),
    str(d.externalURL),
  );
}

/** The example data `amtool template render` uses when no --template.data is given. */
export function amtoolExampleData(now: GoTime): TemplateData {
  const ago = (minutes: number): GoTime => now.Add(new GoDuration(BigInt(-minutes * 60) * 1_000_000_000n));
  const common = { commonlabelkey1: 'commonlabelvalue1', commonlabelkey2: 'commonlabelvalue2' };
  const commonAnn = {
    commonannotationkey1: 'commonannotationvalue1',
    commonannotationkey2: 'commonannotationvalue2',
  };
  const a1 = new Alert(
    'alertstatus',
    kv({ label1: 'value1', label2: 'value2', instance: 'foo.bar:1234', ...common }),
    kv({ annotation1: 'value1', annotation2: 'value2', ...commonAnn }),
    ago(5),
    now,
    'https://generatorurl.com',
    'fingerprint1',
  );
  const a2 = new Alert(
    'alertstatus',
    kv({ foo: 'bar', baz: 'qux', ...common }),
    kv({ aaa: 'bbb', ccc: 'ddd', ...commonAnn }),
    ago(10),
    now,
    'https://generatorurl.com',
    'fingerprint2',
  );
  return new TemplateData(
    'receiver',
    'alertstatus',
    alerts([a1, a2]),
    kv({ grouplabelkey1: 'grouplabelvalue1', grouplabelkey2: 'grouplabelvalue2' }),
    kv(common),
    kv(commonAnn),
    'https://example.com',
  );
}

/** The data as plain JSON (webhook field names), for Handlebars layouts and `toJson`. */
export function templateDataToJSON(d: TemplateData): Record<string, unknown> {
  return {
    receiver: d.Receiver,
    status: d.Status,
    alerts: d.Alerts.map((a) => ({
      status: a.Status,
      labels: a.Labels.toObject(),
      annotations: a.Annotations.toObject(),
      startsAt: a.StartsAt.Format('2006-01-02T15:04:05.999999999Z07:00'),
      endsAt: a.EndsAt.Format('2006-01-02T15:04:05.999999999Z07:00'),
      generatorURL: a.GeneratorURL,
      fingerprint: a.Fingerprint,
    })),
    groupLabels: d.GroupLabels.toObject(),
    commonLabels: d.CommonLabels.toObject(),
    commonAnnotations: d.CommonAnnotations.toObject(),
    externalURL: d.ExternalURL,
  };
}
