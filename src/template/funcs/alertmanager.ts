/**
 * Alertmanager's notification-template functions (`template.DefaultFuncs`): the 0.25 set
 * (toUpper, toLower, title, join, match, safeHtml, reReplaceAll, stringSlice) and the later
 * trimSpace, safeUrl, urlUnescape, date, tz, since, humanizeDuration, toJson, list, append,
 * dict and now.
 */
import { TemplateFuncError } from '../errors.js';
import type { TemplateFunc } from '../engine.js';
import { GoTime } from '../gotime.js';
import { SafeHTML, SafeURL, goType, goTypeName, kindOf, stringOf } from '../values.js';
import { asStringSlice, stringSlice } from './am-data.js';
import { goJson } from './gojson.js';
import { goMatch, goReplaceAll } from './goregexp.js';
import { humanizeDuration } from './humanize.js';
import { compileForMatch, convertToFloat, mustCompile } from './prometheus.js';
import { typed } from './sig.js';
import { casesTitle, goQueryUnescape, goToLower, goToUpper } from './strings.js';

/** What the time functions need: the current time (injected so tests control it). */
export interface AlertmanagerFuncOptions {
  /** Current time in Unix milliseconds; defaults to the wall clock. */
  now?: () => number;
}

const GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu;

/** Go's `strings.TrimSpace`. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE, '');
}

function asTime(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  throw new TemplateFuncError(`wrong type for value; expected time.Time; got ${goTypeName(v)}`);
}

/** Locales whose ICU data carries the tzdata abbreviations Go prints (CET, EST, JST, IST, AEDT). */
const ABBREV_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP', 'en-NZ', 'ko-KR'];

function zoneName(zone: string, ms: number, offset: number): string {
  for (const locale of ABBREV_LOCALES) {
    const fmt = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    const name = fmt.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name) && (name !== 'GMT' || offset === 0)) return name;
  }
  // Zones without an abbreviation print their offset, as tzdata's "+03" does.
  const abs = Math.abs(offset);
  const mm = Math.floor((abs % 3600) / 60);
  return `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 3600)).padStart(2, '0')}${mm ? String(mm).padStart(2, '0') : ''}`;
}

function offsetIn(zone: string, ms: number): { offset: number; abbrev: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offset = Math.round((local - Math.floor(ms / 1000) * 1000) / 1000);
  return { offset, abbrev: zone === 'Etc/UTC' ? 'UTC' : zoneName(zone, ms, offset) };
}

/** Alertmanager's `tz`: the same instant in an IANA zone (abbreviations from the ICU data). */
export function inZone(name: string, t: GoTime): GoTime {
  if (name === '' || name === 'UTC') return t.UTC();
  if (name === 'Local') return t.UTC();
  try {
    const { offset, abbrev } = offsetIn(name, Number(t.UnixMilli()));
    return t.withZone(offset, abbrev);
  } catch {
    throw new TemplateFuncError(`unknown time zone ${name}`);
  }
}

function tagged<T extends object>(v: T, name: string, kind: 'slice' | 'map'): T {
  Object.defineProperty(v, goType, { value: { name, kind }, enumerable: false });
  return v;
}

function dict(...args: unknown[]): Record<string, unknown> {
  if (args.length % 2 !== 0) throw new TemplateFuncError('dict requires an even number of arguments');
  const out: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i];
    if (kindOf(key) !== 'string')
      throw new TemplateFuncError(`dict keys must be strings, got ${goTypeName(key)}`);
    out[stringOf(key)] = args[i + 1];
  }
  return tagged(out, 'map[string]interface {}', 'map');
}

function appendTo(list: unknown, ...items: unknown[]): unknown[] {
  if (list !== null && list !== undefined && !Array.isArray(list)) {
    throw new TemplateFuncError(`wrong type for value; expected []interface {}; got ${goTypeName(list)}`);
  }
  return tagged([...((list as unknown[] | null | undefined) ?? []), ...items], '[]interface {}', 'slice');
}

function unescape(s: string): string {
  try {
    return goQueryUnescape(s);
  } catch (e) {
    throw new TemplateFuncError(e instanceof Error ? e.message : String(e));
  }
}

const S1 = { params: ['string'] } as const;

/** Alertmanager's template function map. */
export function alertmanagerFuncs(opts: AlertmanagerFuncOptions = {}): Record<string, TemplateFunc> {
  const nowMs = opts.now ?? (() => Date.now());
  return {
    toUpper: typed(S1, goToUpper),
    toLower: typed(S1, goToLower),
    title: typed(S1, casesTitle),
    trimSpace: typed(S1, goTrimSpace),
    join: typed({ params: ['string', 'any'] }, (sep: string, list: unknown) => asStringSlice(list).join(sep)),
    match: typed({ params: ['string', 'string'] }, (p: string, s: string) => goMatch(compileForMatch(p), s)),
    safeHtml: typed(S1, (s: string) => new SafeHTML(s)),
    safeUrl: typed(S1, (s: string) => new SafeURL(s)),
    urlUnescape: typed(S1, unescape),
    reReplaceAll: typed({ params: ['string', 'string', 'string'] }, (p: string, r: string, t: string) =>
      goReplaceAll(mustCompile(p), t, r),
    ),
    stringSlice: typed({ params: [], variadic: 'string' }, (...s: string[]) => stringSlice(s)),
    date: typed({ params: ['string', 'any'] }, (layout: string, t: unknown) => asTime(t).Format(layout)),
    tz: typed({ params: ['string', 'any'] }, (name: string, t: unknown) => inZone(name, asTime(t))),
    since: typed({ params: ['any'] }, (t: unknown) => GoTime.fromUnixMilli(nowMs()).Sub(asTime(t))),
    humanizeDuration: typed({ params: ['any'] }, (v: unknown) => humanizeDuration(convertToFloat(v))),
    toJson: typed({ params: ['any'] }, goJson),
    list: typed({ params: [], variadic: 'any' }, (...xs: unknown[]) =>
      tagged([...xs], '[]interface {}', 'slice'),
    ),
    append: typed({ params: ['any'], variadic: 'any' }, appendTo),
    dict: typed({ params: [], variadic: 'any' }, dict),
    now: typed({ params: [] }, () => GoTime.fromUnixMilli(nowMs())),
  };
}
