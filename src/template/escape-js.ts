/** html/template's JavaScript and CSS escapers (Go 1.19 behaviour), used by escape.ts. */
import { sprint } from './format.js';
import { GoString, SafeJS, intOf, kindOf, mapEntries, stringOf } from './values.js';

const JS_STR_TABLE: Record<string, string> = {
  '\0': '\\u0000',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\u000b',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\u0022',
  '&': '\\u0026',
  "'": '\\u0027',
  '+': '\\u002b',
  '/': '\\/',
  '<': '\\u003c',
  '>': '\\u003e',
  '\\': '\\\\',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Escapes text for the inside of a JS string literal (jsStrEscaper). */
export function jsStrEscape(s: string): string {
  return s.replace(/[\0\t\n\v\f\r"&'+/<>\\\u2028\u2029]/g, (c) => JS_STR_TABLE[c] ?? c);
}

/** json.Marshal of a string with Go's HTML-safe escaping. */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += '\\u' + cp.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

/**
 * json.Marshal of a template value: maps with sorted keys; objects with a toJSON() method (the
 * data model's JSON shape, as Go's json tags give it); other structs by their own fields.
 */
function jsonValue(v: unknown): string {
  switch (kindOf(v)) {
    case 'nil':
      return 'null';
    case 'bool':
      return String(v);
    case 'int':
      return intOf(v).toString();
    case 'float':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'string':
      return jsonString(stringOf(v));
    case 'slice':
      return '[' + (v as unknown[]).map(jsonValue).join(',') + ']';
    case 'map':
      return (
        '{' +
        mapEntries(v)
          .map(([k, e]) => `${jsonString(stringOf(k))}:${jsonValue(e)}`)
          .join(',') +
        '}'
      );
    default: {
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return jsonStruct(toJSON.call(v));
      const s = (v as { String?: unknown }).String;
      if (typeof s === 'function') return jsonString(String(s.call(v)));
      return (
        '{' +
        Object.entries(v as object)
          .map(([k, e]) => `${jsonString(k)}:${jsonValue(e)}`)
          .join(',') +
        '}'
      );
    }
  }
}

/** A toJSON() result: a plain object keeps its key order, like a Go struct's fields. */
function jsonStruct(j: unknown): string {
  if (
    typeof j !== 'object' ||
    j === null ||
    Array.isArray(j) ||
    Object.getPrototypeOf(j) !== Object.prototype
  ) {
    return jsonValue(j);
  }
  return (
    '{' +
    Object.entries(j)
      .map(([k, e]) => `${jsonString(k)}:${jsonValue(e)}`)
      .join(',') +
    '}'
  );
}

/** Escapes a value used as a JS expression (jsValEscaper): JSON, padded next to identifiers. */
export function jsValEscape(v: unknown): string {
  if (v instanceof SafeJS) return v.value;
  if (v === undefined) return ' null ';
  const b = v instanceof GoString ? jsonString(v.value) : jsonValue(v);
  const ident = /[\p{L}\p{Nd}$_]/u;
  const pad = ident.test(b[0] ?? '') || ident.test(b.at(-1) ?? '');
  return pad ? ` ${b} ` : b;
}

/** Filters a value used in CSS (cssValueFilter): unsafe values become ZgotmplZ. */
export function cssValueFilter(s: string): string {
  let id = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if ('\0"\'()/;@[\\]`{}<>'.includes(c)) return 'ZgotmplZ';
    if (c === '-' && i > 0 && s[i - 1] === '-') return 'ZgotmplZ';
    if (/[A-Za-z0-9_-]/.test(c)) id += c;
  }
  id = id.toLowerCase();
  return id.includes('expression') || id.includes('mozbinding') ? 'ZgotmplZ' : s;
}

/**
 * Advances a minimal JS lexer state over text: '' in code, or the open quote (with a trailing
 * backslash while an escape is pending), so actions inside string literals get jsStrEscaper.
 */
export function advanceJs(state: string, text: string): string {
  let st = state;
  for (const c of text) {
    if (st.endsWith('\\')) st = st.slice(0, -1);
    else if (st === '') st = c === '"' || c === "'" || c === '`' ? c : '';
    else if (c === '\\') st += '\\';
    else if (c === st) st = '';
  }
  return st;
}

/** Stringifies for the JS string escaper (nil prints nothing). */
export function jsStrOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  return v instanceof GoString ? v.value : typeof v === 'string' ? v : sprint([v]);
}
