/** Go text/template's predefined functions (funcs.go), with Go's rules and error messages. */
import { sprint, sprintf, sprintln } from './format.js';
import { isPrintRune } from './quote.js';
import {
  goTypeName,
  intOf,
  isTrue,
  kindOf,
  mapElemZero,
  mapGet,
  mapSize,
  stringOf,
  utf8Length,
} from './values.js';
import type { FuncSignature } from './values.js';

/** A builtin: its implementation and Go signature ('value' params receive raw values). */
export interface Builtin {
  readonly fn: (...args: unknown[]) => unknown;
  readonly sig: FuncSignature;
}

class GoError extends Error {}

const fail = (msg: string): never => {
  throw new GoError(msg);
};

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  const k = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'float' || k === 'string' ? k : 'invalid';
}

function eqPair(a: unknown, b: unknown, ka: BasicKind): boolean {
  switch (ka) {
    case 'bool':
      return a === b;
    case 'int':
      return intOf(a) === intOf(b);
    case 'float':
      return a === b;
    default:
      return stringOf(a) === stringOf(b);
  }
}

function isComparable(v: unknown): boolean {
  const k = kindOf(v);
  return k !== 'map' && k !== 'slice' && k !== 'func';
}

function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) fail('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined) fail('incompatible types for comparison');
    } else if (k1 === 'invalid') truth = eqOther(arg1, arg);
    else truth = eqPair(arg1, arg, k1);
    if (truth) return true;
  }
  return false;
}

/** eq on non-basic values: nil checks, then identity for comparable values (Go 1.19 rules). */
function eqOther(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ta = goTypeName(a);
  const tb = goTypeName(b);
  if (a !== null && b !== null && ta !== tb)
    fail(`non-comparable types ${sprintf('%s', [a])}: ${ta}, ${tb}: ${sprintf('%s', [b])}`);
  if (a === null || b === null) return a === b;
  if (!isComparable(b)) fail(`non-comparable type ${sprintf('%s', [b])}: ${tb}`);
  return a === b;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  if (k1 === 'invalid') fail('invalid type for comparison');
  const k2 = basicKind(b);
  if (k2 === 'invalid') fail('invalid type for comparison');
  if (k1 !== k2) fail('incompatible types for comparison');
  switch (k1) {
    case 'bool':
      return fail('invalid type for comparison');
    case 'int':
      return intOf(a) < intOf(b);
    case 'float':
      return (a as number) < (b as number);
    default:
      return stringOf(a) < stringOf(b);
  }
}

function indexArg(index: unknown, cap: number): number {
  const k = kindOf(index);
  if (index === undefined || index === null) fail('cannot index slice/array with nil');
  if (k !== 'int') fail(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = intOf(index);
  if (x < 0n || x > BigInt(cap)) fail(`index out of range: ${x}`);
  return Number(x);
}

function indexOne(item: unknown, index: unknown): unknown {
  switch (kindOf(item)) {
    case 'slice': {
      const arr = item as unknown[];
      const x = indexArg(index, arr.length);
      if (x >= arr.length) fail(`reflect: slice index out of range`);
      return arr[x] ?? null;
    }
    case 'string': {
      const bytes = Buffer.from(stringOf(item), 'utf8');
      const x = indexArg(index, bytes.length);
      if (x >= bytes.length) fail(`reflect: string index out of range`);
      return BigInt(bytes[x] ?? 0);
    }
    case 'map': {
      if (index === undefined || index === null) fail(`value is nil; should be of type string`);
      if (!(item instanceof Map) && kindOf(index) !== 'string')
        fail(`value has type ${goTypeName(index)}; should be string`);
      const v = mapGet(item, index);
      return v === undefined ? mapElemZero(item) : v;
    }
    default:
      return fail(`can't index item of type ${goTypeName(item)}`);
  }
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) fail('index of untyped nil');
  let cur = item;
  for (const ix of indexes) {
    if (cur === null) fail('index of nil pointer');
    cur = indexOne(cur, ix);
  }
  return cur;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (item === undefined || item === null) fail('slice of untyped nil');
  if (indexes.length > 3) fail(`too many slice indexes: ${indexes.length}`);
  const k = kindOf(item);
  let len: number;
  let bytes: Buffer | undefined;
  if (k === 'string') {
    if (indexes.length === 3) fail('cannot 3-index slice a string');
    bytes = Buffer.from(stringOf(item), 'utf8');
    len = bytes.length;
  } else if (k === 'slice') len = (item as unknown[]).length;
  else return fail(`can't slice item of type ${goTypeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(ix, len);
  });
  const [i0 = 0, i1 = len, i2 = len] = idx;
  if (i0 > i1) fail(`invalid slice index: ${i0} > ${i1}`);
  if (indexes.length === 3 && i1 > i2) fail(`invalid slice index: ${i1} > ${i2}`);
  if (bytes) return bytes.subarray(i0, i1).toString('utf8');
  return (item as unknown[]).slice(i0, i1);
}

function len(item: unknown): bigint {
  switch (kindOf(item)) {
    case 'string':
      return BigInt(utf8Length(stringOf(item)));
    case 'slice':
      return BigInt((item as unknown[]).length);
    case 'map':
      return BigInt(mapSize(item));
    case 'nil':
      return item === null
        ? fail('len of nil pointer')
        : fail('reflect: call of reflect.Value.Type on zero Value');
    default:
      return fail(`len of type ${goTypeName(item)}`);
  }
}

/** evalArgs of funcs.go: a single string is used as is, otherwise fmt.Sprint of the args. */
export function evalArgs(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

/** text/template's HTMLEscapeString. */
export function htmlEscapeString(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => HTML_ESC[c] ?? c);
}
const HTML_ESC: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

const JS_ESC: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

/** text/template's JSEscapeString. */
export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const e = JS_ESC[ch];
    if (e !== undefined) out += e;
    else if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    else if (cp >= 0x80 && !isPrintRune(cp)) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

/** url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function call(fn: unknown, ...args: unknown[]): unknown {
  if (fn === undefined || fn === null) fail('call of nil');
  if (typeof fn !== 'function') fail(`non-function of type ${goTypeName(fn)}`);
  return (fn as (...a: unknown[]) => unknown)(...args.map((a) => (a === undefined ? null : a)));
}

const V: FuncSignature = { params: ['value'] };
const V1V: FuncSignature = { params: ['value'], variadic: 'value' };
const V2: FuncSignature = { params: ['value', 'value'] };
const ANY: FuncSignature = { params: [], variadic: 'any' };

/** The predefined functions, by name. `and`/`or` are evaluated lazily by the executor. */
export const builtins: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['and', { fn: (...a: unknown[]) => a.find((x) => !isTrue(x)) ?? a[a.length - 1], sig: V1V }],
  ['or', { fn: (...a: unknown[]) => a.find((x) => isTrue(x)) ?? a[a.length - 1], sig: V1V }],
  ['not', { fn: (a: unknown) => !isTrue(a), sig: V }],
  ['len', { fn: len, sig: V }],
  ['index', { fn: index, sig: V1V }],
  ['slice', { fn: slice, sig: V1V }],
  ['eq', { fn: eq, sig: V1V }],
  ['ne', { fn: (a: unknown, b: unknown) => !eq(a, b), sig: V2 }],
  ['lt', { fn: lt, sig: V2 }],
  ['le', { fn: (a: unknown, b: unknown) => lt(a, b) || eq(a, b), sig: V2 }],
  ['gt', { fn: (a: unknown, b: unknown) => !(lt(a, b) || eq(a, b)), sig: V2 }],
  ['ge', { fn: (a: unknown, b: unknown) => !lt(a, b), sig: V2 }],
  ['print', { fn: (...a: unknown[]) => sprint(a), sig: ANY }],
  [
    'printf',
    {
      fn: (f: unknown, ...a: unknown[]) => sprintf(f as string, a),
      sig: { params: ['string'], variadic: 'any' },
    },
  ],
  ['println', { fn: (...a: unknown[]) => sprintln(a), sig: ANY }],
  ['html', { fn: (...a: unknown[]) => htmlEscapeString(evalArgs(a)), sig: ANY }],
  ['js', { fn: (...a: unknown[]) => jsEscapeString(evalArgs(a)), sig: ANY }],
  ['urlquery', { fn: (...a: unknown[]) => queryEscape(evalArgs(a)), sig: ANY }],
  ['call', { fn: call, sig: V1V }],
]);

/** Names of the predefined functions, for the parser's "function not defined" check. */
export const builtinNames: ReadonlySet<string> = new Set(builtins.keys());
