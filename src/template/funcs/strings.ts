/**
 * Go string helpers the template functions share: strings.ToUpper/ToLower/Title (per code
 * point, Go's simple case mapping), x/text's cases.Title, url.QueryEscape/QueryUnescape and
 * net.SplitHostPort-based host helpers.
 */
import { isIP } from 'node:net';

/** Go's unicode.ToUpper on one code point: only one-to-one mappings apply (ß stays ß). */
function upperRune(ch: string): string {
  const up = ch.toUpperCase();
  return [...up].length === 1 ? up : ch;
}

function lowerRune(ch: string): string {
  if (ch === '\u0130') return 'i';
  const low = ch.toLowerCase();
  return [...low].length === 1 ? low : ch;
}

/** Go's unicode.ToTitle on one code point (title-case digraphs, else upper case). */
function titleRune(ch: string): string {
  const digraphs: Record<string, string> = {
    '\u01c4': '\u01c5',
    '\u01c5': '\u01c5',
    '\u01c6': '\u01c5',
    '\u01c7': '\u01c8',
    '\u01c8': '\u01c8',
    '\u01c9': '\u01c8',
    '\u01ca': '\u01cb',
    '\u01cb': '\u01cb',
    '\u01cc': '\u01cb',
    '\u01f1': '\u01f2',
    '\u01f2': '\u01f2',
    '\u01f3': '\u01f2',
  };
  return digraphs[ch] ?? upperRune(ch);
}

/** `strings.ToUpper`. */
export function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) out += upperRune(ch);
  return out;
}

/** `strings.ToLower`. */
export function goToLower(s: string): string {
  let out = '';
  for (const ch of s) out += lowerRune(ch);
  return out;
}

const LETTER_OR_DIGIT_RE = /^[\p{L}\p{Nd}]$/u;
const SPACE_RE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;

function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (LETTER_OR_DIGIT_RE.test(ch)) return false;
  return SPACE_RE.test(ch);
}

/** Prometheus 2.42's `title`: Go's deprecated `strings.Title` (no lower-casing). */
export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isTitleSeparator(prev) ? titleRune(ch) : ch;
    prev = ch;
  }
  return out;
}

const CASED_RE = /^[\p{Lu}\p{Ll}\p{Lt}]$/u;
const WORD_PART_RE = /^[\p{L}\p{M}\p{Nd}_]$/u;
const MID_WORD = new Set([
  "'",
  '.',
  ':',
  '\u00b7',
  '\u2019',
  '\u2018',
  '\u05f4',
  '\u2027',
  '\ufe13',
  '\ufe52',
  '\ufe55',
  '\uff07',
  '\uff0e',
  '\uff1a',
]);

/** Full (SpecialCasing) title-case mapping of one code point: ﬁ → Fi, ß → Ss, ǆ → ǅ. */
function fullTitle(ch: string): string {
  const digraph = titleRune(ch);
  if (digraph !== upperRune(ch)) return digraph;
  const [first = '', ...rest] = [...ch.toUpperCase()];
  return first + rest.join('').toLowerCase();
}

/** Full lower-case mapping inside a word, with Greek final sigma before a non-letter. */
function fullLower(ch: string, next: string): string {
  if (ch === '\u03a3') return /^\p{L}$/u.test(next) ? '\u03c3' : '\u03c2';
  return ch.toLowerCase();
}

/**
 * Alertmanager's `title`: x/text `cases.Title(language.AmericanEnglish)`, which upper-cases
 * the first cased letter of each word and lower-cases the rest of it.
 */
export function casesTitle(s: string): string {
  const chars = [...s];
  let inWord = false;
  let out = '';
  chars.forEach((ch, i) => {
    if (CASED_RE.test(ch)) {
      out += inWord ? fullLower(ch, chars[i + 1] ?? '') : fullTitle(ch);
      inWord = true;
      return;
    }
    out += ch;
    if (WORD_PART_RE.test(ch)) return;
    const next = chars[i + 1] ?? '';
    const prev = chars[i - 1] ?? '';
    if (MID_WORD.has(ch) && WORD_PART_RE.test(prev) && WORD_PART_RE.test(next)) return;
    inWord = false;
  });
  return out;
}

/** `url.QueryEscape`: unreserved bytes kept, space as `+`, the rest `%XX`. */
export function goQueryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `url.QueryUnescape`; throws Go's `invalid URL escape "%zz"` on a bad escape. */
export function goQueryUnescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (s[i] === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw new Error(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (s[i] === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(String.fromCodePoint(s.codePointAt(i) ?? c), 'utf8'));
      if (c >= 0xd800 && c <= 0xdbff) i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `net.SplitHostPort`; undefined when Go would return an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[') || hostport.slice(k).includes(']')) return undefined;
  return { host, port: hostport.slice(i + 1) };
}

/** Prometheus' `stripPort`: the host of host:port, or the input unchanged. */
export function stripPort(hostPort: string): string {
  return splitHostPort(hostPort)?.host ?? hostPort;
}

/** Prometheus' `stripDomain`: the first DNS label, keeping the port; IPs unchanged. */
export function stripDomain(hostPort: string): string {
  const split = splitHostPort(hostPort);
  const host = split?.host ?? hostPort;
  const port = split?.port ?? '';
  if (isIP(host) !== 0) return hostPort;
  const first = host.split('.')[0] ?? '';
  if (port !== '') return first.includes(':') ? `[${first}]:${port}` : `${first}:${port}`;
  return first;
}
