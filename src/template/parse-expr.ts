/** Expression half of the template parser (Go's parse.go): tokens, pipelines, commands, operands. */
import { nodeString } from './ast.js';
import type { ArgNode, CommandNode, PipeNode } from './ast.js';
import { TemplateParseError } from './errors.js';
import { goQuote } from './lexer.js';
import { LineIndex } from './lines.js';
import type { Item } from './lexer.js';
import { parseNumber, unquoteChar, unquoteString } from './literals.js';

/** Token access, error reporting and pipeline parsing; parser.ts adds the control structures. */
export abstract class ExprParser {
  protected i = 0;
  protected furthest = 0;
  protected vars: string[] = ['$'];
  protected actionLine = 0;
  protected readonly lines: LineIndex;

  constructor(
    protected readonly parseName: string,
    protected readonly text: string,
    protected readonly items: Item[],
    protected readonly hasFunc: (name: string) => boolean,
  ) {
    this.lines = new LineIndex(text);
  }

  // ----- token helpers -----
  protected cur(): Item {
    return this.items[this.i - 1] ?? this.eof();
  }
  protected eof(): Item {
    return { type: 'EOF', val: '', pos: this.text.length, line: this.lines.lineAt(this.text.length) };
  }
  protected next(): Item {
    const it = this.items[this.i] ?? this.eof();
    if (this.i < this.items.length) this.i++;
    if (this.i > this.furthest) this.furthest = this.i;
    return it;
  }
  protected peek(): Item {
    return this.items[this.i] ?? this.eof();
  }
  protected backup(n = 1): void {
    this.i -= n;
  }
  protected nextNonSpace(): Item {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  protected peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  /**
   * Throws Go's parse error. The message's line is Go's (the furthest token read); the error's
   * line/column point at `at`, the offending token, when given.
   */
  protected errorf(msg: string, at?: Item): never {
    const tok = this.items[Math.max(0, this.furthest - 1)] ?? this.eof();
    const where = at ?? tok;
    const col = where.pos - this.lines.lineStart(where.pos) + 1;
    throw new TemplateParseError(
      `template: ${this.parseName}:${tok.line}: ${msg}`,
      where.line,
      col,
      this.parseName,
    );
  }

  protected expect(type: Item['type'], context: string, val?: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type || (val !== undefined && t.val !== val)) this.unexpected(t, context);
    return t;
  }

  protected unexpected(t: Item, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`, t);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`, t);
  }

  // ----- pipelines -----
  protected pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: start.pos, isAssign: false, decl: [], cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        case 'keyword':
          if (t.val === 'nil') {
            this.backup();
            pipe.cmds.push(this.command());
            break;
          }
          this.unexpected(t, context);
        // falls through (unexpected never returns)
        default:
          this.unexpected(t, context);
      }
    }
  }

  protected declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') return;
      this.nextNonSpace();
      const after = this.peek();
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        (pipe as { isAssign: boolean }).isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        return;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(v.val);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace();
          if (p.type === 'variable' || p.type === 'rightDelim' || p.type === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      // Not a declaration: push the variable back (and its following space, if any).
      this.i = this.items.indexOf(v);
      void after;
      return;
    }
  }

  protected checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0]?.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  protected command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  protected operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
      // falls through (errorf never returns)
      default:
        return { kind: 'chain', pos, node, field: fields };
    }
  }

  protected term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunc(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`, t);
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'keyword':
        if (t.val === 'nil') return { kind: 'nil', pos: t.pos };
        break;
      case 'variable':
        return this.useVar(t);
      case 'field':
        return { kind: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'number':
        return this.number(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: t.pos, quoted: t.val, text: this.unquote(t) };
      default:
        break;
    }
    this.backup();
    return undefined;
  }

  protected number(t: Item): ArgNode {
    if (t.type === 'charConstant') {
      const r = unquoteChar(t.val);
      if (typeof r === 'string') this.errorf(r, t);
      return {
        kind: 'number',
        pos: t.pos,
        text: t.val,
        isInt: true,
        isFloat: true,
        int: BigInt(r),
        float: r,
        ideal: BigInt(r),
      };
    }
    const n = parseNumber(t.val);
    if (!('kind' in n)) return this.errorf(n.error, t);
    return { ...n, pos: t.pos };
  }

  protected useVar(t: Item): ArgNode {
    const ident = t.val.split('.');
    const first = ident[0] ?? '$';
    if (!this.vars.includes(first)) this.errorf(`undefined variable ${goQuote(first)}`, t);
    return { kind: 'variable', pos: t.pos, ident };
  }

  protected unquote(t: Item): string {
    if (t.type === 'rawString') return t.val.slice(1, -1).replace(/\r/g, '');
    const s = unquoteString(t.val);
    if (s === undefined) this.errorf('invalid syntax');
    return s;
  }
}

/** Go's item.String() for "unexpected X" messages. */
export function itemString(t: Item): string {
  if (t.type === 'EOF') return 'EOF';
  if (t.type === 'error') return t.val;
  if (t.type === 'keyword') return `<${t.val}>`;
  if ([...t.val].length > 10) return `${goQuote([...t.val].slice(0, 10).join(''))}...`;
  return goQuote(t.val);
}
