// Prometheus' `GET /api/v1/rules` and `GET /api/v1/alerts` responses, as pure functions over the groups.
import { createHash } from 'node:crypto';
import { compareStrings, type Labels } from '../model/labels.js';
import { matchesLabels, parseMatchers, type Matcher } from '../model/matcher.js';
import type { AlertMap } from './alerting.js';
import { ruleState } from './alerting.js';
import { formatGoFloatE, formatGoTime } from './api-format.js';
import type { RuleGroup, RuleRuntime } from './group.js';
import { labelsKey } from './labelset.js';

/** A Prometheus API answer: the HTTP status and the JSON body. */
export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Query parameters as fastify parses them (repeated keys become arrays). */
export type QueryParams = Readonly<Record<string, string | readonly string[] | undefined>>;

function sortedLabels(l: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(l).sort(compareStrings)) out[k] = l[k] ?? '';
  return out;
}

function badData(error: string): ApiResponse {
  return { status: 400, body: { status: 'error', errorType: 'bad_data', error } };
}

function list(q: QueryParams, name: string): string[] {
  const v = q[name] ?? q[name.replace(/\[\]$/, '')];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

/** The API objects of a rule's pending and firing alerts, sorted by labels. */
export function apiAlerts(active: AlertMap): object[] {
  return [...active.values()]
    .filter((a) => a.state !== 'inactive')
    .sort((a, b) => compareStrings(labelsKey(a.labels), labelsKey(b.labels)))
    .map((a) => ({
      labels: sortedLabels(a.labels),
      annotations: sortedLabels(a.annotations),
      state: a.state,
      activeAt: formatGoTime(a.activeAtMs),
      ...(a.keepFiringSinceMs !== 0 ? { keepFiringSince: formatGoTime(a.keepFiringSinceMs) } : {}),
      value: formatGoFloatE(a.value),
    }));
}

function apiRule(r: RuleRuntime, excludeAlerts: boolean): object {
  const common = { health: r.health, ...(r.lastError ? { lastError: r.lastError } : {}), evaluationTime: r.evaluationTimeMs / 1000, lastEvaluation: formatGoTime(r.lastEvaluationMs) };
  if (!r.alerting) {
    const labels = Object.keys(r.labels).length > 0 ? { labels: sortedLabels(r.labels) } : {};
    return { name: r.name, query: r.expr.trim(), ...labels, ...common, type: 'recording' };
  }
  const a = r.alerting;
  return {
    state: r.health === 'unknown' && r.lastEvaluationMs === 0 ? 'unknown' : ruleState(r.active),
    name: r.name,
    query: r.expr.trim(),
    duration: a.forMs / 1000,
    keepFiringFor: a.keepFiringForMs / 1000,
    labels: sortedLabels(r.labels),
    annotations: sortedLabels(a.annotations),
    alerts: excludeAlerts ? null : apiAlerts(r.active),
    ...common,
    type: 'alerting',
  };
}

/** Parses a `match[]` selector (`{a="b"}` or `name{a="b"}`) into matchers; throws on bad syntax. */
export function parseSelector(text: string): Matcher[] {
  const t = text.trim();
  const brace = t.indexOf('{');
  const name = brace < 0 ? t : t.slice(0, brace).trim();
  const inner = brace < 0 ? '' : t.slice(brace);
  if (brace >= 0 && !t.endsWith('}')) throw new Error(`unexpected end of input in selector ${JSON.stringify(text)}`);
  const ms = inner ? parseMatchers(inner) : [];
  if (name) ms.push(...parseMatchers(`__name__="${name}"`));
  if (ms.length === 0) throw new Error('match[] must contain at least one non-empty matcher');
  return ms;
}

interface RuleFilters {
  readonly type: '' | 'alert' | 'record';
  readonly names: Set<string>;
  readonly groups: Set<string>;
  readonly files: Set<string>;
  readonly excludeAlerts: boolean;
  readonly match: Matcher[][];
}

function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return undefined;
}

function parseFilters(q: QueryParams): RuleFilters | ApiResponse {
  const typeRaw = (list(q, 'type')[0] ?? '').toLowerCase();
  if (typeRaw !== '' && typeRaw !== 'alert' && typeRaw !== 'record') return badData(`invalid parameter "type": not supported value ${JSON.stringify(typeRaw)}`);
  const ex = list(q, 'exclude_alerts')[0];
  const excludeAlerts = ex === undefined || ex === '' ? false : parseBool(ex);
  if (excludeAlerts === undefined) return badData(`invalid parameter "exclude_alerts": strconv.ParseBool: parsing ${JSON.stringify(ex)}: invalid syntax`);
  const match: Matcher[][] = [];
  for (const m of list(q, 'match[]')) {
    try {
      match.push(parseSelector(m));
    } catch (err) {
      return badData(`invalid parameter "match[]": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    type: typeRaw,
    names: new Set(list(q, 'rule_name[]')),
    groups: new Set(list(q, 'rule_group[]')),
    files: new Set(list(q, 'file[]')),
    excludeAlerts,
    match,
  };
}

function ruleSelected(r: RuleRuntime, f: RuleFilters): boolean {
  if (f.type === 'alert' && !r.alerting) return false;
  if (f.type === 'record' && r.alerting) return false;
  if (f.names.size > 0 && !f.names.has(r.name)) return false;
  if (f.match.length > 0 && !f.match.some((ms) => matchesLabels(ms, { ...r.labels, __name__: r.name }))) return false;
  return true;
}

/** Prometheus' pagination token of a group: hex SHA-256 of `file;name`. */
export function groupToken(g: RuleGroup): string {
  return createHash('sha256').update(`${g.def.file};${g.def.name}`).digest('hex');
}

interface Page {
  readonly limit: number;
  readonly from: string;
}

function parsePage(q: QueryParams): Page | ApiResponse {
  const limitText = list(q, 'group_limit')[0] ?? '';
  const from = list(q, 'group_next_token')[0] ?? '';
  if (limitText === '') return from === '' ? { limit: 0, from } : badData('group_limit needs to be present in order to paginate over the groups');
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit <= 0) return badData('group_limit needs to be greater than 0');
  return { limit, from };
}

function paginate(groups: readonly RuleGroup[], page: Page): { groups: readonly RuleGroup[]; next?: string } | ApiResponse {
  if (page.limit === 0) return { groups };
  let start = 0;
  if (page.from !== '') {
    start = groups.findIndex((g) => groupToken(g) === page.from);
    if (start < 0) return badData(`invalid group_next_token '${page.from}'. were rule groups changed?`);
  }
  const slice = groups.slice(start, start + page.limit);
  const after = groups[start + page.limit];
  return after ? { groups: slice, next: groupToken(after) } : { groups: slice };
}

/**
 * `GET /api/v1/rules` with `type`, `rule_name[]`, `rule_group[]`, `file[]`, `exclude_alerts`,
 * `match[]` and `group_limit`/`group_next_token` pagination.
 */
export function rulesResponse(all: readonly RuleGroup[], q: QueryParams): ApiResponse {
  const f = parseFilters(q);
  if ('status' in f) return f;
  const page = parsePage(q);
  if ('status' in page) return page;
  const selected = all.filter((g) => (f.groups.size === 0 || f.groups.has(g.def.name)) && (f.files.size === 0 || f.files.has(g.def.file)));
  const withRules = selected.filter((g) => !hasRuleFilter(f) || g.rules.some((r) => ruleSelected(r, f)));
  const paged = paginate(withRules, page);
  if ('status' in paged) return paged;
  const out: object[] = [];
  for (const g of paged.groups) {
    const rules = g.rules.filter((r) => ruleSelected(r, f)).map((r) => apiRule(r, f.excludeAlerts));
    out.push({
      name: g.def.name,
      file: g.def.file,
      rules,
      interval: g.def.interval / 1000,
      limit: g.def.limit,
      evaluationTime: g.evaluationTimeMs / 1000,
      lastEvaluation: formatGoTime(g.lastEvaluationMs),
    });
  }
  const data = paged.next !== undefined ? { groups: out, groupNextToken: paged.next } : { groups: out };
  return { status: 200, body: { status: 'success', data } };
}

function hasRuleFilter(f: RuleFilters): boolean {
  return f.type !== '' || f.names.size > 0 || f.match.length > 0;
}

/** `GET /api/v1/alerts`: every pending and firing alert of every rule. */
export function alertsResponse(groups: readonly RuleGroup[]): ApiResponse {
  const alerts = groups.flatMap((g) => g.rules.filter((r) => r.alerting).flatMap((r) => apiAlerts(r.active)));
  return { status: 200, body: { status: 'success', data: { alerts } } };
}
