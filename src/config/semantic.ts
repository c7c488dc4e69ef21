// The semantic pass: turns the schema-checked raw value into a typed `Config` and checks the
// references between sections (receivers, time intervals), as Alertmanager's loader does.
import type { BuildContext } from './context.js';
import { asList, asMap } from './context.js';
import {
  buildAlerting,
  buildDatasource,
  buildGlobal,
  buildRemoteWrites,
  resolvePatterns,
} from './prometheus.js';
import { buildReceivers, checkHostPort } from './receivers.js';
import { buildInhibitRules, buildRootRoute, walkRoutes } from './route.js';
import { buildTimeIntervals } from './timeinterval.js';
import type { Config, Receiver, RootRoute, TimeInterval } from './types.js';

const ALERTMANAGER_KEYS = [
  'receivers',
  'inhibit_rules',
  'time_intervals',
  'mute_time_intervals',
  'templates',
];

/** A receiver with no integrations: alerts routed to it are grouped and shown, never notified. */
function emptyReceiver(name: string): Receiver {
  return {
    name,
    email_configs: [],
    slack_configs: [],
    webhook_configs: [],
    pagerduty_configs: [],
    opsgenie_configs: [],
    msteams_configs: [],
    discord_configs: [],
    telegram_configs: [],
    other_configs: {},
  };
}

/**
 * Reports receivers and time intervals that routes use but nobody defines. An undefined receiver
 * on a child route is a warning, not an error: Alertmanager refuses such a file, but one of the
 * user's own seed configs has one, and the rest of the tree is still worth running. Returns the
 * implicit empty receivers to add for those names.
 */
function checkReferences(
  ctx: BuildContext,
  route: RootRoute,
  receivers: readonly Receiver[],
  intervals: readonly TimeInterval[],
): Receiver[] {
  const names = new Set(receivers.map((r) => r.name));
  const tis = new Set(intervals.map((t) => t.name));
  const implicit = new Map<string, Receiver>();
  walkRoutes(route, ['route'], (r, path) => {
    if (r.receiver !== undefined && r.receiver !== '' && !names.has(r.receiver)) {
      if (path.length === 1) {
        ctx.error(
          [...path, 'receiver'],
          `undefined receiver ${JSON.stringify(r.receiver)} used in route`,
          'config.undefined_receiver',
        );
      } else {
        ctx.report(
          'warning',
          [...path, 'receiver'],
          `undefined receiver ${JSON.stringify(r.receiver)} used in route: Alertmanager rejects this; ` +
            'Vigil routes these alerts to an empty receiver and sends no notification for them',
          'config.undefined_receiver',
        );
        if (!implicit.has(r.receiver)) implicit.set(r.receiver, emptyReceiver(r.receiver));
      }
    }
    for (const key of ['mute_time_intervals', 'active_time_intervals'] as const) {
      r[key].forEach((ti, i) => {
        if (!tis.has(ti))
          ctx.error(
            [...path, key, i],
            `undefined time interval ${JSON.stringify(ti)} used in route`,
            'config.undefined_time_interval',
          );
      });
    }
  });
  return [...implicit.values()];
}

/**
 * Builds the typed configuration from the merged raw value. `present` holds the top-level keys
 * the files actually set (before defaults), to tell an absent Alertmanager part from an empty one.
 */
export function buildConfig(
  ctx: BuildContext,
  raw: unknown,
  present: ReadonlySet<string>,
  files: readonly string[],
): Config {
  const m = asMap(raw);
  const global = buildGlobal(ctx, m['global']);
  if (global.smtp_smarthost !== undefined)
    checkHostPort(ctx, ['global', 'smtp_smarthost'], global.smtp_smarthost);
  const route = buildRootRoute(ctx, m['route']);
  const declared = buildReceivers(ctx, m['receivers'], global);
  const timeIntervals = buildTimeIntervals(ctx, m['mute_time_intervals'], m['time_intervals']);
  const inhibitRules = buildInhibitRules(ctx, m['inhibit_rules']);
  const implicit = route ? checkReferences(ctx, route, declared, timeIntervals) : [];
  const receivers = [...declared, ...implicit];
  if (!route && ALERTMANAGER_KEYS.some((k) => present.has(k) && asList(m[k]).length > 0)) {
    const key = ALERTMANAGER_KEYS.find((k) => present.has(k)) ?? 'receivers';
    ctx.error([key], 'no routes provided', 'config.no_route', true);
  }
  const datasource = buildDatasource(ctx, m['datasource']);
  return {
    files,
    global,
    rule_files: resolvePatterns(ctx, m['rule_files'], 'rule_files'),
    alerting: buildAlerting(ctx, m['alerting'] ?? asMap(undefined)),
    remote_write: buildRemoteWrites(ctx, m['remote_write']),
    ...(route ? { route } : {}),
    receivers,
    inhibit_rules: inhibitRules,
    time_intervals: timeIntervals,
    templates: resolvePatterns(ctx, m['templates'], 'templates'),
    ...(datasource ? { datasource } : {}),
  };
}
