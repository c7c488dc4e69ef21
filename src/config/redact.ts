// Turns a loaded Config back into a plain, printable object with every secret masked, the way
// Alertmanager marshals its parsed config for `/api/v2/status` (`config.original`).
import { formatDuration } from '../model/duration.js';
import { formatMatcher } from '../model/matcher.js';
import type { Matcher } from '../model/matcher.js';
import { Secret } from '../model/secret.js';
import { MONTHS, WEEKDAYS } from './timeinterval.js';

/** Keys whose numeric values are durations in milliseconds, printed back as `5m`. */
const DURATION_KEYS: ReadonlySet<string> = new Set([
  'evaluation_interval',
  'scrape_interval',
  'scrape_timeout',
  'rule_query_offset',
  'resolve_timeout',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'timeout',
  'remote_timeout',
  'batch_send_deadline',
  'min_backoff',
  'max_backoff',
  'send_interval',
]);

function isMatcher(v: object): v is Matcher {
  return (
    'name' in v && 'type' in v && 'value' in v && typeof (v as { matches?: unknown }).matches === 'function'
  );
}

/** How Alertmanager prints one range of a time-interval field: `monday:friday`, `1`, `2020:2022`. */
const RANGE_NAMES: Readonly<Record<string, (n: number) => string>> = {
  weekdays: (n) => WEEKDAYS[n] ?? String(n),
  months: (n) => MONTHS[n] ?? String(n),
  days_of_month: String,
  years: String,
};

function isRangeList(v: unknown): v is Array<{ begin: number; end: number }> {
  return (
    Array.isArray(v) && v.every((r) => r !== null && typeof r === 'object' && 'begin' in r && 'end' in r)
  );
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Time-interval fields in Alertmanager's YAML form instead of Vigil's parsed ranges. */
function timeIntervalField(key: string, v: unknown): unknown {
  const name = RANGE_NAMES[key];
  if (name && isRangeList(v))
    return v.map((r) => (r.begin === r.end ? name(r.begin) : `${name(r.begin)}:${name(r.end)}`));
  if (key === 'times' && Array.isArray(v))
    return v.map((t: { start_minute: number; end_minute: number }) => ({
      start_time: hhmm(t.start_minute),
      end_time: hhmm(t.end_minute),
    }));
  return undefined;
}

/** Field names that hold secrets in the integrations Vigil keeps raw (victorops, pushover, sns, ...). */
const RAW_SECRET_KEY = /(password|secret|token|credentials|_key$|^key$|webhook_url|api_url|^url$)/i;

/** Masks a raw (unparsed) config value by field name, since it never became a `Secret`. */
function redactRaw(key: string, v: unknown): unknown {
  if (typeof v === 'string' && RAW_SECRET_KEY.test(key) && !key.endsWith('_file')) return Secret.MASK;
  if (key === 'proxy_url' && typeof v === 'string') return redactUrlPassword(v);
  if (Array.isArray(v)) return v.map((x) => redactRaw('', x));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = redactRaw(k, x);
    return out;
  }
  return v;
}

/** A URL with the password of its user info masked, as prometheus/common prints `proxy_url`. */
function redactUrlPassword(text: string): string {
  try {
    const u = new URL(text);
    if (u.password === '') return text;
    u.password = 'xxxxx';
    return u.toString();
  } catch {
    return text;
  }
}

function redactValue(key: string, v: unknown): unknown {
  if (v instanceof Secret) return Secret.MASK;
  if (key === 'proxy_url' && typeof v === 'string') return redactUrlPassword(v);
  const ti = timeIntervalField(key, v);
  if (ti !== undefined) return ti;
  if (v instanceof RegExp) return undefined;
  if (typeof v === 'number' && DURATION_KEYS.has(key)) return formatDuration(v);
  if (typeof v === 'function') return undefined;
  if (Array.isArray(v)) return v.map((x) => redactValue('', x));
  if (v !== null && typeof v === 'object') {
    if (isMatcher(v)) return formatMatcher(v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // Receivers keep the integrations Vigil does not send to under `other_configs`; print them
      // under their own keys, as they were written.
      if (k === 'other_configs' && x !== null && typeof x === 'object') {
        for (const [ok, ox] of Object.entries(x)) out[ok] = redactRaw(ok, ox);
        continue;
      }
      const r = redactValue(k, x);
      // Integrations keep their client settings in `http`; the YAML (and Alertmanager) call it `http_config`.
      if (r !== undefined) out[k === 'http' ? 'http_config' : k] = r;
    }
    return out;
  }
  return v;
}

/**
 * A plain copy of a config (or any part of it) that is safe to print: secrets become `<secret>`,
 * matchers their text form, durations `1h30m`; compiled regexes are dropped.
 */
export function redactConfig(config: unknown): unknown {
  return redactValue('', config);
}
