/** Parser for Go text/template, following Go's text/template/parse/parse.go (accepts Go 1.23 `else with`). */
import { isEmptyList } from './ast.js';
import type { ListNode, Node, PipeNode } from './ast.js';
import { Lexer, goQuote } from './lexer.js';
import type { LineIndex } from './lines.js';
import { ExprParser } from './parse-expr.js';
import type { Item } from './lexer.js';

/** One parsed template: its body plus what error messages need (parse name, source lines). */
export class Tree {
  constructor(
    readonly name: string,
    readonly parseName: string,
    readonly root: ListNode,
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  /** True when the body is only whitespace (an empty tree does not replace a defined one). */
  isEmpty(): boolean {
    return isEmptyList(this.root);
  }

  /**
   * Go's ErrorContext location text `parseName:line:byteColumn` (Go's column is 0-based, in UTF-8
   * bytes), plus our 1-based line and character column.
   */
  location(pos: number): { text: string; line: number; column: number } {
    const line = this.lines.lineAt(pos);
    const before = this.text.slice(this.lines.lineStart(pos), pos);
    const goCol = Buffer.byteLength(before, 'utf8');
    return { text: `${this.parseName}:${line}:${goCol}`, line, column: before.length + 1 };
  }
}

type End = { kind: 'end' | 'else'; pos: number; elseKeyword?: 'if' | 'with' };

/**
 * Parses `text` as template `name`; returns the main tree followed by every {{define}} and
 * {{block}} tree. Throws TemplateParseError with Go's message and our line/column.
 */
export function parseTemplate(name: string, text: string, hasFunc: (name: string) => boolean): Tree[] {
  const items = new Lexer(text, !hasFunc('break')).run();
  const p = new Parser(name, text, items, hasFunc);
  return p.parseAll();
}

class Parser extends ExprParser {
  private rangeDepth = 0;
  private readonly treeSet = new Map<string, Tree>();
  private readonly order: Tree[] = [];

  parseAll(): Tree[] {
    const root: ListNode = { kind: 'list', pos: 0, nodes: [] };
    while (this.peek().type !== 'EOF') {
      if (this.peek().type === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().val === 'define' && this.cur().type === 'keyword') {
          this.parseDefinition();
          continue;
        }
        this.i = this.items.indexOf(delim);
      }
      const n = this.textOrAction();
      if ('kind' in n && (n.kind === 'end' || n.kind === 'else'))
        this.errorf(`unexpected ${endString(n as End)}`);
      root.nodes.push(n as Node);
    }
    this.add(new Tree(this.parseName, this.parseName, root, this.text, this.lines));
    const main = this.treeSet.get(this.parseName);
    return main ? [main, ...this.order.filter((t) => t !== main)] : this.order;
  }

  private add(tree: Tree): void {
    const old = this.treeSet.get(tree.name);
    if (!old || old.isEmpty()) {
      if (old) this.order.splice(this.order.indexOf(old), 1);
      this.treeSet.set(tree.name, tree);
      this.order.push(tree);
      return;
    }
    if (!tree.isEmpty()) this.errorf(`template: multiple definition of template ${goQuote(tree.name)}`);
  }

  // ----- structure -----
  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.nextNonSpace();
    if (nameTok.type !== 'string' && nameTok.type !== 'rawString') this.unexpected(nameTok, context);
    const name = this.unquote(nameTok);
    this.expect('rightDelim', context);
    const saved = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected ${endString(end)} in ${context}`);
    this.vars = saved;
    this.add(new Tree(name, this.parseName, list, this.text, this.lines));
  }

  private itemList(): [ListNode, End] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'EOF') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n as End];
      list.nodes.push(n as Node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | End {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { kind: 'text', pos: t.pos, text: t.val };
      case 'leftDelim': {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node | End {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'block':
          return this.blockControl();
        case 'break':
        case 'continue':
          return this.breakControl(t);
        case 'else':
          return this.elseControl();
        case 'end':
          return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
        case 'if':
        case 'range':
        case 'with':
          return this.branchControl(t.val);
        case 'template':
          return this.templateControl();
        default:
          break;
      }
    }
    this.backup();
    const pos = this.peek().pos;
    return { kind: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private breakControl(t: Item): Node {
    const next = this.nextNonSpace();
    if (next.type !== 'rightDelim') this.unexpected(next, `{{${t.val}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${t.val}}} outside {{range}}`);
    return { kind: t.val as 'break' | 'continue', pos: t.pos };
  }

  private elseControl(): End {
    const peek = this.peekNonSpace();
    if (peek.type === 'keyword' && (peek.val === 'if' || peek.val === 'with')) {
      return { kind: 'else', pos: peek.pos, elseKeyword: peek.val };
    }
    const t = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: t.pos };
  }

  private branchControl(context: 'if' | 'range' | 'with'): Node {
    const savedVars = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.kind === 'else') {
      if (context !== 'range' && next.elseKeyword === context) {
        this.nextNonSpace(); // consume the nested if/with; it shares our {{end}}
        elseList = { kind: 'list', pos: next.pos, nodes: [this.branchControl(context)] };
      } else {
        if (next.elseKeyword) this.unexpected(this.nextNonSpace(), 'input');
        const [el, end] = this.itemList();
        if (end.kind !== 'end') this.errorf(`expected end; found ${endString(end)}`);
        elseList = el;
      }
    }
    this.vars.length = savedVars;
    return { kind: context, pos: pipe.pos, pipe, list, elseList };
  }

  private templateName(t: Item, context: string): string {
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    return this.unquote(t);
  }

  private blockControl(): Node {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const saved = this.vars;
    const savedDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected ${endString(end)} in ${context}`);
    this.vars = saved;
    this.rangeDepth = savedDepth;
    this.add(new Tree(name, this.parseName, list, this.text, this.lines));
    return { kind: 'template', pos: t.pos, name, pipe };
  }

  private templateControl(): Node {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'template', pos: t.pos, name, pipe };
  }
}

function endString(e: End): string {
  return e.kind === 'end' ? '{{end}}' : '{{else}}';
}
