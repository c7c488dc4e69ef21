/**
 * Prometheus' alert-template functions (`template/template.go` of Prometheus 2.42, plus the
 * later `toDuration`, `now` and `urlQueryEscape`), as a function map for a TemplateSet.
 */
import { TemplateFuncError } from '../errors.js';
import { GoDuration, GoTime } from '../gotime.js';
import { sprint } from '../format.js';
import { SafeHTML, goType, goTypeName, kindOf, stringOf } from '../values.js';
import { typed } from './sig.js';
import type { TemplateFunc } from '../engine.js';
import { GoRegexpError, compileGoRegexp, goMatch, goReplaceAll } from './goregexp.js';
import { goQuote, parseGoFloat } from './goparse.js';
import {
  TimeConversionError,
  floatToUnixMs,
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
} from './humanize.js';
import { goQueryEscape, goTitle, goToLower, goToUpper, stripDomain, stripPort } from './strings.js';

/** One sample of an instant-query result, as the injected query function returns it. */
export interface QuerySampleInput {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Runs an instant query at the evaluation time. It is synchronous because the engine is: a
 * caller with an asynchronous datasource pre-fetches the queries a template uses (see
 * `findQueries` in alert-prelude.ts) and answers from that cache. Throw to fail the call.
 */
export type TemplateQueryFunc = (query: string) => readonly QuerySampleInput[];

/** What the Prometheus functions need from the rule evaluation. */
export interface PrometheusFuncOptions {
  /** Instant-query function; when absent, `query` fails with an error. */
  query?: TemplateQueryFunc;
  /** `--web.external-url`, as given (it may be empty). */
  externalURL?: string;
  /** Evaluation timestamp in Unix milliseconds, returned by `now`. */
  evalTimeMs?: number;
}

const LABEL_MAP_TYPE = { name: 'map[string]string', kind: 'map', elemZero: '' } as const;

/** Prometheus' `*template.sample`: a struct with Labels and Value. */
export class QuerySample {
  readonly Labels: Record<string, string>;
  readonly Value: number;
  constructor(input: QuerySampleInput) {
    const labels: Record<string, string> = { ...input.labels };
    Object.defineProperty(labels, goType, { value: LABEL_MAP_TYPE, enumerable: false });
    this.Labels = labels;
    this.Value = input.value;
  }
}
Object.defineProperty(QuerySample.prototype, goType, { value: { name: '*template.sample', kind: 'struct' } });

const QUERY_RESULT_TYPE = { name: 'template.queryResult', kind: 'slice' } as const;

/** Wraps samples as Prometheus' `queryResult` slice. */
export function queryResult(samples: readonly QuerySampleInput[]): QuerySample[] {
  const arr = samples.map((s) => new QuerySample(s));
  Object.defineProperty(arr, goType, { value: QUERY_RESULT_TYPE, enumerable: false });
  return arr;
}

function asQueryResult(v: unknown): QuerySample[] {
  if (Array.isArray(v) && v.every((x) => x instanceof QuerySample)) return v as QuerySample[];
  throw new TemplateFuncError(`wrong type for value; expected template.queryResult; got ${goTypeName(v)}`);
}

function asSample(v: unknown): QuerySample {
  if (v instanceof QuerySample) return v;
  throw new TemplateFuncError(`wrong type for value; expected *template.sample; got ${goTypeName(v)}`);
}

/** Prometheus' `convertToFloat`: floats, ints, durations (as seconds) and numeric strings. */
export function convertToFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoDuration) return Number(v.goInt()) / 1e9;
  if (kindOf(v) === 'string') return parseGoFloat(stringOf(v));
  throw new TemplateFuncError(`can't convert ${goTypeName(v)} to float`);
}

function numberFunc(fn: (v: number) => string): TemplateFunc {
  return typed({ params: ['any'] }, (x: unknown) => fn(convertToFloat(x)));
}

function str1(fn: (s: string) => unknown): TemplateFunc {
  return typed({ params: ['string'] }, (s: string) => fn(s));
}

/** Compiles a pattern for `match`, which returns Go's compile error. */
export function compileForMatch(pattern: string): RegExp {
  try {
    return compileGoRegexp(pattern);
  } catch (e) {
    if (e instanceof GoRegexpError) throw new TemplateFuncError(e.message);
    throw e;
  }
}

/** Go's `strconv.CanBackquote`: no backquote and no control character other than tab. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '`' || c === 0x7f || c === 0xfeff || (c < 0x20 && c !== 0x09)) return false;
  }
  return true;
}

/** Compiles a pattern as `regexp.MustCompile` does for `reReplaceAll`, with its panic text. */
export function mustCompile(pattern: string): RegExp {
  try {
    return compileGoRegexp(pattern);
  } catch (e) {
    if (!(e instanceof GoRegexpError)) throw e;
    const quoted = canBackquote(pattern) ? `\`${pattern}\`` : goQuote(pattern);
    throw new TemplateFuncError(`regexp: Compile(${quoted}): ${e.message}`);
  }
}

function toTime(x: unknown): GoTime {
  const v = convertToFloat(x);
  try {
    return GoTime.fromUnixMilli(Number(floatToUnixMs(v, sprint([v]))));
  } catch (e) {
    if (e instanceof TimeConversionError) throw new TemplateFuncError(e.message);
    throw e;
  }
}

function parseDurationSeconds(d: string): number {
  const ms = parsePromDuration(d);
  return ms / 1000;
}

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DURATION_UNITS_MS = [31_536_000_000n, 604_800_000n, 86_400_000n, 3_600_000n, 60_000n, 1000n, 1n];
const MAX_INT64 = 2n ** 63n - 1n;

/** Prometheus' `model.ParseDuration` (common v0.39) as milliseconds, with its error texts. */
export function parsePromDuration(d: string): number {
  if (d === '0') return 0;
  if (d === '') throw new TemplateFuncError('empty duration string');
  const m = DURATION_RE.exec(d);
  if (!m) throw new TemplateFuncError(`not a valid duration string: ${JSON.stringify(d)}`);
  let ns = 0n;
  for (let i = 0; i < DURATION_UNITS_MS.length; i++) {
    const part = m[i + 1];
    if (part === undefined) continue;
    ns += BigInt(part) * (DURATION_UNITS_MS[i] ?? 1n) * 1_000_000n;
    if (ns > MAX_INT64) throw new TemplateFuncError('duration out of range');
  }
  return Number(ns / 1_000_000n);
}

function args(...xs: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  xs.forEach((x, i) => {
    out[`arg${i}`] = x;
  });
  Object.defineProperty(out, goType, {
    value: { name: 'map[string]interface {}', kind: 'map' },
    enumerable: false,
  });
  return out;
}

function sortByLabel(label: string, v: unknown): QuerySample[] {
  const res = asQueryResult(v);
  const sorted = [...res].sort((a, b) => {
    const x = a.Labels[label] ?? '';
    const y = b.Labels[label] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  sorted.forEach((s, i) => {
    res[i] = s;
  });
  return res;
}

function externalURLParts(raw: string | undefined): { full: string; path: string } {
  if (!raw) return { full: '', path: '' };
  try {
    const u = new URL(raw);
    return {
      full: raw,
      path: decodeURIComponent(u.pathname === '/' && !raw.endsWith('/') ? '' : u.pathname),
    };
  } catch {
    return { full: raw, path: '' };
  }
}

function runQuery(opts: PrometheusFuncOptions, q: string): QuerySample[] {
  if (!opts.query) throw new TemplateFuncError('no query function configured');
  try {
    return queryResult(opts.query(q));
  } catch (e) {
    throw e instanceof TemplateFuncError
      ? e
      : new TemplateFuncError(e instanceof Error ? e.message : String(e));
  }
}

function first(v: unknown): QuerySample {
  const res = asQueryResult(v);
  const head = res[0];
  if (head === undefined) throw new TemplateFuncError('first() called on vector with no elements');
  return head;
}

const ANY1 = { params: ['any'] } as const;
const NONE = { params: [] } as const;

/**
 * The Prometheus alert-template function map. `source` is the evaluation's options, or a getter
 * returning the current ones so one parsed template can serve many evaluations.
 */
export function prometheusFuncs(
  source: PrometheusFuncOptions | (() => PrometheusFuncOptions) = {},
): Record<string, TemplateFunc> {
  const opts = typeof source === 'function' ? source : () => source;
  return {
    query: typed({ params: ['string'] }, (q: string) => runQuery(opts(), q)),
    first: typed(ANY1, first),
    label: typed({ params: ['string', 'any'] }, (name: string, s: unknown) => asSample(s).Labels[name] ?? ''),
    value: typed(ANY1, (s: unknown) => asSample(s).Value),
    strvalue: typed(ANY1, (s: unknown) => asSample(s).Labels['__value__'] ?? ''),
    args: typed({ params: [], variadic: 'any' }, args),
    reReplaceAll: typed(
      { params: ['string', 'string', 'string'] },
      (pattern: string, repl: string, text: string) => goReplaceAll(mustCompile(pattern), text, repl),
    ),
    safeHtml: str1((s) => new SafeHTML(s)),
    match: typed({ params: ['string', 'string'] }, (pattern: string, text: string) =>
      goMatch(compileForMatch(pattern), text),
    ),
    title: str1(goTitle),
    toUpper: str1(goToUpper),
    toLower: str1(goToLower),
    graphLink: str1((e) => `/graph?g0.expr=${goQueryEscape(e)}&g0.tab=0`),
    tableLink: str1((e) => `/graph?g0.expr=${goQueryEscape(e)}&g0.tab=1`),
    sortByLabel: typed({ params: ['string', 'any'] }, sortByLabel),
    stripPort: str1(stripPort),
    stripDomain: str1(stripDomain),
    humanize: numberFunc(humanize),
    humanize1024: numberFunc(humanize1024),
    humanizeDuration: numberFunc(humanizeDuration),
    humanizePercentage: numberFunc(humanizePercentage),
    humanizeTimestamp: numberFunc((v) => humanizeTimestamp(v, sprint([v]))),
    toTime: typed(ANY1, toTime),
    toDuration: typed(ANY1, (x: unknown) => GoDuration.fromSeconds(convertToFloat(x))),
    now: typed(NONE, () => (opts().evalTimeMs ?? 0) / 1000),
    pathPrefix: typed(NONE, () => externalURLParts(opts().externalURL).path),
    externalURL: typed(NONE, () => externalURLParts(opts().externalURL).full),
    parseDuration: str1(parseDurationSeconds),
    urlQueryEscape: str1(goQueryEscape),
  };
}

/** Names of every Prometheus template function, for parse-only checks. */
export const PROMETHEUS_FUNC_NAMES: readonly string[] = Object.keys(prometheusFuncs());
