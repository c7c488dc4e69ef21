/**
 * Go (RE2) regular expressions on top of JavaScript's RegExp: translates the syntax that
 * differs (`(?P<n>`, `\z`, `\A`, `\Q…\E`, POSIX classes, `\pL`, literal `{`, `\s`), reports the
 * common syntax errors with Go's wording, and replaces with Go's `$1`/`${name}` expansion and
 * its empty-match rules (`ReplaceAllString`).
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

/** An invalid Go regular expression, with Go's `error parsing regexp: …` text. */
export class GoRegexpError extends Error {}

function fail(code: string, expr: string): never {
  throw new GoRegexpError(`error parsing regexp: ${code}: \`${expr}\``);
}

function escapeLiteral(ch: string): string {
  if (JS_SYNTAX.has(ch) || ch === '-') return `\\${ch}`;
  return ch;
}

function unicodeClass(name: string, negate: boolean): string {
  const prop = /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`;
  return `\\${negate ? 'P' : 'p'}{${prop}}`;
}

interface State {
  src: string;
  i: number;
  out: string;
  depth: number;
  /** Whether the previous item can take a repetition operator. */
  canRepeat: boolean;
  /** Whether the previous item already was a repetition. */
  repeated: boolean;
}

function translateEscape(st: State, inClass: boolean): string {
  const c = st.src[st.i + 1];
  if (c === undefined) fail('trailing backslash at end of expression', '');
  st.i += 2;
  if (c === 'p' || c === 'P') {
    const negate = c === 'P';
    if (st.src[st.i] === '{') {
      const end = st.src.indexOf('}', st.i);
      if (end < 0) fail('invalid character class range', st.src.slice(st.i - 2));
      const name = st.src.slice(st.i + 1, end);
      st.i = end + 1;
      return unicodeClass(name.replace(/^\^/, ''), negate !== name.startsWith('^'));
    }
    const name = st.src[st.i] ?? '';
    st.i += 1;
    return unicodeClass(name, negate);
  }
  if (c === 'z') return inClass ? 'z' : '(?![\\s\\S])';
  if (c === 'A') return inClass ? 'A' : '(?<![\\s\\S])';
  if (c === 's') return inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
  if (c === 'S') return inClass ? '\\S' : '[^\\t\\n\\f\\r ]';
  if (c === 'Q') {
    const end = st.src.indexOf('\\E', st.i);
    const lit = st.src.slice(st.i, end < 0 ? undefined : end);
    st.i = end < 0 ? st.src.length : end + 2;
    return [...lit].map(escapeLiteral).join('');
  }
  if (/[0-9A-Za-z]/.test(c)) {
    if (/[dDwWbBtnrfvx0-7aeE]/.test(c) || (c >= '1' && c <= '9')) {
      if (c === 'a') return '\\x07';
      if (c >= '1' && c <= '9') fail('invalid escape sequence', `\\${c}`);
      return `\\${c}`;
    }
    fail('invalid escape sequence', `\\${c}`);
  }
  return escapeLiteral(c);
}

function translateClass(st: State): string {
  const start = st.i;
  let out = '[';
  st.i += 1;
  if (st.src[st.i] === '^') {
    out += '^';
    st.i += 1;
  }
  let first = true;
  while (st.i < st.src.length) {
    const ch = st.src[st.i] ?? '';
    if (ch === ']' && !first) {
      st.i += 1;
      return `${out}]`;
    }
    first = false;
    if (ch === '[' && st.src[st.i + 1] === ':') {
      const end = st.src.indexOf(':]', st.i + 2);
      const name = end < 0 ? '' : st.src.slice(st.i + 2, end);
      const neg = name.startsWith('^');
      const cls = POSIX_CLASSES[neg ? name.slice(1) : name];
      if (cls !== undefined && !neg) {
        out += cls;
        st.i = end + 2;
        continue;
      }
    }
    if (ch === '\\') {
      out += translateEscape(st, true);
      continue;
    }
    out += ch === '[' || ch === '/' ? `\\${ch}` : ch;
    st.i += 1;
  }
  return fail('missing closing ]', st.src.slice(start));
}

function translateRepeat(st: State, op: string): void {
  if (!st.canRepeat) fail('missing argument to repetition operator', op);
  if (st.repeated) fail('invalid nested repetition operator', `${st.src.slice(st.i - 1, st.i)}${op}`);
  st.out += op;
  st.repeated = true;
}

function translateGroup(st: State): void {
  const rest = st.src.slice(st.i);
  const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
  if (named) {
    st.out += `(?<${named[1]}>`;
    st.i += named[0].length;
  } else if (rest.startsWith('(?:')) {
    st.out += '(?:';
    st.i += 3;
  } else if (rest.startsWith('(?')) {
    const flags = /^\(\?([imsU-]*)\)/.exec(rest);
    if (flags && st.out === '') {
      st.i += flags[0].length;
      return;
    }
    fail('invalid or unsupported Perl syntax', rest.slice(0, 3));
  } else {
    st.out += '(';
    st.i += 1;
  }
  st.depth += 1;
  st.canRepeat = false;
  st.repeated = false;
}

function step(st: State): void {
  const ch = st.src[st.i] ?? '';
  if (ch === '(') return translateGroup(st);
  let item: string;
  let repeatable = true;
  if (ch === ')') {
    if (st.depth === 0) fail('unexpected )', st.src);
    st.depth -= 1;
    item = ')';
    st.i += 1;
  } else if (ch === '*' || ch === '+' || ch === '?') {
    const lazy = st.src[st.i + 1] === '?';
    st.i += lazy ? 2 : 1;
    translateRepeat(st, lazy ? `${ch}?` : ch);
    return;
  } else if (ch === '{') {
    const m = /^\{(\d+)(,(\d*))?\}\??/.exec(st.src.slice(st.i));
    if (m) {
      if (Number(m[1]) > 1000 || Number(m[3] ?? 0) > 1000) fail('invalid repeat count', m[0]);
      st.i += m[0].length;
      translateRepeat(st, m[0]);
      return;
    }
    item = '\\{';
    st.i += 1;
  } else if (ch === '[') {
    item = translateClass(st);
  } else if (ch === '\\') {
    item = translateEscape(st, false);
  } else if (ch === '|' || ch === '^' || ch === '$') {
    item = ch;
    repeatable = ch !== '|';
    st.i += 1;
  } else {
    item = ch === '}' || ch === '/' ? `\\${ch}` : ch;
    st.i += ch.length;
  }
  st.out += item;
  st.canRepeat = repeatable;
  st.repeated = false;
}

/** Go flags from a leading `(?ims)` group, as JavaScript flags. */
function leadingFlags(src: string): string {
  const m = /^\(\?([imsU]*)\)/.exec(src);
  let flags = '';
  if (m?.[1]?.includes('i')) flags += 'i';
  if (m?.[1]?.includes('m')) flags += 'm';
  if (m?.[1]?.includes('s')) flags += 's';
  return flags;
}

/** Compiles a Go regular expression (unanchored) into a global, Unicode JavaScript RegExp. */
export function compileGoRegexp(pattern: string): RegExp {
  const st: State = { src: pattern, i: 0, out: '', depth: 0, canRepeat: false, repeated: false };
  while (st.i < pattern.length) step(st);
  if (st.depth > 0) fail('missing closing )', pattern);
  try {
    return new RegExp(st.out, `gu${leadingFlags(pattern)}`);
  } catch (err) {
    throw new GoRegexpError(`error parsing regexp: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Go's `regexp.MatchString`: true when the pattern matches anywhere in the text. */
export function goMatch(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.exec(text) !== null;
}

function expandTemplate(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] ?? '';
    if (ch !== '$') {
      out += ch;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i += 1;
      continue;
    }
    const ref = /^(\{)?([\p{L}\p{Nd}_]+)(\})?/u.exec(template.slice(i + 1));
    if (!ref || (ref[1] !== undefined && ref[3] === undefined)) {
      out += '$';
      continue;
    }
    i += ref[0].length;
    out += groupValue(ref[2] ?? '', m);
  }
  return out;
}

function groupValue(name: string, m: RegExpExecArray): string {
  if (/^\d+$/.test(name)) {
    if (name.length > 1 && name.startsWith('0')) return '';
    const n = Number(name);
    return n < m.length ? (m[n] ?? '') : '';
  }
  return m.groups?.[name] ?? '';
}

/** Go's `Regexp.ReplaceAllString`, including `$` expansion and its empty-match rules. */
export function goReplaceAll(re: RegExp, text: string, repl: string): string {
  let out = '';
  let lastEnd = 0;
  let search = 0;
  while (search <= text.length) {
    re.lastIndex = search;
    const m = re.exec(text);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    out += text.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += expandTemplate(repl, m);
    lastEnd = end;
    const cp = text.codePointAt(search);
    const width = cp !== undefined && cp > 0xffff ? 2 : 1;
    search = search + width > end ? search + width : end;
  }
  return out + text.slice(lastEnd);
}
