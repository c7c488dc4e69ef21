// The routing tree (Alertmanager's `dispatch/route.go`): inheritance, matching, keys and IDs.
import type { Route as ConfigRoute } from '../../config/types.js';
import type { DurationMs } from '../../model/duration.js';
import type { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import { compareMatchers, formatMatchers, matchesLabels } from '../../model/matcher.js';

/**
 * A route as the config layer hands it over: legacy `match`/`match_re` already turned into
 * matchers; an absent field means "inherit" (or the default at the root). `groupBy: ['...']`
 * groups by all labels; an explicit `[]` means one group for the whole route.
 */
export interface RouteSpec {
  readonly receiver?: string;
  readonly groupBy?: readonly string[];
  readonly groupWait?: DurationMs;
  readonly groupInterval?: DurationMs;
  readonly repeatInterval?: DurationMs;
  readonly matchers?: readonly Matcher[];
  readonly continue?: boolean;
  readonly muteTimeIntervals?: readonly string[];
  readonly activeTimeIntervals?: readonly string[];
  readonly routes?: readonly RouteSpec[];
}

/** The effective options of a route after inheritance. */
export interface RouteOpts {
  readonly receiver: string;
  readonly groupBy: ReadonlySet<string>;
  readonly groupByAll: boolean;
  readonly groupWait: DurationMs;
  readonly groupInterval: DurationMs;
  readonly repeatInterval: DurationMs;
  /** Not inherited: always the route's own list. */
  readonly muteTimeIntervals: readonly string[];
  /** Not inherited: always the route's own list. */
  readonly activeTimeIntervals: readonly string[];
}

/** Alertmanager's defaults for the root route's timers. */
export const DEFAULT_ROUTE_OPTS: RouteOpts = {
  receiver: '',
  groupBy: new Set(),
  groupByAll: false,
  groupWait: 30_000,
  groupInterval: 300_000,
  repeatInterval: 4 * 3600_000,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
};

/** One node of the built tree; immutable once built. */
export class Route {
  readonly opts: RouteOpts;
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  readonly routes: readonly Route[];
  /** `{}` at the root, then `parentKey/{matchers}` — the left half of a group key. */
  readonly key: string;
  /** The key plus `/index` among siblings, unique across the tree. */
  readonly id: string;

  constructor(spec: RouteSpec, parent: Route | undefined, index: number) {
    this.opts = inherit(parent?.opts ?? DEFAULT_ROUTE_OPTS, spec);
    this.matchers = [...(spec.matchers ?? [])].sort(compareMatchers);
    this.continue = spec.continue ?? false;
    const own = formatMatchers(this.matchers);
    this.key = parent === undefined ? own : `${parent.key}/${own}`;
    this.id = parent === undefined ? this.key : `${this.key}/${index}`;
    this.routes = (spec.routes ?? []).map((c, i) => new Route(c, this, i));
  }

  /** The routes an alert with these labels goes to, depth first, honouring `continue`. */
  match(labels: Labels): Route[] {
    if (!matchesLabels(this.matchers, labels)) return [];
    const all: Route[] = [];
    for (const child of this.routes) {
      const m = child.match(labels);
      all.push(...m);
      if (m.length > 0 && !child.continue) break;
    }
    if (all.length === 0) all.push(this);
    return all;
  }

  /** Visits this route and its descendants in tree order. */
  walk(visit: (r: Route, depth: number) => void, depth = 0): void {
    visit(this, depth);
    for (const c of this.routes) c.walk(visit, depth + 1);
  }

  /** The labels an alert is grouped by on this route (intersection with `group_by`, or all). */
  groupLabels(labels: Labels): Labels {
    if (this.opts.groupByAll) return labels;
    const out: Record<string, string> = {};
    for (const name of this.opts.groupBy) {
      const v = labels[name];
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
}

function inherit(parent: RouteOpts, spec: RouteSpec): RouteOpts {
  const groupBy = spec.groupBy;
  const all = groupBy !== undefined && groupBy.length === 1 && groupBy[0] === '...';
  return {
    receiver: spec.receiver ?? parent.receiver,
    groupBy: groupBy === undefined ? parent.groupBy : all ? new Set() : new Set(groupBy),
    groupByAll: groupBy === undefined ? parent.groupByAll : all,
    groupWait: spec.groupWait ?? parent.groupWait,
    groupInterval: spec.groupInterval ?? parent.groupInterval,
    repeatInterval: spec.repeatInterval ?? parent.repeatInterval,
    muteTimeIntervals: spec.muteTimeIntervals ?? [],
    activeTimeIntervals: spec.activeTimeIntervals ?? [],
  };
}

/** Builds the tree from the root spec. */
export function buildRouteTree(spec: RouteSpec): Route {
  return new Route(spec, undefined, 0);
}

/** Converts the loaded config's route (snake_case, `group_by_all`) into a RouteSpec. */
export function routeSpecFromConfig(r: ConfigRoute): RouteSpec {
  return {
    ...(r.receiver !== undefined ? { receiver: r.receiver } : {}),
    ...(r.group_by_all ? { groupBy: ['...'] } : r.group_by !== undefined ? { groupBy: r.group_by } : {}),
    ...(r.group_wait !== undefined ? { groupWait: r.group_wait } : {}),
    ...(r.group_interval !== undefined ? { groupInterval: r.group_interval } : {}),
    ...(r.repeat_interval !== undefined ? { repeatInterval: r.repeat_interval } : {}),
    matchers: r.matchers,
    continue: r.continue,
    muteTimeIntervals: r.mute_time_intervals,
    activeTimeIntervals: r.active_time_intervals,
    routes: r.routes.map(routeSpecFromConfig),
  };
}
