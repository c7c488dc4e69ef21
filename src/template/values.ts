/**
 * The Go value model the template engine works on.
 *
 * Representation (what function libraries return and receive):
 * - Go `int` (int64)      → JS `bigint`            (number literal `1`, `len`, `index` of a string)
 * - Go `float64`          → JS `number`            (literal `1.0`, `1e3`; Prometheus' `$value`)
 * - Go `string` / `bool`  → JS `string` / `boolean`
 * - Go `nil`              → `null` or `undefined`  (an `undefined` result of a field is "no value")
 * - Go slice              → JS array               (`[]interface {}` unless tagged with `goType`)
 * - Go map                → `Map`, a plain object, or a class instance tagged `kind: 'map'`
 * - Go struct             → any other class instance; own properties are fields, and
 *                            upper-case function properties (own or inherited) are methods
 * - named string types    → `GoString` subclasses (`SafeHTML`, `SafeURL`, ...)
 * - time.Time / Duration  → `GoTime` / `GoDuration` (see gotime.ts)
 * Objects and arrays may carry `[goType]: { name, kind?, elemZero? }` to give their Go type name
 * (used in error messages and `%T`) and the zero value of a map's element type (used for a
 * missing key with missingkey=zero and by `index`).
 */

/** Symbol under which an object or array declares its Go type. */
export const goType: unique symbol = Symbol.for('vigil.template.goType');

/** Go type information an object may carry. */
export interface GoTypeInfo {
  readonly name: string;
  readonly kind?: 'map' | 'struct' | 'slice';
  /** Zero value of a map's element type; `undefined` means interface{} (nil). */
  readonly elemZero?: unknown;
}

/** Kind of a value, as reflect.Kind groups them for the template executor. */
export type GoKind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct' | 'func';

/** A Go named string type (`template.HTML`, `template.URL`): a string with a type name. */
export class GoString {
  constructor(
    readonly value: string,
    readonly typeName: string,
  ) {}
  /** Returns the underlying string. */
  toString(): string {
    return this.value;
  }
}

/** html/template.HTML: trusted markup that the HTML escaper passes through. */
export class SafeHTML extends GoString {
  constructor(value: string) {
    super(value, 'template.HTML');
  }
}

/** html/template.URL: a trusted URL that the URL filter passes through. */
export class SafeURL extends GoString {
  constructor(value: string) {
    super(value, 'template.URL');
  }
}

/** html/template.HTMLAttr: a trusted attribute. */
export class SafeHTMLAttr extends GoString {
  constructor(value: string) {
    super(value, 'template.HTMLAttr');
  }
}

/** html/template.JS: a trusted JavaScript expression. */
export class SafeJS extends GoString {
  constructor(value: string) {
    super(value, 'template.JS');
  }
}

/** Values whose Go kind is int but which are not bigints (time.Duration). */
export interface GoIntLike {
  /** The integer value. */
  goInt(): bigint;
}

function isIntLike(v: object): v is GoIntLike {
  return typeof (v as { goInt?: unknown }).goInt === 'function';
}

/** Reads the Go type info an object declares, if any. */
export function typeInfo(v: object): GoTypeInfo | undefined {
  return (v as { [goType]?: GoTypeInfo })[goType];
}

/** True for objects that behave as Go maps keyed by their own properties. */
function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Classifies a JS value into the Go kind the executor reasons about. */
export function kindOf(v: unknown): GoKind {
  switch (typeof v) {
    case 'undefined':
      return 'nil';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
    default:
      break;
  }
  if (v === null) return 'nil';
  const o = v as object;
  if (o instanceof GoString) return 'string';
  const info = typeInfo(o);
  if (info?.kind) return info.kind;
  if (Array.isArray(o)) return 'slice';
  if (o instanceof Map || isPlainObject(o)) return 'map';
  if (isIntLike(o)) return 'int';
  return 'struct';
}

/** Returns the string of a string-kind value (plain or named). */
export function stringOf(v: unknown): string {
  return v instanceof GoString ? v.value : String(v);
}

/** Returns the bigint of an int-kind value. */
export function intOf(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'object' && v !== null && isIntLike(v)) return v.goInt();
  return 0n;
}

/** Go type name for messages like `%!d(string=x)` and `%T`. */
export function goTypeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'nil':
      return '<nil>';
    case 'bool':
      return 'bool';
    case 'float':
      return 'float64';
    case 'func':
      return 'func(...interface {}) interface {}';
    default:
      break;
  }
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'string';
  const o = v as object;
  if (o instanceof GoString) return o.typeName;
  const info = typeInfo(o);
  if (info) return info.name;
  if (Array.isArray(o)) return '[]interface {}';
  if (o instanceof Map || isPlainObject(o)) return 'map[string]interface {}';
  const ctor = (o as { constructor?: { name?: string } }).constructor;
  return ctor?.name ? `main.${ctor.name}` : 'struct {}';
}

/** Entries of a map-kind value, keys in Go's sorted order (fmtsort). */
export function mapEntries(v: unknown): Array<[unknown, unknown]> {
  let entries: Array<[unknown, unknown]>;
  if (v instanceof Map) entries = [...(v as Map<unknown, unknown>).entries()];
  else entries = Object.entries(v as Record<string, unknown>);
  return entries.sort((a, b) => compareKeys(a[0], b[0]));
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = stringOf(a);
  const sb = stringOf(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Number of entries of a map-kind value. */
export function mapSize(v: unknown): number {
  return v instanceof Map ? v.size : Object.keys(v as object).length;
}

/** Looks a key up in a map-kind value; `undefined` when absent. */
export function mapGet(v: unknown, key: unknown): unknown {
  if (v instanceof Map) return v.has(key) ? v.get(key) : undefined;
  if (typeof key !== 'string' && !(key instanceof GoString)) return undefined;
  const k = stringOf(key);
  return Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : undefined;
}

/** True when a map-kind value holds the key. */
export function mapHas(v: unknown, key: string): boolean {
  if (v instanceof Map) return v.has(key);
  return Object.prototype.hasOwnProperty.call(v, key);
}

/**
 * Zero value of a map's element type: declared through goType, else inferred from the values
 * (all strings → "", all floats → 0, all ints → 0n), else nil (interface{}).
 */
export function mapElemZero(v: unknown): unknown {
  const info = typeof v === 'object' && v !== null ? typeInfo(v) : undefined;
  if (info && 'elemZero' in info) return info.elemZero;
  const values = v instanceof Map ? [...(v as Map<unknown, unknown>).values()] : Object.values(v as object);
  if (values.length === 0) return ''; // most template maps are label maps (map[string]string)
  if (values.every((x) => typeof x === 'string')) return '';
  if (values.every((x) => typeof x === 'number')) return 0;
  if (values.every((x) => typeof x === 'bigint')) return 0n;
  return null;
}

/** Go truthiness: zero values (0, "", nil, false, empty map/slice) are false; structs true. */
export function isTrue(v: unknown): boolean {
  switch (kindOf(v)) {
    case 'nil':
      return false;
    case 'bool':
      return v as boolean;
    case 'int':
      return intOf(v) !== 0n;
    case 'float':
      return v !== 0; // NaN is true, as in Go
    case 'string':
      return stringOf(v).length > 0;
    case 'slice':
      return (v as unknown[]).length > 0;
    case 'map':
      return mapSize(v) > 0;
    default:
      return true;
  }
}

/** Finds an exported (upper-case) method of an object, as Go's MethodByName would: methods live on the prototype. */
export function methodOf(v: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (v === null || v === undefined || typeof v !== 'object') return undefined;
  const c = name.charCodeAt(0);
  if (!(c >= 65 && c <= 90)) return undefined;
  if (Object.prototype.hasOwnProperty.call(v, name)) return undefined; // own properties are fields
  const fn: unknown = (v as Record<string, unknown>)[name];
  if (typeof fn !== 'function') return undefined;
  return fn as (...args: unknown[]) => unknown;
}

/** Byte length of a string in UTF-8, as Go's len does. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Parameter types a template function may declare, checked like Go's reflect-based calls. */
/** `value` receives the raw value, `undefined` meaning "no value"; `any` turns that into null (Go's nil). */
export type ParamType = 'any' | 'value' | 'string' | 'int' | 'float' | 'bool';

/** Declared parameters of a template function: fixed params, then an optional variadic one. */
export interface FuncSignature {
  readonly params: readonly ParamType[];
  readonly variadic?: ParamType;
}

/** Symbol under which a function carries its FuncSignature. */
export const funcSignature: unique symbol = Symbol.for('vigil.template.funcSignature');

/**
 * Attaches a Go-like signature to a template function so the executor checks argument counts
 * and types with Go's messages (`wrong number of args for f: want 1 got 2`,
 * `expected string; found 3`). Functions without one receive any arguments unchecked.
 */
export function withSignature<F extends (...args: never[]) => unknown>(
  fn: F,
  sig: FuncSignature,
): F & ((...args: unknown[]) => unknown) {
  Object.defineProperty(fn, funcSignature, { value: sig, enumerable: false });
  return fn as F & ((...args: unknown[]) => unknown);
}

/** Reads a function's declared signature, if any. */
export function signatureOf(fn: unknown): FuncSignature | undefined {
  return typeof fn === 'function' ? (fn as { [funcSignature]?: FuncSignature })[funcSignature] : undefined;
}

/** True when a struct-kind object has a field of that name (own, or a prototype getter). */
export function hasField(v: object, name: string): boolean {
  if (Object.prototype.hasOwnProperty.call(v, name)) return true;
  return name in v && !(name in Object.prototype);
}
