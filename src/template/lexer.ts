/** Lexer for Go text/template syntax, following Go's text/template/parse/lex.go item by item. */
import { LineIndex } from './lines.js';
import { goQuoteString, isPrintRune } from './quote.js';

/** Token kinds produced by the lexer. */
export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'comment'
  | 'declare'
  | 'assign'
  | 'EOF'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | 'dot'
  | 'keyword';

/** One token: its kind, text, offset in the source (UTF-16 index) and 1-based line. */
export interface Item {
  readonly type: ItemType;
  readonly val: string;
  readonly pos: number;
  readonly line: number;
}

const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string): boolean => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Tokenises a whole template text eagerly (Go lexes lazily; the result is the same). */
export class Lexer {
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private insideAction = false;
  private readonly lines: LineIndex;
  readonly items: Item[] = [];

  constructor(
    private readonly input: string,
    private readonly breakOK = true,
  ) {
    this.lines = new LineIndex(input);
  }

  /** Runs the lexer to EOF or the first error item. */
  run(): Item[] {
    for (;;) {
      const done = this.insideAction ? this.lexInsideAction() : this.lexText();
      if (done) return this.items;
    }
  }

  private emit(type: ItemType): void {
    this.items.push({
      type,
      val: this.input.slice(this.start, this.pos),
      pos: this.start,
      line: this.lines.lineAt(this.start),
    });
    this.start = this.pos;
  }

  private ignore(): void {
    this.start = this.pos;
  }

  private next(): string {
    if (this.pos >= this.input.length) return '';
    const c = String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0);
    this.pos += c.length;
    return c;
  }

  private peek(): string {
    if (this.pos >= this.input.length) return '';
    return String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0);
  }

  private backup(c: string): void {
    this.pos -= c.length;
  }

  private accept(valid: string): boolean {
    const c = this.peek();
    if (c !== '' && valid.includes(c)) {
      this.pos += c.length;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private error(msg: string): true {
    this.items.push({ type: 'error', val: msg, pos: this.start, line: this.lines.lineAt(this.start) });
    return true;
  }

  private lexText(): boolean {
    const x = this.input.indexOf('{{', this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('EOF');
      return true;
    }
    this.pos = x;
    let trimLength = 0;
    if (hasLeftTrimMarker(this.input, x + 2)) {
      const text = this.input.slice(this.start, x);
      trimLength = text.length - text.replace(/[ \t\r\n]+$/, '').length;
    }
    this.pos -= trimLength;
    if (this.pos > this.start) this.emit('text');
    this.pos += trimLength;
    this.ignore();
    return this.lexLeftDelim();
  }

  private lexLeftDelim(): boolean {
    this.pos += 2;
    const afterMarker = hasLeftTrimMarker(this.input, this.pos) ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return this.lexComment();
    }
    this.emit('leftDelim');
    this.pos += afterMarker;
    this.ignore();
    this.insideAction = true;
    this.parenDepth = 0;
    return false;
  }

  private lexComment(): boolean {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.error('unclosed comment');
    this.pos = x + 2;
    const [delim, trimSpace] = this.atRightDelim();
    if (!delim) return this.error('comment ends before closing delimiter');
    if (trimSpace) this.pos += 2;
    this.pos += 2;
    if (trimSpace) this.skipSpace();
    this.ignore();
    return false;
  }

  private skipSpace(): void {
    while (this.pos < this.input.length && isSpace(this.input[this.pos] ?? '')) this.pos++;
  }

  /** Reports whether the input is at a right delimiter, and whether it has a trim marker. */
  private atRightDelim(): [boolean, boolean] {
    if (isSpace(this.input[this.pos] ?? '') && this.input.startsWith('-}}', this.pos + 1))
      return [true, true];
    if (this.input.startsWith('}}', this.pos)) return [true, false];
    return [false, false];
  }

  private lexRightDelim(trimSpace: boolean): boolean {
    if (trimSpace) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += 2;
    this.emit('rightDelim');
    if (trimSpace) {
      this.skipSpace();
      this.ignore();
    }
    this.insideAction = false;
    return false;
  }

  private lexInsideAction(): boolean {
    const [delim, trimSpace] = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return this.lexRightDelim(trimSpace);
      return this.error('unclosed left paren');
    }
    const c = this.next();
    if (c === '') return this.error('unclosed action');
    if (isSpace(c)) {
      this.backup(c);
      return this.lexSpace();
    }
    return this.lexActionChar(c);
  }

  private lexActionChar(c: string): boolean {
    switch (c) {
      case '=':
        this.emit('assign');
        return false;
      case ':':
        if (this.next() !== '=') return this.error('expected :=');
        this.emit('declare');
        return false;
      case '|':
        this.emit('pipe');
        return false;
      case '"':
        return this.lexQuoted('"', 'quoted string', 'string');
      case '`':
        return this.lexRawQuote();
      case '$':
        return this.lexFieldOrVariable('variable');
      case "'":
        return this.lexQuoted("'", 'character constant', 'charConstant');
      case '.':
        if (isDigit(this.peek())) {
          this.backup(c);
          return this.lexNumber();
        }
        return this.lexFieldOrVariable('field');
      case '(':
        this.emit('leftParen');
        this.parenDepth++;
        return false;
      case ')':
        this.emit('rightParen');
        this.parenDepth--;
        if (this.parenDepth < 0) return this.error(`unexpected right paren ${runeU(c)}`);
        return false;
      default:
        return this.lexOther(c);
    }
  }

  private lexOther(c: string): boolean {
    if (c === '+' || c === '-' || isDigit(c)) {
      this.backup(c);
      return this.lexNumber();
    }
    if (isAlnum(c)) {
      this.backup(c);
      return this.lexIdentifier();
    }
    const cp = c.codePointAt(0) ?? 0;
    if (cp <= 0x7f && cp >= 0x20 && cp !== 0x7f) {
      this.emit('char');
      return false;
    }
    return this.error(`unrecognized character in action: ${runeU(c)}`);
  }

  private lexSpace(): boolean {
    let numSpaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      numSpaces++;
    }
    // A trim-marked closing delimiter has a minus after a space: leave that space to it.
    if (this.input.startsWith('-}}', this.pos)) {
      this.pos--;
      if (numSpaces === 1) return false;
    }
    this.emit('space');
    return false;
  }

  private lexIdentifier(): boolean {
    for (;;) {
      const c = this.next();
      if (c !== '' && isAlnum(c)) continue;
      if (c !== '') this.backup(c);
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.error(`bad character ${runeU(c)}`);
      if (KEYWORDS.has(word) && (word !== 'break' || this.breakOK) && (word !== 'continue' || this.breakOK)) {
        this.emit('keyword');
      } else if (word === 'true' || word === 'false') this.emit('bool');
      else this.emit('identifier');
      return false;
    }
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return false;
    }
    let c = '';
    for (;;) {
      c = this.next();
      if (c !== '' && isAlnum(c)) continue;
      if (c !== '') this.backup(c);
      break;
    }
    if (!this.atTerminator()) return this.error(`bad character ${runeU(c)}`);
    this.emit(type);
    return false;
  }

  private atTerminator(): boolean {
    const c = this.peek();
    if (c === '' || isSpace(c)) return true;
    if ('.,|:)('.includes(c)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  private lexQuoted(quote: string, what: string, type: ItemType): boolean {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const n = this.next();
        if (n !== '' && n !== '\n') continue;
        return this.error(`unterminated ${what}`);
      }
      if (c === '' || c === '\n') return this.error(`unterminated ${what}`);
      if (c === quote) break;
    }
    this.emit(type);
    return false;
  }

  private lexRawQuote(): boolean {
    const x = this.input.indexOf('`', this.pos);
    if (x < 0) return this.error('unterminated raw quoted string');
    this.pos = x + 1;
    this.emit('rawString');
    return false;
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    const c = this.peek();
    if (c !== '' && isAlnum(c)) {
      this.next();
      return false;
    }
    return true;
  }

  private lexNumber(): boolean {
    if (!this.scanNumber())
      return this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
    }
    this.emit('number');
    return false;
  }
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === '-' && isSpace(s[at + 1] ?? '');
}

/** Go's %q of a string, for lexer and parser messages. */
export function goQuote(s: string): string {
  return goQuoteString(s, false);
}

/** Formats a rune like Go's %#U: `U+007D '}'`. */
export function runeU(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return isPrintRune(cp) ? `U+${hex} '${c}'` : `U+${hex}`;
}
