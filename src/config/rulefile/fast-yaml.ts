import { LineCounter, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';

// Rule files are nearly always plain block YAML: indented maps and lists, one-line scalars and
// `|`/`>` block scalars. Composing them with the `yaml` library costs about 0.15 ms per rule,
// most of the start-up budget, so this reader builds the same nodes (types, values, ranges)
// for that subset directly. Anything outside it (flow collections, anchors, tags, tabs,
// multi-line flow scalars, several documents, duplicate keys...) returns undefined and the
// caller uses the `yaml` library, which also produces every error message.

/** A rule file read by the fast path: its one document's root node and its line starts. */
export interface FastYaml {
  readonly contents: Node;
  readonly lines: LineCounter;
}

class Unsupported extends Error {}

interface Line {
  /** Offset of the line's first character in the text. */
  readonly start: number;
  /** Offset of the end of the line (its `\n`, or the end of the text). */
  readonly end: number;
  /** Column where the content starts (after indentation, or after a `- ` list marker). */
  indent: number;
  /** True for lines holding only spaces or a comment. */
  readonly blank: boolean;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*:(?= |$)/;
// Characters that may not start a plain scalar here (YAML indicators, quotes handled apart).
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r' };

/** Reads `text` when it is in the simple subset; undefined means "use the `yaml` library". */
export function readSimpleYaml(text: string): FastYaml | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  try {
    return new Reader(text).read();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(private readonly text: string) {
    let start = 0;
    while (start <= text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let p = start;
      while (p < end && text.charCodeAt(p) === 32) p++;
      const blank = p === end || text[p] === '#';
      if (!(nl < 0 && start === end)) this.lines.push({ start, end, indent: p - start, blank });
      if (nl < 0) break;
      start = nl + 1;
    }
  }

  read(): FastYaml {
    const counter = new LineCounter();
    counter.addNewLine(0);
    for (let p = this.text.indexOf('\n'); p >= 0; p = this.text.indexOf('\n', p + 1))
      counter.addNewLine(p + 1);
    const first = this.next();
    if (!first || first.indent !== 0 || this.at(first).startsWith('---')) throw new Unsupported();
    const contents = this.map(0);
    if (this.next()) throw new Unsupported();
    return { contents, lines: counter };
  }

  /** The next non-blank line, without consuming it. */
  private next(): Line | undefined {
    while (this.i < this.lines.length && this.lines[this.i]?.blank) this.i++;
    return this.lines[this.i];
  }

  private at(line: Line): string {
    return this.text.slice(line.start + line.indent, line.end);
  }

  private isItem(line: Line): boolean {
    const s = this.at(line);
    return s === '-' || s.startsWith('- ');
  }

  /** A block map whose keys start at column `col`. */
  private map(col: number): YAMLMap {
    const map = new YAMLMap();
    const seen = new Set<string>();
    let end = 0;
    for (let line = this.next(); line && line.indent >= col; line = this.next()) {
      if (line.indent > col || this.isItem(line)) throw new Unsupported();
      const content = this.at(line);
      const key = KEY.exec(content);
      if (!key || seen.has(key[0])) throw new Unsupported();
      const name = key[0].slice(0, -1);
      seen.add(key[0]);
      const keyStart = line.start + line.indent;
      const keyNode = new Scalar(name);
      keyNode.type = 'PLAIN';
      keyNode.range = [keyStart, keyStart + name.length, keyStart + name.length];
      const value = this.value(line, keyStart + key[0].length, col);
      map.items.push(new Pair(keyNode, value.node));
      end = value.end;
    }
    const first = map.items[0]?.key as Scalar | undefined;
    if (!first?.range) throw new Unsupported();
    map.range = [first.range[0], end, end];
    return map;
  }

  /** The value after `key:` (from `from` on `line`) of a map at column `col`. */
  private value(line: Line, from: number, col: number): { node: Node; end: number } {
    let p = from;
    while (p < line.end && this.text.charCodeAt(p) === 32) p++;
    this.i++;
    if (p === line.end || this.text[p] === '#') {
      const nested = this.next();
      if (!nested) throw new Unsupported();
      if (nested.indent > col) {
        const node = this.isItem(nested) ? this.seq(nested.indent) : this.map(nested.indent);
        return { node, end: node.range?.[1] ?? 0 };
      }
      if (nested.indent === col && this.isItem(nested)) {
        const node = this.seq(col);
        return { node, end: node.range?.[1] ?? 0 };
      }
      throw new Unsupported();
    }
    const c = this.text[p];
    if (c === '|' || c === '>') return this.block(line, p, col);
    const node = this.inline(p, line.end);
    const after = this.next();
    if (after && after.indent > col) throw new Unsupported();
    return { node, end: node.range?.[1] ?? 0 };
  }

  /** A block sequence whose `-` markers are at column `col`; items are scalars or maps. */
  private seq(col: number): YAMLSeq {
    const seq = new YAMLSeq();
    let start = -1;
    let end = 0;
    for (let line = this.next(); line && line.indent >= col; line = this.next()) {
      if (line.indent === col && !this.isItem(line)) break;
      if (line.indent > col) throw new Unsupported();
      if (start < 0) start = line.start + line.indent;
      let p = line.start + line.indent + 1;
      while (p < line.end && this.text.charCodeAt(p) === 32) p++;
      if (p === line.end || this.text[p] === '#' || this.text[p] === '-') throw new Unsupported();
      const itemCol = p - line.start;
      let node: Node;
      if (KEY.test(this.text.slice(p, line.end))) {
        line.indent = itemCol;
        node = this.map(itemCol);
      } else {
        node = this.inline(p, line.end);
        this.i++;
        const after = this.next();
        if (after && after.indent > col) throw new Unsupported();
      }
      seq.items.push(node);
      end = node.range?.[1] ?? end;
    }
    seq.range = [start, end, end];
    return seq;
  }

  /** A one-line plain, double-quoted or single-quoted scalar from `p` to the line's end. */
  private inline(p: number, lineEnd: number): Scalar {
    const c = this.text[p];
    if (c === '"' || c === "'") return this.quoted(p, lineEnd, c);
    const raw = this.text.slice(p, lineEnd);
    if (!PLAIN_START.test(raw)) throw new Unsupported();
    const comment = raw.search(/ +#/);
    const value = (comment < 0 ? raw : raw.slice(0, comment)).trimEnd();
    if (value.includes(': ') || value.endsWith(':')) throw new Unsupported();
    const node = new Scalar(value);
    node.type = 'PLAIN';
    node.range = [p, p + value.length, p + value.length];
    return node;
  }

  private quoted(p: number, lineEnd: number, quote: string): Scalar {
    // Runs between escapes are sliced, not appended character by character: a string built one
    // character at a time is a chain of thousands of small objects until something flattens it.
    let value = '';
    let q = p + 1;
    let run = q;
    for (;;) {
      if (q >= lineEnd) throw new Unsupported();
      const ch = this.text.charCodeAt(q);
      if (ch === quote.charCodeAt(0)) {
        if (quote === "'" && this.text.charCodeAt(q + 1) === 39) {
          value += this.text.slice(run, q + 1);
          q += 2;
          run = q;
          continue;
        }
        break;
      }
      if (quote === '"' && ch === 92) {
        const esc = SIMPLE_ESCAPES[this.text[q + 1] ?? ''];
        if (esc === undefined) throw new Unsupported();
        value += this.text.slice(run, q) + esc;
        q += 2;
        run = q;
        continue;
      }
      q++;
    }
    value += this.text.slice(run, q);
    const rest = this.text.slice(q + 1, lineEnd);
    if (!/^( +#.*| *)$/.test(rest)) throw new Unsupported();
    const node = new Scalar(value);
    node.type = quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    node.range = [p, q + 1, q + 1];
    return node;
  }

  /** A `|` or `>` block scalar (clip, `-` strip or `+` keep) in a map at column `col`. */
  private block(line: Line, p: number, col: number): { node: Node; end: number } {
    const header = /^([|>])([-+]?)( +#.*| *)$/.exec(this.text.slice(p, line.end));
    if (!header) throw new Unsupported();
    const body: string[] = [];
    let indent = -1;
    let end = line.end + 1;
    for (; this.i < this.lines.length; this.i++) {
      const l = this.lines[this.i] as Line;
      const empty = l.indent === l.end - l.start;
      if (empty) throw new Unsupported();
      if (indent < 0) {
        if (l.indent <= col) throw new Unsupported();
        indent = l.indent;
      }
      if (l.indent < indent) {
        if (l.indent > col || l.blank) throw new Unsupported();
        break;
      }
      body.push(this.text.slice(l.start + indent, l.end));
      end = Math.min(l.end + 1, this.text.length);
    }
    if (indent < 0) throw new Unsupported();
    const folded = header[1] === '>';
    if (folded && body.some((b) => b.startsWith(' '))) throw new Unsupported();
    const chomp = header[2] === '-' ? '' : '\n';
    // Without a final line break the chomping rules differ; leave that to the library.
    if (end >= this.text.length && !this.text.endsWith('\n')) throw new Unsupported();
    const node = new Scalar(body.join(folded ? ' ' : '\n') + chomp);
    node.type = folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
    node.range = [p, end, end];
    return { node, end };
  }
}
