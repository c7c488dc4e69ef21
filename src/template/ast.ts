/** AST of a parsed Go template, with source offsets, and Go's String() of each node. */

/** Argument-position nodes (operands of a command). */
export type ArgNode =
  | { readonly kind: 'field'; readonly pos: number; readonly ident: readonly string[] }
  | { readonly kind: 'variable'; readonly pos: number; readonly ident: readonly string[] }
  | {
      readonly kind: 'chain';
      readonly pos: number;
      readonly node: ArgNode;
      readonly field: readonly string[];
    }
  | { readonly kind: 'identifier'; readonly pos: number; readonly name: string }
  | { readonly kind: 'dot'; readonly pos: number }
  | { readonly kind: 'nil'; readonly pos: number }
  | { readonly kind: 'bool'; readonly pos: number; readonly value: boolean }
  | NumberNode
  | { readonly kind: 'string'; readonly pos: number; readonly quoted: string; readonly text: string }
  | PipeNode;

/** A number literal with the interpretations Go's parser computes. */
export interface NumberNode {
  readonly kind: 'number';
  readonly pos: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly isFloat: boolean;
  readonly int: bigint;
  readonly float: number;
  /** The value in an interface{} context (Go's idealConstant), or an error message. */
  readonly ideal: bigint | number | { error: string };
}

/** One command of a pipeline: a function/method call or a single operand. */
export interface CommandNode {
  readonly kind: 'command';
  readonly pos: number;
  readonly args: ArgNode[];
}

/** A pipeline, with optional variable declarations (`$x :=`) or assignments (`$x =`). */
export interface PipeNode {
  readonly kind: 'pipe';
  readonly pos: number;
  readonly isAssign: boolean;
  readonly decl: string[];
  readonly cmds: CommandNode[];
}

/** Statement nodes of a template body. */
export type Node =
  | { readonly kind: 'text'; readonly pos: number; readonly text: string }
  | ActionNode
  | BranchNode
  | {
      readonly kind: 'template';
      readonly pos: number;
      readonly name: string;
      readonly pipe: PipeNode | undefined;
    }
  | { readonly kind: 'break' | 'continue'; readonly pos: number }
  | ListNode;

/** `{{pipeline}}`; `escapers` are filled by the HTML escaper analysis. */
export interface ActionNode {
  readonly kind: 'action';
  readonly pos: number;
  readonly pipe: PipeNode;
  escapers?: readonly string[];
}

/** if / with / range. */
export interface BranchNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}

/** A sequence of nodes. */
export interface ListNode {
  readonly kind: 'list';
  readonly pos: number;
  readonly nodes: Node[];
}

/** Go's String() of an argument node, used in error contexts. */
export function argString(n: ArgNode): string {
  switch (n.kind) {
    case 'field':
      return '.' + n.ident.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const inner = n.node.kind === 'pipe' ? `(${pipeString(n.node)})` : argString(n.node);
      return inner + '.' + n.field.join('.');
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'pipe':
      return pipeString(n);
  }
}

/** Go's String() of a command. */
export function commandString(c: CommandNode): string {
  return c.args.map((a) => (a.kind === 'pipe' ? `(${pipeString(a)})` : argString(a))).join(' ');
}

/** Go's String() of a pipeline. */
export function pipeString(p: PipeNode): string {
  let s = '';
  if (p.decl.length > 0) s = p.decl.join(', ') + (p.isAssign ? ' = ' : ' := ');
  return s + p.cmds.map(commandString).join(' | ');
}

/** Go's String() of a statement node (used for `{{template}}` and action contexts). */
export function nodeString(n: Node | CommandNode | ArgNode): string {
  switch (n.kind) {
    case 'command':
      return commandString(n);
    case 'action':
      return `{{${pipeString(n.pipe)}}}`;
    case 'template':
      return n.pipe
        ? `{{template ${JSON.stringify(n.name)} ${pipeString(n.pipe)}}}`
        : `{{template ${JSON.stringify(n.name)}}}`;
    case 'if':
    case 'with':
    case 'range':
      return `{{${n.kind} ${pipeString(n.pipe)}}}`;
    case 'break':
    case 'continue':
      return `{{${n.kind}}}`;
    case 'text':
      return n.text;
    case 'list':
      return n.nodes.map(nodeString).join('');
    default:
      return argString(n);
  }
}

/** True when a body holds nothing but whitespace text, as Go's parse.IsEmptyTree decides. */
export function isEmptyList(list: ListNode): boolean {
  return list.nodes.every((n) =>
    n.kind === 'text' ? n.text.trim() === '' : n.kind === 'list' && isEmptyList(n),
  );
}
