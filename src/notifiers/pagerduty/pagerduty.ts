// The PagerDuty integration: Events API v2 (`routing_key`), or v1 (`service_key`) as Alertmanager keeps it.
import type { PagerdutyConfig } from '../../config/types.js';
import type { Alert } from '../../model/alert.js';
import type { NotifyContext } from '../types.js';
import type { ClosableNotifier, NotifierEnv } from '../env.js';
import {
  Fields,
  groupStatus,
  hashKey,
  notificationData,
  preparationFailure,
  timeoutMs,
  truncateRunes,
} from '../env.js';
import { HttpClient, postJSON, prop, withBodyReason } from '../http-send.js';
import type { SendOutcome } from '../retry.js';

const WHAT = 'pagerduty';
const V2_URL = 'https://events.pagerduty.com/v2/enqueue';
const V1_URL = 'https://events.pagerduty.com/generic/2010-04-15/create_event.json';

/** Renders every string leaf of a (possibly nested) details map. */
export function renderDetails(v: unknown, f: Fields, path = 'details'): unknown {
  if (typeof v === 'string') return f.text(v, path);
  if (Array.isArray(v)) return v.map((x, i) => renderDetails(x, f, `${path}[${i}]`));
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderDetails(x, f, `${path}.${k}`)]));
  }
  return v;
}

function v2Body(
  conf: PagerdutyConfig,
  f: Fields,
  key: string,
  action: string,
  dedup: string,
): Record<string, unknown> {
  const client = f.text(conf.client, 'client');
  const source = f.text(conf.source, 'source');
  const payload: Record<string, unknown> = {
    summary: truncateRunes(f.text(conf.description, 'description'), 1024).text,
    source: source === '' ? client : source,
    severity: f.text(conf.severity, 'severity'),
    custom_details: renderDetails(conf.details, f),
  };
  for (const k of ['class', 'component', 'group'] as const) {
    const v = f.text(conf[k], k);
    if (v !== '') payload[k] = v;
  }
  const images = conf.images
    .map((i) => ({
      src: f.text(i.src, 'images.src'),
      alt: f.text(i.alt, 'images.alt'),
      href: f.text(i.href, 'images.href'),
    }))
    .filter((i) => i.src !== '');
  const links = conf.links
    .map((l) => ({ href: f.text(l.href, 'links.href'), text: f.text(l.text, 'links.text') }))
    .filter((l) => l.href !== '');
  return {
    routing_key: key,
    dedup_key: dedup,
    event_action: action,
    payload,
    ...(client !== '' ? { client } : {}),
    ...(conf.client_url !== '' ? { client_url: f.text(conf.client_url, 'client_url') } : {}),
    ...(images.length > 0 ? { images } : {}),
    ...(links.length > 0 ? { links } : {}),
  };
}

function v1Body(
  conf: PagerdutyConfig,
  f: Fields,
  key: string,
  resolved: boolean,
  dedup: string,
): Record<string, unknown> {
  return {
    service_key: key,
    incident_key: dedup,
    event_type: resolved ? 'resolve' : 'trigger',
    description: truncateRunes(f.text(conf.description, 'description'), 1024).text,
    client: f.text(conf.client, 'client'),
    client_url: f.text(conf.client_url, 'client_url'),
    details: renderDetails(conf.details, f),
  };
}

function reason(json: unknown): string | undefined {
  const msg = prop(json, 'message');
  const errors = prop(json, 'errors');
  if (typeof msg !== 'string') return undefined;
  return Array.isArray(errors) && errors.length > 0 ? `${msg}: ${errors.map(String).join('; ')}` : msg;
}

/** Creates the notifier for one `pagerduty_configs` entry. */
export function createPagerduty(conf: PagerdutyConfig, env: NotifierEnv): ClosableNotifier {
  const client = new HttpClient(conf.http);
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome> {
      const raw = conf.routing_key?.reveal() ?? conf.service_key?.reveal() ?? '';
      const secrets = [raw];
      let body: Record<string, unknown>;
      let url = conf.url === '' ? V2_URL : conf.url;
      try {
        const f = new Fields(env.templates, notificationData(ctx, alerts, env.externalURL));
        const key = f.text(raw, conf.routing_key !== undefined ? 'routing_key' : 'service_key');
        secrets.push(key);
        const resolved = groupStatus(ctx, alerts) === 'resolved';
        const dedup = hashKey(ctx.groupKey);
        if (conf.routing_key !== undefined)
          body = v2Body(conf, f, key, resolved ? 'resolve' : 'trigger', dedup);
        else {
          body = v1Body(conf, f, key, resolved, dedup);
          if (url === V2_URL) url = V1_URL;
        }
      } catch (e) {
        return preparationFailure(WHAT, e, secrets);
      }
      return postJSON(client, {
        what: WHAT,
        url,
        body,
        signal: ctx.signal,
        userAgent: env.userAgent,
        now: env.now(),
        secrets,
        ...(timeoutMs(conf) !== undefined ? { timeoutMs: timeoutMs(conf) } : {}),
        classify: (reply) => withBodyReason(WHAT, reply, env.now(), reason),
      });
    },
    close: () => client.close(),
  };
}
