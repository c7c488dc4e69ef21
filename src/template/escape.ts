/**
 * HTML mode (html/template), simplified: a context scan over each template's text decides, for
 * every action, which escapers apply — HTML text, quoted or unquoted attribute values, and URL
 * attributes (href, src, action, ...; filtered and normalised at the start, query-escaped after
 * `?`). HTML comments are removed from the text, as html/template does.
 * JavaScript (<script>, on* attributes) gets jsValEscaper, or jsStrEscaper inside a string
 * literal; CSS (<style>, style attributes) gets cssValueFilter; <title>/<textarea> the RCDATA
 * escaper. Limits: JS regexp literals and comments are not lexed, CSS is not tokenised (strings
 * and url(...) inside CSS are treated like values), entities in attributes are not decoded,
 * srcset is treated as a plain attribute, a called {{template}} is analysed as starting in HTML
 * text, and branches of if/range are assumed to end in the same context.
 */
import type { ListNode, Node, PipeNode } from './ast.js';
import { advanceJs, cssValueFilter, jsStrEscape, jsStrOf, jsValEscape } from './escape-js.js';
import { sprint } from './format.js';
import { GoString, SafeHTML, SafeURL } from './values.js';

/** Escaper names recorded on action nodes. */
export type Escaper =
  | 'html'
  | 'rcdata'
  | 'attr'
  | 'nospace'
  | 'urlFilter'
  | 'urlNorm'
  | 'urlEsc'
  | 'jsVal'
  | 'jsStr'
  | 'css'
  | 'drop';

type State =
  | { s: 'text' }
  | { s: 'tag'; raw: string }
  | { s: 'attrName'; raw: string; name: string }
  | { s: 'afterName'; raw: string; name: string }
  | { s: 'beforeValue'; raw: string; name: string }
  | { s: 'value'; raw: string; name: string; quote: string; urlPart: 0 | 1 | 2; js: string }
  | { s: 'comment' }
  | { s: 'raw'; tag: string; js: string };

const URL_ATTRS = new Set([
  'href',
  'src',
  'action',
  'cite',
  'data',
  'formaction',
  'poster',
  'background',
  'longdesc',
  'manifest',
  'codebase',
  'usemap',
  'icon',
  'profile',
  'classid',
  'archive',
]);
const RAW_TAGS = new Set(['script', 'style', 'textarea', 'title']);

const HTML_TABLE: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  '&': '&amp;',
  "'": '&#39;',
  '+': '&#43;',
  '<': '&lt;',
  '>': '&gt;',
};
const NOSPACE_TABLE: Record<string, string> = {
  ...HTML_TABLE,
  '\t': '&#9;',
  '\n': '&#10;',
  '\v': '&#11;',
  '\f': '&#12;',
  '\r': '&#13;',
  ' ': '&#32;',
  '=': '&#61;',
  '`': '&#96;',
};

function replaceWith(s: string, table: Record<string, string>, re: RegExp): string {
  return s.replace(re, (c) => table[c] ?? c);
}

/** html/template's stringify: nil and missing values print nothing. */
function stringify(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (v instanceof GoString) return v.value;
  return sprint([v]);
}

function urlProcess(s: string, norm: boolean): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c;
    else if (norm && /[!#$&*+,/:;=?@[\]%]/.test(c)) out += c;
    else out += '%' + b.toString(16).padStart(2, '0');
  }
  return out;
}

function isSafeURL(s: string): boolean {
  const i = s.indexOf(':');
  if (i < 0) return true;
  const proto = s.slice(0, i);
  if (proto.includes('/')) return true;
  return ['http', 'https', 'mailto'].includes(proto.toLowerCase());
}

/** Applies the escaper chain of an action to a value, as html/template's inserted escapers do. */
export function escapeValue(v: unknown, escapers: readonly string[] | undefined): string {
  const chain = escapers ?? ['html'];
  let s = stringify(v);
  let safeHtml = v instanceof SafeHTML;
  let safeUrl = v instanceof SafeURL;
  for (const [i, e] of chain.entries()) {
    switch (e) {
      case 'jsVal':
        s = i === 0 ? jsValEscape(v) : jsValEscape(s);
        break;
      case 'jsStr':
        s = jsStrEscape(i === 0 ? jsStrOf(v) : s);
        break;
      case 'css':
        s = cssValueFilter(s);
        break;
      case 'rcdata':
        s = replaceWith(s, HTML_TABLE, safeHtml ? /[\0"'+<>]/g : /[\0"&'+<>]/g);
        break;
      case 'html':
        if (!safeHtml) s = replaceWith(s, HTML_TABLE, /[\0"&'+<>]/g);
        break;
      case 'attr':
        s = safeHtml
          ? replaceWith(s.replace(/<[^>]*>/g, ''), HTML_TABLE, /[\0"'+<>]/g)
          : replaceWith(s, HTML_TABLE, /[\0"&'+<>]/g);
        break;
      case 'nospace':
        s = replaceWith(s, NOSPACE_TABLE, /[\0"&'+<>\t\n\v\f\r =`]/g);
        break;
      case 'urlFilter':
        if (!safeUrl && !isSafeURL(s)) s = '#ZgotmplZ';
        break;
      case 'urlNorm':
        s = urlProcess(s, true);
        break;
      case 'urlEsc':
        s = urlProcess(s, safeUrl);
        break;
      case 'drop':
        return '';
    }
    safeHtml = false;
    safeUrl = false;
  }
  return s;
}

function escapersFor(st: State): Escaper[] {
  if (st.s === 'comment') return ['drop'];
  if (st.s === 'raw') {
    if (st.tag === 'script') return [st.js === '' ? 'jsVal' : 'jsStr'];
    return st.tag === 'style' ? ['css'] : ['rcdata'];
  }
  if (st.s === 'value') {
    const last: Escaper = st.quote === '' ? 'nospace' : 'attr';
    if (st.name.startsWith('on')) return [st.js === '' ? 'jsVal' : 'jsStr', last];
    if (st.name === 'style') return ['css', last];
    if (!URL_ATTRS.has(st.name)) return [last];
    if (st.urlPart === 0) return ['urlFilter', 'urlNorm', last];
    if (st.urlPart === 1) return ['urlNorm', last];
    return ['urlEsc', last];
  }
  if (st.s === 'tag' || st.s === 'attrName' || st.s === 'afterName' || st.s === 'beforeValue')
    return ['nospace'];
  return ['html'];
}

/** Advances the context over literal text and returns the text with HTML comments removed. */
function scanText(text: string, start: State): [string, State] {
  let st = start;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    switch (st.s) {
      case 'text':
        if (text.startsWith('<!--', i)) {
          st = { s: 'comment' };
          i += 4;
          continue;
        }
        if (c === '<' && /^<[a-zA-Z]/.test(text.slice(i, i + 2))) {
          const m = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(text.slice(i));
          const tag = (m?.[1] ?? '').toLowerCase();
          out += m?.[0] ?? c;
          i += m?.[0].length ?? 1;
          st = { s: 'tag', raw: RAW_TAGS.has(tag) ? tag : '' };
          continue;
        }
        out += c;
        break;
      case 'comment':
        if (text.startsWith('-->', i)) {
          st = { s: 'text' };
          i += 3;
          continue;
        }
        break;
      case 'raw': {
        const close = text.toLowerCase().indexOf('</' + st.tag, i);
        const seg = text.slice(i, close < 0 ? text.length : close);
        out += seg;
        if (close < 0) {
          st = { ...st, js: st.tag === 'script' ? advanceJs(st.js, seg) : '' };
          i = text.length;
          continue;
        }
        i = close;
        st = { s: 'text' };
        continue;
      }
      default:
        st = scanTagChar(st, c);
        out += c;
    }
    i++;
  }
  return [out, st];
}

function scanTagChar(st: State, c: string): State {
  if (
    st.s !== 'tag' &&
    st.s !== 'attrName' &&
    st.s !== 'afterName' &&
    st.s !== 'beforeValue' &&
    st.s !== 'value'
  )
    return st;
  const raw = st.raw;
  const end = (): State => (raw ? { s: 'raw', tag: raw, js: '' } : { s: 'text' });
  const space = /\s/.test(c);
  switch (st.s) {
    case 'tag':
      if (c === '>') return end();
      if (/[a-zA-Z:_-]/.test(c)) return { s: 'attrName', raw, name: c.toLowerCase() };
      return st;
    case 'attrName':
      if (c === '=') return { s: 'beforeValue', raw, name: st.name };
      if (c === '>') return end();
      if (space) return { s: 'afterName', raw, name: st.name };
      return { s: 'attrName', raw, name: st.name + c.toLowerCase() };
    case 'afterName':
      if (c === '=') return { s: 'beforeValue', raw, name: st.name };
      if (c === '>') return end();
      if (space) return st;
      return { s: 'attrName', raw, name: c.toLowerCase() };
    case 'beforeValue':
      if (space) return st;
      if (c === '"' || c === "'") return { s: 'value', raw, name: st.name, quote: c, urlPart: 0, js: '' };
      if (c === '>') return end();
      return { s: 'value', raw, name: st.name, quote: '', urlPart: 1, js: advanceJs('', c) };
    case 'value':
      if ((st.quote !== '' && c === st.quote) || (st.quote === '' && space)) return { s: 'tag', raw };
      if (st.quote === '' && c === '>') return end();
      if (st.name.startsWith('on')) return { ...st, js: advanceJs(st.js, c) };
      if (c === '?' || c === '#') return { ...st, urlPart: 2 };
      return st.urlPart === 0 ? { ...st, urlPart: 1 } : st;
  }
}

function annotateList(list: ListNode, start: State): State {
  let st = start;
  for (let i = 0; i < list.nodes.length; i++) {
    const n = list.nodes[i] as Node;
    st = annotateNode(list, i, n, st);
  }
  return st;
}

function annotateNode(list: ListNode, i: number, n: Node, st: State): State {
  switch (n.kind) {
    case 'text': {
      const [text, next] = scanText(n.text, st);
      if (text !== n.text) list.nodes[i] = { kind: 'text', pos: n.pos, text };
      return next;
    }
    case 'action': {
      // An action right after `=` starts an unquoted attribute value.
      const at: State =
        st.s === 'beforeValue'
          ? { s: 'value', raw: st.raw, name: st.name, quote: '', urlPart: 0, js: '' }
          : st;
      if (n.pipe.decl.length === 0) n.escapers = withPredefined(n.pipe, escapersFor(at));
      return at.s === 'value' && at.urlPart === 0 ? { ...at, urlPart: 1 } : at;
    }
    case 'if':
    case 'with':
    case 'range': {
      const after = annotateList(n.list, st);
      if (n.elseList) annotateList(n.elseList, st);
      return after;
    }
    case 'list':
      return annotateList(n, st);
    default:
      return st;
  }
}

const EQUIV: Record<string, string> = {
  html: 'html',
  attr: 'html',
  rcdata: 'html',
  urlEsc: 'urlquery',
  urlNorm: 'urlquery',
};

/**
 * html/template's ensurePipelineContains, for the common case: a pipeline already ending in the
 * predefined `html` or `urlquery` keeps it as the equivalent escaper, and only the escapers after
 * it in the chain are added (escapers it would insert before that command are not).
 */
function withPredefined(pipe: PipeNode, chain: Escaper[]): Escaper[] {
  let dup = 0;
  for (let c = pipe.cmds.length - 1; c >= 0; c--) {
    const first = pipe.cmds[c]?.args[0];
    if (first?.kind !== 'identifier') break;
    const i = chain.findIndex((e) => EQUIV[e] === first.name);
    if (i >= 0) {
      dup = Math.max(dup, i + 1);
      break;
    }
  }
  return chain.slice(dup);
}

/** Records escapers on every action of a template body (html/template's escaping pass). */
export function annotateForHtml(root: ListNode): void {
  annotateList(root, { s: 'text' });
}
