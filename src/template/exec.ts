/** Executor for parsed templates, following Go's text/template/exec.go: statements and printing. */
import { nodeString } from './ast.js';
import type { BranchNode, ListNode, Node } from './ast.js';
import type { EngineConfig } from './engine.js';
import { escapeValue } from './escape.js';
import { Evaluator } from './eval.js';
import type { Variable } from './eval.js';
import { printOne } from './format.js';
import type { Tree } from './parser.js';
import { goTypeName, isTrue, kindOf, mapEntries } from './values.js';

type Flow = 0 | 1 | 2; // normal, break, continue
const MAX_DEPTH = 1000;

/** Runs `tree` against `data`; throws TemplateExecError with Go's message. */
export function executeTree(
  tree: Tree,
  data: unknown,
  trees: ReadonlyMap<string, Tree>,
  config: EngineConfig,
): string {
  const s = new State(tree, trees, config, [{ name: '$', value: data }], 0);
  s.walk(data, tree.root);
  return s.out;
}

class State extends Evaluator {
  out = '';

  constructor(
    tree: Tree,
    trees: ReadonlyMap<string, Tree>,
    config: EngineConfig,
    vars: Variable[],
    private readonly depth: number,
  ) {
    super(tree, trees, config, vars);
  }

  // ----- statements -----
  walk(dot: unknown, node: Node): Flow {
    switch (node.kind) {
      case 'text':
        this.out += node.text;
        return 0;
      case 'list':
        return this.walkList(dot, node);
      case 'action': {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, v, node.escapers);
        return 0;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const val = this.evalPipeline(dot, node.pipe);
        let flow: Flow = 0;
        if (isTrue(val)) flow = this.walkList(node.kind === 'with' ? val : dot, node.list);
        else if (node.elseList) flow = this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return flow;
      }
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        this.walkTemplate(dot, node);
        return 0;
      case 'break':
        return 1;
      case 'continue':
        return 2;
    }
  }

  private walkList(dot: unknown, list: ListNode): Flow {
    for (const n of list.nodes) {
      const f = this.walk(dot, n);
      if (f !== 0) return f;
    }
    return 0;
  }

  private walkRange(dot: unknown, r: BranchNode): Flow {
    this.node = r;
    const mark0 = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.vars.length;
    const one = (index: unknown, elem: unknown): Flow => {
      const d = r.pipe.decl;
      if (d.length > 0) {
        if (r.pipe.isAssign) this.setVar(d[0] ?? '', d.length > 1 ? index : elem);
        else this.setTopVar(1, elem);
      }
      if (d.length > 1) {
        if (r.pipe.isAssign) this.setVar(d[1] ?? '', elem);
        else this.setTopVar(2, index);
      }
      const f = this.walkList(elem, r.list);
      this.vars.length = mark;
      return f;
    };
    let ran = false;
    switch (kindOf(val)) {
      case 'slice': {
        const arr = val as unknown[];
        ran = arr.length > 0;
        for (let i = 0; i < arr.length; i++) if (one(BigInt(i), arr[i] ?? null) === 1) break;
        break;
      }
      case 'map': {
        const entries = mapEntries(val);
        ran = entries.length > 0;
        for (const [k, v] of entries) if (one(k, v) === 1) break;
        break;
      }
      case 'nil':
        break;
      default:
        this.errorf(`range can't iterate over ${printOne(val)}`);
    }
    let flow: Flow = 0;
    if (!ran && r.elseList) flow = this.walkList(dot, r.elseList);
    this.vars.length = mark0;
    return flow;
  }

  private setTopVar(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }

  private walkTemplate(dot: unknown, t: Extract<Node, { kind: 'template' }>): void {
    this.node = t;
    const tmpl = this.trees.get(t.name);
    if (!tmpl) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_DEPTH})`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const sub = new State(tmpl, this.trees, this.config, [{ name: '$', value: newDot }], this.depth + 1);
    sub.walk(newDot, tmpl.root);
    this.out += sub.out;
  }

  private printValue(node: { pos: number }, v: unknown, escapers: readonly string[] | undefined): void {
    this.node = node;
    if (this.config.mode === 'html') {
      this.out += escapeValue(v, escapers);
      return;
    }
    if (v === undefined) {
      this.out += '<no value>';
      return;
    }
    if (typeof v === 'function')
      this.errorf(`can't print ${nodeString(node as Node)} of type ${goTypeName(v)}`);
    this.out += typeof v === 'string' ? v : printOne(v);
  }
}
