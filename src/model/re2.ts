// Translates RE2 (Go regexp) syntax to a JavaScript RegExp, rejecting what RE2 rejects.

/** Thrown when a pattern is not valid RE2; the message mirrors Go's `error parsing regexp: ...`. */
export class RegexError extends Error {
  override readonly name = 'RegexError';
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function fail(code: string, expr: string): never {
  throw new RegexError(`error parsing regexp: ${code}: \`${expr}\``);
}

/** Reads leading RE2 flag groups like `(?i)` or `(?is)` and returns the JS flags and the rest. */
function leadingFlags(src: string): { flags: string; rest: string } {
  let flags = '';
  let rest = src;
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(rest);
    if (!m) break;
    for (const f of m[1] ?? '') if (f !== 'U' && !flags.includes(f)) flags += f;
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** Converts the body of a pattern character by character, rejecting Perl-only syntax. */
function translateBody(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) fail('trailing backslash at end of expression', '');
      if (/[1-9]/.test(n)) fail('invalid escape sequence', `\\${n}`);
      if (n === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (n === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      } else if (n === 'p' || n === 'P') {
        const m = /^\\[pP](?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(src.slice(i));
        if (!m) fail('invalid character class range', src.slice(i, i + 3));
        const neg = m[1] === '^' ? (n === 'p' ? 'P' : 'p') : n;
        const name = m[2] ?? m[3] ?? '';
        out += `\\${neg}{${name.length <= 2 ? name : `Script=${name}`}}`;
        i += m[0].length - 1;
        continue;
      } else if (/[a-zA-Z0-9]/.test(n) && !/[dDwWsSbBnrtfvxu0]/.test(n)) {
        fail('invalid escape sequence', `\\${n}`);
      } else out += `\\${n}`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
        const cls = m ? POSIX_CLASSES[m[2] ?? ''] : undefined;
        if (m && cls !== undefined) {
          if (m[1]) fail('invalid character class range', m[0]);
          out += cls;
          i += m[0].length - 1;
          continue;
        }
        if (m) fail('invalid character class range', m[0]);
      }
      if (c === '[') out += '\\[';
      else out += c;
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i);
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += named[0].length - 1;
        continue;
      }
      if (rest.startsWith('(?:')) {
        out += '(?:';
        i += 2;
        continue;
      }
      fail('invalid or unsupported Perl syntax', rest.slice(0, 3));
    }
    out += c;
  }
  return out;
}

/** The tail of a pattern from its unterminated `[`, as Go quotes it in `missing closing ]`. */
function unclosedClass(expr: string): string {
  for (let i = expr.length - 1; i >= 0; i--) {
    if (expr[i] === '[' && !expr.slice(i + 1).includes(']')) return expr.slice(i);
  }
  return expr;
}

/** Maps a JavaScript RegExp syntax error to Go's wording where there is an equivalent. */
function goMessage(jsMessage: string, expr: string): string {
  const table: ReadonlyArray<readonly [RegExp, string]> = [
    [/Unterminated group/, `missing closing ): \`${expr}\``],
    [/Unmatched '\)'/, `unexpected ): \`${expr}\``],
    [/Nothing to repeat/, 'missing argument to repetition operator'],
    [/Unterminated character class/, `missing closing ]: \`${unclosedClass(expr)}\``],
    [/Range out of order/, 'invalid character class range'],
    [/numbers out of order/, 'invalid repeat count'],
  ];
  for (const [re, msg] of table) if (re.test(jsMessage)) return `error parsing regexp: ${msg}`;
  return `error parsing regexp: ${jsMessage.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`;
}

/**
 * Compiles an RE2 pattern into a JavaScript RegExp, fully anchored (`^(?:re)$`) when asked,
 * as Prometheus and Alertmanager anchor label-matcher and relabel regexes.
 */
export function compileRe2(pattern: string, anchored: boolean): RegExp {
  const { flags, rest } = leadingFlags(pattern);
  const body = translateBody(rest);
  const source = anchored ? `^(?:${body})$` : body;
  const unicode = /\\[pP]/.test(body) ? 'u' : '';
  try {
    return new RegExp(source, flags + unicode);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new RegexError(goMessage(msg, anchored ? `^(?:${pattern})$` : pattern));
  }
}
