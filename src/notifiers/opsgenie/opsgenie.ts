// The Opsgenie integration: creates an alert (alias = hash of the group key) and closes it when resolved.
import type { OpsGenieConfig } from '../../config/types.js';
import type { Alert } from '../../model/alert.js';
import type { NotifyContext } from '../types.js';
import type { ClosableNotifier, NotifierEnv } from '../env.js';
import { Fields, groupStatus, hashKey, notificationData, preparationFailure, truncateRunes } from '../env.js';
import { HttpClient, postJSON, prop, withBodyReason } from '../http-send.js';
import type { SendOutcome } from '../retry.js';
import { commonPairs } from '../webhook/payload.js';

const WHAT = 'opsgenie';

/** One responder as Opsgenie's alert API takes it. */
export interface OpsgenieResponder {
  id?: string;
  name?: string;
  username?: string;
  type: string;
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

function responders(conf: OpsGenieConfig, f: Fields): OpsgenieResponder[] {
  const out: OpsgenieResponder[] = [];
  for (const r of conf.responders) {
    const type = f.text(r.type, 'responders.type');
    const name = f.text(r.name, 'responders.name');
    if (type === 'teams') {
      for (const t of splitList(name)) out.push({ name: t, type: 'team' });
      continue;
    }
    const one: OpsgenieResponder = { type };
    const id = f.text(r.id, 'responders.id');
    const username = f.text(r.username, 'responders.username');
    if (id !== '') one.id = id;
    if (name !== '') one.name = name;
    if (username !== '') one.username = username;
    out.push(one);
  }
  return out;
}

/** The create-alert body (`POST v2/alerts`), fields as Alertmanager fills them. */
export function createBody(
  conf: OpsGenieConfig,
  f: Fields,
  alias: string,
  commonLabels: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const details: Record<string, string> = { ...commonLabels };
  for (const [k, v] of Object.entries(conf.details)) details[k] = f.text(v, `details.${k}`);
  const body: Record<string, unknown> = {
    alias,
    message: truncateRunes(f.text(conf.message, 'message'), 130).text,
    details,
    source: f.text(conf.source, 'source'),
  };
  const description = f.text(conf.description, 'description');
  if (description !== '') body['description'] = description;
  const rs = responders(conf, f);
  if (rs.length > 0) body['responders'] = rs;
  const tags = splitList(f.text(conf.tags, 'tags'));
  if (tags.length > 0) body['tags'] = tags;
  const actions = splitList(f.text(conf.actions, 'actions'));
  if (actions.length > 0) body['actions'] = actions;
  for (const k of ['note', 'priority', 'entity'] as const) {
    const v = f.text(conf[k], k);
    if (v !== '') body[k] = v;
  }
  return body;
}

function reason(json: unknown): string | undefined {
  const msg = prop(json, 'message');
  const errors = prop(json, 'errors');
  if (typeof msg !== 'string') return undefined;
  return errors !== undefined ? `${msg} ${JSON.stringify(errors)}` : msg;
}

/** Creates the notifier for one `opsgenie_configs` entry. */
export function createOpsgenie(conf: OpsGenieConfig, env: NotifierEnv): ClosableNotifier {
  const client = new HttpClient(conf.http);
  const base = conf.api_url.endsWith('/') ? conf.api_url : `${conf.api_url}/`;
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome> {
      const raw = conf.api_key?.reveal() ?? '';
      const secrets = [raw];
      let url: string;
      let body: Record<string, unknown>;
      let key: string;
      try {
        const f = new Fields(env.templates, notificationData(ctx, alerts, env.externalURL));
        key = f.text(raw, 'api_key');
        secrets.push(key);
        const alias = hashKey(ctx.groupKey);
        if (groupStatus(ctx, alerts) === 'resolved') {
          url = `${base}v2/alerts/${alias}/close?identifierType=alias`;
          body = { source: f.text(conf.source, 'source') };
        } else {
          url = `${base}v2/alerts`;
          body = createBody(conf, f, alias, commonPairs(alerts.map((a) => a.labels)));
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
        headers: { authorization: `GenieKey ${key}` },
        secrets,
        classify: (reply) => withBodyReason(WHAT, reply, env.now(), reason),
      });
    },
    close: () => client.close(),
  };
}
