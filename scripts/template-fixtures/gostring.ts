/** Reads Go-quoted strings (strconv.Quote output) as promtool prints label values. */

const SIMPLE: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Parses the Go string literal starting at `start` (a `"`); returns its value and end index. */
export function readGoQuoted(text: string, start: number): { value: string; end: number } {
  if (text[start] !== '"') throw new Error(`expected a quoted string at ${start}`);
  const bytes: number[] = [];
  let i = start + 1;
  const pushText = (s: string): void => {
    bytes.push(...Buffer.from(s, 'utf8'));
  };
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch !== '\\') {
      const cp = text.codePointAt(i) ?? 0;
      const s = String.fromCodePoint(cp);
      pushText(s);
      i += s.length;
      continue;
    }
    const e = text[i + 1] ?? '';
    if (SIMPLE[e] !== undefined) {
      pushText(SIMPLE[e]);
      i += 2;
    } else if (e === 'x') {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      pushText(String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + n), 16)));
      i += 2 + n;
    } else if (/[0-7]/.test(e)) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 4;
    } else {
      throw new Error(`bad escape \\${e} at ${i}`);
    }
  }
  throw new Error('unterminated quoted string');
}
