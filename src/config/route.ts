// Builds the routing tree and inhibition rules, with Alertmanager's checks and messages.
import { isValidLabelName } from '../model/labels.js';
import { compareMatchers, MatcherError, newMatcher, parseMatchers } from '../model/matcher.js';
import type { Matcher } from '../model/matcher.js';
import type { BuildContext, RawMap } from './context.js';
import { asList, asMap, optStr } from './context.js';
import type { InhibitRule, RootRoute, Route } from './types.js';
import type { JsonPath } from './yaml.js';

/** Folds `<prefix>match`, `<prefix>match_re` and `<prefix>matchers` into one sorted matcher list. */
export function buildMatchers(ctx: BuildContext, m: RawMap, path: JsonPath, prefix = ''): Matcher[] {
  const out: Matcher[] = [];
  for (const [name, value] of Object.entries(asMap(m[`${prefix}match`]))) {
    if (!isValidLabelName(name)) {
      ctx.error(
        [...path, `${prefix}match`, name],
        `invalid label name ${JSON.stringify(name)}`,
        'config.bad_label_name',
        true,
      );
    } else out.push(newMatcher(name, '=', optStr(value) ?? ''));
  }
  for (const [name, value] of Object.entries(asMap(m[`${prefix}match_re`]))) {
    const p = [...path, `${prefix}match_re`, name];
    if (!isValidLabelName(name)) {
      ctx.error(p, `invalid label name ${JSON.stringify(name)}`, 'config.bad_label_name', true);
      continue;
    }
    try {
      const re = optStr(value) ?? '';
      newMatcher(name, '=~', re); // validates, with Alertmanager's error text for the raw value
      // Alertmanager keeps legacy match_re values anchored: route keys and group keys show them so.
      out.push(newMatcher(name, '=~', `^(?:${re})$`));
    } catch (e) {
      ctx.error(p, e instanceof Error ? e.message : String(e), 'config.bad_regex');
    }
  }
  asList(m[`${prefix}matchers`]).forEach((text, i) => {
    try {
      out.push(...parseMatchers(String(text)));
    } catch (e) {
      if (!(e instanceof MatcherError)) throw e;
      ctx.error([...path, `${prefix}matchers`, i], e.message, 'config.bad_matcher');
    }
  });
  return out.sort(compareMatchers);
}

/** Checks and normalises `group_by`; returns the names and whether it is `['...']`. */
function buildGroupBy(ctx: BuildContext, raw: unknown, path: JsonPath): { names?: string[]; all: boolean } {
  if (raw === undefined) return { all: false };
  const list = asList(raw).map((x) => String(x));
  const all = list.includes('...');
  const names: string[] = [];
  const seen = new Set<string>();
  list.forEach((l, i) => {
    if (l === '...') return;
    if (!isValidLabelName(l)) {
      ctx.error(
        [...path, i],
        `invalid label name ${JSON.stringify(l)} in group_by list`,
        'config.bad_label_name',
      );
      return;
    }
    if (seen.has(l))
      ctx.error([...path, i], `duplicated label ${JSON.stringify(l)} in group_by`, 'config.duplicate_label');
    seen.add(l);
    names.push(l);
  });
  if (all && names.length > 0) {
    ctx.error(
      path,
      'cannot have wildcard group_by (`...`) and other other labels at the same time',
      'config.group_by',
    );
  }
  return { names, all };
}

/** Builds one route node and its children. */
function buildRoute(ctx: BuildContext, raw: unknown, path: JsonPath): Route {
  const m = asMap(raw);
  const dur = (k: string): number | undefined => ctx.duration([...path, k], m[k]);
  const groupInterval = dur('group_interval');
  const repeatInterval = dur('repeat_interval');
  if (groupInterval === 0)
    ctx.error([...path, 'group_interval'], 'group_interval cannot be zero', 'config.zero_interval');
  if (repeatInterval === 0)
    ctx.error([...path, 'repeat_interval'], 'repeat_interval cannot be zero', 'config.zero_interval');
  const groupBy = buildGroupBy(ctx, m['group_by'], [...path, 'group_by']);
  const groupWait = dur('group_wait');
  const receiver = optStr(m['receiver']);
  return {
    ...(receiver !== undefined && receiver !== '' ? { receiver } : {}),
    ...(groupBy.names ? { group_by: groupBy.names } : {}),
    group_by_all: groupBy.all,
    matchers: buildMatchers(ctx, m, path),
    continue: m['continue'] === true,
    ...(groupWait !== undefined ? { group_wait: groupWait } : {}),
    ...(groupInterval !== undefined ? { group_interval: groupInterval } : {}),
    ...(repeatInterval !== undefined ? { repeat_interval: repeatInterval } : {}),
    mute_time_intervals: asList(m['mute_time_intervals']).map((x) => String(x)),
    active_time_intervals: asList(m['active_time_intervals']).map((x) => String(x)),
    routes: asList(m['routes']).map((r, i) => buildRoute(ctx, r, [...path, 'routes', i])),
  };
}

/** Builds the root route and applies the root-only rules (receiver required, no matchers, ...). */
export function buildRootRoute(ctx: BuildContext, raw: unknown): RootRoute | undefined {
  if (raw === undefined) return undefined;
  const m = asMap(raw);
  const route = buildRoute(ctx, raw, ['route']);
  if (route.receiver === undefined)
    ctx.error(['route'], 'root route must specify a default receiver', 'config.root_receiver', true);
  if (m['match'] !== undefined || m['match_re'] !== undefined || asList(m['matchers']).length > 0) {
    const key = m['matchers'] !== undefined ? 'matchers' : m['match'] !== undefined ? 'match' : 'match_re';
    ctx.error(['route', key], 'root route must not have any matchers', 'config.root_matchers', true);
  }
  if (route.mute_time_intervals.length > 0) {
    ctx.error(
      ['route', 'mute_time_intervals'],
      'root route must not have any mute time intervals',
      'config.root_time_intervals',
      true,
    );
  }
  if (route.active_time_intervals.length > 0) {
    ctx.error(
      ['route', 'active_time_intervals'],
      'root route must not have any active time intervals',
      'config.root_time_intervals',
      true,
    );
  }
  if (route.continue)
    ctx.error(['route', 'continue'], 'cannot have continue in root route', 'config.root_continue', true);
  return {
    ...route,
    receiver: route.receiver ?? '',
    group_wait: route.group_wait ?? 30_000,
    group_interval: route.group_interval ?? 300_000,
    repeat_interval: route.repeat_interval ?? 14_400_000,
  };
}

/** Builds the inhibition rules; `equal` must list valid label names. */
export function buildInhibitRules(ctx: BuildContext, raw: unknown): InhibitRule[] {
  return asList(raw).map((r, i) => {
    const m = asMap(r);
    const path = ['inhibit_rules', i];
    const equal = asList(m['equal']).map((x) => String(x));
    equal.forEach((l, j) => {
      if (!isValidLabelName(l))
        ctx.error(
          [...path, 'equal', j],
          `${JSON.stringify(l)} is not a valid label name`,
          'config.bad_label_name',
        );
    });
    return {
      source_matchers: buildMatchers(ctx, m, path, 'source_'),
      target_matchers: buildMatchers(ctx, m, path, 'target_'),
      equal,
    };
  });
}

/** Calls `visit` on every route node with its path. */
export function walkRoutes(route: Route, path: JsonPath, visit: (r: Route, p: JsonPath) => void): void {
  visit(route, path);
  route.routes.forEach((child, i) => walkRoutes(child, [...path, 'routes', i], visit));
}
