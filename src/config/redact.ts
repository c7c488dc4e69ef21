// Turns a loaded Config back into a plain, printable object with every secret masked, the way
// Alertmanager marshals its parsed config for `/api/v2/status` (`config.original`).
import { formatDuration } from '../model/duration.js';
import { formatMatcher } from '../model/matcher.js';
import type { Matcher } from '../model/matcher.js';
import { Secret } from '../model/secret.js';

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

function redactValue(key: string, v: unknown): unknown {
  if (v instanceof Secret) return Secret.MASK;
  if (v instanceof RegExp) return undefined;
  if (typeof v === 'number' && DURATION_KEYS.has(key)) return formatDuration(v);
  if (typeof v === 'function') return undefined;
  if (Array.isArray(v)) return v.map((x) => redactValue('', x));
  if (v !== null && typeof v === 'object') {
    if (isMatcher(v)) return formatMatcher(v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
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
