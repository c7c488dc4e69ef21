// Alertmanager label matchers (`pkg/labels`): the four operators, the classic text syntax and
// its escaping rules, and matching against a label set.
import type { Labels } from './labels.js';
import { compileRe2, RegexError } from './re2.js';

/** The four matcher operators, spelled as in Alertmanager and PromQL. */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** One label matcher; regex matchers are compiled once and fully anchored. */
export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  matches(value: string): boolean;
}

/** Thrown for an invalid matcher (bad syntax or a regex RE2 rejects); message as Alertmanager's. */
export class MatcherError extends Error {
  override readonly name = 'MatcherError';
}

const MATCH_TYPES: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~']);

/** True for the four operator spellings. */
export function isMatchType(s: string): s is MatchType {
  return MATCH_TYPES.has(s);
}

/** Builds a matcher; regex values are compiled as `^(?:value)$` with RE2 syntax. */
export function newMatcher(name: string, type: MatchType, value: string): Matcher {
  if (type === '=' || type === '!=') {
    const equal = type === '=';
    return Object.freeze({ name, type, value, matches: (v: string) => (v === value) === equal });
  }
  let re: RegExp;
  try {
    re = compileRe2(value, true);
  } catch (e) {
    if (e instanceof RegexError) throw new MatcherError(e.message);
    throw e;
  }
  const positive = type === '=~';
  return Object.freeze({ name, type, value, matches: (v: string) => re.test(v) === positive });
}

// '=~' comes before '=' so that '~' is not taken as part of the value (as in Alertmanager).
const MATCHER_RE = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

/** Undoes OpenMetrics escaping (`\"`, `\n`, `\\`); a lone or spurious backslash stays literal. */
function unescapeValue(raw: string, quoted: boolean, original: string): string {
  let out = '';
  let escaped = false;
  let expectTrailingQuote = quoted;
  const chars = Array.from(raw);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? '';
    if (escaped) {
      escaped = false;
      if (c === 'n') out += '\n';
      else if (c === '"' || c === '\\') out += c;
      else out += `\\${c}`;
      continue;
    }
    if (c === '\\') {
      if (i < chars.length - 1) escaped = true;
      else out += '\\';
    } else if (c === '"') {
      if (!expectTrailingQuote || i < chars.length - 1) {
        throw new MatcherError(`matcher value contains unescaped double quote: ${original}`);
      }
      expectTrailingQuote = false;
    } else out += c;
  }
  if (expectTrailingQuote)
    throw new MatcherError(`matcher value contains unescaped double quote: ${original}`);
  return out;
}

/** Parses one matcher in Alertmanager's classic syntax: `name="value"`, `name=~value`, ... */
export function parseMatcher(text: string): Matcher {
  const m = MATCHER_RE.exec(text);
  if (!m) throw new MatcherError(`bad matcher format: ${text}`);
  const name = m[1] ?? '';
  const type = (m[2] ?? '=') as MatchType;
  const rawValue = m[3] ?? '';
  const quoted = rawValue.startsWith('"');
  const value = unescapeValue(quoted ? rawValue.slice(1) : rawValue, quoted, rawValue);
  return newMatcher(name, type, value);
}

/**
 * Parses a comma-separated list of matchers, optionally in braces (`{a="b", c!="d",}`), splitting
 * on commas outside double quotes exactly as Alertmanager's `ParseMatchers` does.
 */
export function parseMatchers(text: string): Matcher[] {
  let s = text.startsWith('{') ? text.slice(1) : text;
  if (s.endsWith('}')) s = s.slice(0, -1);
  const tokens: string[] = [];
  let insideQuotes = false;
  let escaped = false;
  let token = '';
  for (const c of s) {
    if (c === ',' && !insideQuotes) {
      tokens.push(token);
      token = '';
      continue;
    }
    if (c === '"') {
      if (!escaped) insideQuotes = !insideQuotes;
      else escaped = false;
    } else if (c === '\\') escaped = !escaped;
    else escaped = false;
    token += c;
  }
  const last = token.trim();
  if (last !== '') tokens.push(last);
  return tokens.map(parseMatcher);
}

/** True when every matcher accepts the label set; a missing label is the empty string. */
export function matchesLabels(ms: readonly Matcher[], labels: Labels): boolean {
  return ms.every((m) => m.matches(labels[m.name] ?? ''));
}

/** Escapes a value the way OpenMetrics (and Alertmanager's `Matcher.String`) does. */
function openMetricsEscape(s: string): string {
  return s.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Formats a matcher as Alertmanager's `String()`: `name="value"` with OpenMetrics escaping. */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.type}"${openMetricsEscape(m.value)}"`;
}

/** Formats a list of matchers like Alertmanager's `Matchers.String()`: `{a="b",c=~"d"}`. */
export function formatMatchers(ms: readonly Matcher[]): string {
  return `{${ms.map(formatMatcher).join(',')}}`;
}

const TYPE_ORDER: Readonly<Record<MatchType, number>> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };

/** Alertmanager's matcher order (name, then value, then operator), used to sort route matchers. */
export function compareMatchers(a: Matcher, b: Matcher): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}
