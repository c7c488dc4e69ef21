/** Go's fmt package for template values: Sprint, Sprintln, Sprintf with verbs, flags and errors. */
import { fmtFloat, fmtInteger, fmtString, noFlags, pad, truncate } from './fmt-verbs.js';
import type { Flags } from './fmt-verbs.js';
import { isPrintRune } from './quote.js';
import { goTypeName, intOf, kindOf, mapEntries, stringOf } from './values.js';

function stringerText(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as { Error?: unknown; String?: unknown };
  if (typeof o.Error === 'function') return String((o.Error as () => unknown).call(v));
  if (typeof o.String === 'function') return String((o.String as () => unknown).call(v));
  return undefined;
}

/** `%!d(string=x)`: Go prints the operand with %v, keeping the verb's flags, width and precision. */
function badVerb(verb: string, v: unknown, f: Flags): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${printValue(v, 'v', f, 1, true)})`;
}
function printValue(v: unknown, verb: string, f: Flags, depth: number, erroring = false): string {
  if (v === null || v === undefined) {
    if (verb === 'v' || verb === 'T') return pad('<nil>', f);
    return badVerb(verb, v, f);
  }
  if (verb === 'T') return pad(truncate(goTypeName(v), f), f);
  if (verb === 'p') return `%!p(${goTypeName(v)}=${printValue(v, 'v', noFlags(), 1)})`;
  if (!erroring && !f.sharpV && 'vsxXq'.includes(verb)) {
    const s = stringerText(v);
    if (s !== undefined) return fmtString(s, verb, f) ?? badVerb(verb, v, f);
  }
  const out = printKind(v, verb, f, depth);
  return out ?? badVerb(verb, v, f);
}

function printKind(v: unknown, verb: string, f: Flags, depth: number): string | undefined {
  switch (kindOf(v)) {
    case 'bool':
      return verb === 't' || verb === 'v' ? pad(String(v), f) : undefined;
    case 'int':
      return fmtInteger(intOf(v), verb, f);
    case 'float':
      return fmtFloat(v as number, verb, f);
    case 'string':
      return fmtString(stringOf(v), verb, f);
    case 'slice':
      return '[' + (v as unknown[]).map((e) => printValue(e, verb, f, depth + 1)).join(' ') + ']';
    case 'map':
      return (
        'map[' +
        mapEntries(v)
          .map(([k, e]) => printValue(k, verb, f, depth + 1) + ':' + printValue(e, verb, f, depth + 1))
          .join(' ') +
        ']'
      );
    case 'struct':
      return (
        '{' +
        Object.entries(v as object)
          .map(([k, e]) => (f.plusV ? k + ':' : '') + printValue(e, verb, f, depth + 1))
          .join(' ') +
        '}'
      );
    case 'func':
      return undefined;
    default:
      return undefined;
  }
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isString = a !== null && a !== undefined && kindOf(a) === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += printValue(a, 'v', noFlags(), 0);
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: operands always separated by spaces, with a trailing newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map((a) => printValue(a, 'v', noFlags(), 0)).join(' ') + '\n';
}

/** fmt.Sprint of a single value, the way the executor prints `{{ . }}`. */
export function printOne(v: unknown): string {
  return printValue(v, 'v', noFlags(), 0);
}

/** fmt.Sprintf with Go's verbs, flags, width/precision (incl. `*`), `%[n]` indexes and error forms. */
export function sprintf(format: string, args: readonly unknown[]): string {
  const st = { argNum: 0, reordered: false, goodArgNum: true };
  let out = '';
  const end = format.length;
  let i = 0;
  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    i = parseFlags(format, i, f);
    const r = parseVerbSpec(format, i, f, args, st);
    i = r.i;
    out += r.out;
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    out += formatVerb(verb, f, args, st);
  }
  if (!st.reordered && st.argNum < args.length) {
    out +=
      '%!(EXTRA ' +
      args
        .slice(st.argNum)
        .map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${printOne(a)}`))
        .join(', ') +
      ')';
  }
  return out;
}

function parseFlags(format: string, start: number, f: Flags): number {
  let i = start;
  for (; i < format.length; i++) {
    const c = format[i];
    if (c === '#') f.sharp = true;
    else if (c === '0') f.zero = !f.minus;
    else if (c === '+') f.plus = true;
    else if (c === '-') {
      f.minus = true;
      f.zero = false;
    } else if (c === ' ') f.space = true;
    else break;
  }
  return i;
}

type ArgState = { argNum: number; reordered: boolean; goodArgNum: boolean };

function argIndex(format: string, i: number, st: ArgState, nArgs: number): number {
  if (format[i] !== '[') return i;
  st.reordered = true;
  const close = format.indexOf(']', i);
  const n = close < 0 ? NaN : Number(format.slice(i + 1, close));
  if (close < 0 || !/^\d+$/.test(format.slice(i + 1, close)) || n < 1 || n > nArgs) {
    st.goodArgNum = false;
    return close < 0 ? format.length : close + 1;
  }
  st.argNum = n - 1;
  st.goodArgNum = true;
  return close + 1;
}

function parseVerbSpec(
  format: string,
  start: number,
  f: Flags,
  args: readonly unknown[],
  st: ArgState,
): { i: number; out: string } {
  let out = '';
  let i = argIndex(format, start, st, args.length);
  if (format[i] === '*') {
    i++;
    const a = args[st.argNum];
    if (st.argNum < args.length && typeof a === 'bigint') {
      let w = Number(a);
      if (w < 0) {
        f.minus = true;
        f.zero = false;
        w = -w;
      }
      f.wid = w;
    } else out += '%!(BADWIDTH)';
    st.argNum++;
  } else {
    const m = /^\d+/.exec(format.slice(i));
    if (m) {
      f.wid = Number(m[0]);
      i += m[0].length;
    }
  }
  if (format[i] === '.') {
    i++;
    i = argIndex(format, i, st, args.length);
    if (format[i] === '*') {
      i++;
      const a = args[st.argNum];
      if (st.argNum < args.length && typeof a === 'bigint' && a >= 0n) f.prec = Number(a);
      else out += '%!(BADPREC)';
      st.argNum++;
    } else {
      const m = /^\d+/.exec(format.slice(i));
      f.prec = m ? Number(m[0]) : 0;
      i += m ? m[0].length : 0;
    }
  }
  i = argIndex(format, i, st, args.length);
  return { i, out };
}

function formatVerb(verb: string, f: Flags, args: readonly unknown[], st: ArgState): string {
  if (verb === '%') return '%';
  if (!st.goodArgNum) return `%!${verb}(BADINDEX)`;
  if (st.argNum >= args.length) return `%!${verb}(MISSING)`;
  const a = args[st.argNum++];
  if (verb === 'w') return badVerb(verb, a, f);
  if (verb === 'v') {
    if (f.sharp) {
      f.sharp = false;
      f.sharpV = true;
    }
    if (f.plus) {
      f.plus = false;
      f.plusV = true;
    }
  }
  return printValue(a, verb, f, 0);
}

export { isPrintRune };
