/** Expression evaluation of the executor (Go's exec.go): pipelines, commands, fields, calls, arguments. */
import { argString, nodeString } from './ast.js';
import type { ArgNode, CommandNode, Node, PipeNode } from './ast.js';
import { builtins } from './builtins.js';
import type { EngineConfig } from './engine.js';
import { TemplateExecError } from './errors.js';
import type { Tree } from './parser.js';
import {
  goTypeName,
  hasField,
  isTrue,
  kindOf,
  mapElemZero,
  mapGet,
  methodOf,
  signatureOf,
} from './values.js';
import type { FuncSignature, ParamType } from './values.js';

/** Marks "no piped value" (Go's missingVal). */
export const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

/** One entry of the variable stack. */
export interface Variable {
  name: string;
  value: unknown;
}

/** Evaluates expressions against the variable stack; exec.ts's State adds the statements. */
export abstract class Evaluator {
  protected node: { pos: number } | undefined;

  constructor(
    protected tree: Tree,
    protected readonly trees: ReadonlyMap<string, Tree>,
    protected readonly config: EngineConfig,
    protected vars: Variable[],
  ) {}

  // ----- errors -----
  protected errorf(msg: string): never {
    const name = this.tree.name;
    if (!this.node) throw new TemplateExecError(`template: ${name}: ${msg}`, name);
    const loc = this.tree.location(this.node.pos);
    const context = nodeString(this.node as Node); // Go 1.19 does not truncate (newer Go cuts at 20 runes)
    throw new TemplateExecError(
      `template: ${loc.text}: executing ${JSON.stringify(name)} at <${context}>: ${msg}`,
      name,
      loc.line,
      loc.column,
    );
  }

  // ----- variables -----
  protected varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v && v.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  protected setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v && v.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  // ----- pipelines -----
  protected evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.node = pipe;
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // Go digs into interface{} results: a nil interface becomes "no value".
      if (value === null) value = undefined;
    }
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push({ name, value });
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${argString(args[0] as ArgNode)}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0] as ArgNode;
    switch (first.kind) {
      case 'field':
        this.node = first;
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
      default:
        break;
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.ideal(first);
      default:
        return first.text;
    }
  }

  private ideal(n: Extract<ArgNode, { kind: 'number' }>): unknown {
    if (typeof n.ideal === 'object') return this.errorf(n.ideal.error);
    return n.ideal;
  }

  private evalChain(
    dot: unknown,
    chain: Extract<ArgNode, { kind: 'chain' }>,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.node = chain;
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${argString(chain)}`);
    const recv = this.evalArg(dot, chain.node, 'value');
    return this.evalFieldChain(dot, recv, chain, chain.field, args, final);
  }

  private evalVariable(
    dot: unknown,
    v: Extract<ArgNode, { kind: 'variable' }>,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.node = v;
    const value = this.varValue(v.ident[0] ?? '$');
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    recv: unknown,
    node: { pos: number },
    ident: readonly string[],
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    let r = recv;
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) r = this.evalField(dot, ident[i] ?? '', node, [], MISSING, r);
    return this.evalField(dot, ident[n - 1] ?? '', node, args, final, r);
  }

  private evalField(
    dot: unknown,
    name: string,
    node: { pos: number },
    args: readonly ArgNode[],
    final: Final,
    recv: unknown,
  ): unknown {
    if (recv === undefined) {
      if (this.config.missingKey === 'error')
        this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    if (recv === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const method = methodOf(recv, name);
    if (method) return this.evalCall(dot, method, recv, node, name, args, final);
    const hasArgs = args.length > 1 || final !== MISSING;
    const k = kindOf(recv);
    if (k === 'map') {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      const v = mapGet(recv, name);
      if (v !== undefined) return v;
      if (this.config.missingKey === 'zero') return mapElemZero(recv);
      if (this.config.missingKey === 'error') this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    if (k === 'struct' && hasField(recv as object, name)) {
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return (recv as Record<string, unknown>)[name];
    }
    return this.errorf(`can't evaluate field ${name} in type ${goTypeName(recv)}`);
  }

  private evalFunction(
    dot: unknown,
    node: Extract<ArgNode, { kind: 'identifier' }>,
    cmd: { pos: number },
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.node = node;
    const name = node.name;
    const user = this.config.funcs.get(name);
    if (user) return this.evalCall(dot, user, undefined, cmd, name, args, final);
    const b = builtins.get(name);
    if (!b) return this.errorf(`${JSON.stringify(name)} is not a defined function`);
    if (name === 'and' || name === 'or') return this.evalAndOr(dot, name, args, final);
    return this.evalCall(dot, b.fn, undefined, cmd, name, args, final, b.sig);
  }

  private evalAndOr(dot: unknown, name: string, args: readonly ArgNode[], final: Final): unknown {
    const n = args.length - 1 + (final !== MISSING ? 1 : 0);
    if (n < 1) this.errorf(`wrong number of args for ${name}: want at least 1 got ${n}`);
    let v: unknown;
    for (let i = 1; i < args.length; i++) {
      v = this.evalArg(dot, args[i] as ArgNode, 'value');
      if (isTrue(v) === (name === 'or')) return v;
    }
    return final !== MISSING ? final : v;
  }

  private evalCall(
    dot: unknown,
    fn: (...a: unknown[]) => unknown,
    recv: unknown,
    node: { pos: number },
    name: string,
    argNodes: readonly ArgNode[],
    final: Final,
    builtinSig?: FuncSignature,
  ): unknown {
    const args = argNodes.slice(1);
    const sig = builtinSig ?? signatureOf(fn);
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    if (sig) this.checkArity(sig, name, numIn, args.length);
    const argv: unknown[] = [];
    args.forEach((a, i) => argv.push(this.evalArg(dot, a, paramType(sig, i))));
    if (final !== MISSING) argv.push(this.validateType(final, paramType(sig, args.length)));
    let result: unknown;
    try {
      result = fn.apply(recv, argv);
    } catch (e) {
      this.node = node;
      if (e instanceof TemplateExecError) throw e;
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return result;
  }

  private checkArity(sig: FuncSignature, name: string, numIn: number, nargs: number): void {
    const fixed = sig.params.length;
    if (sig.variadic !== undefined) {
      if (numIn < fixed) this.errorf(`wrong number of args for ${name}: want at least ${fixed} got ${nargs}`);
    } else if (numIn !== fixed) this.errorf(`wrong number of args for ${name}: want ${fixed} got ${numIn}`);
  }

  private validateType(v: unknown, t: ParamType): unknown {
    if (t === 'value') return v;
    if (v === undefined) {
      if (t === 'any') return null;
      this.errorf(`invalid value; expected ${goParam(t)}`);
    }
    if (t === 'any' || typeMatches(v, t)) return v;
    return this.errorf(`wrong type for value; expected ${goParam(t)}; got ${goTypeName(v)}`);
  }

  private evalArg(dot: unknown, n: ArgNode, t: ParamType): unknown {
    this.node = n;
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, t);
      case 'nil':
        if (t === 'value') return undefined; // reflect.Zero(reflect.Value): no value
        if (t === 'any') return null;
        return this.errorf(`cannot assign nil to ${goParam(t)}`);
      case 'field':
        return this.validateType(this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING), t);
      case 'variable':
        return this.validateType(this.evalVariable(dot, n, [n], MISSING), t);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), t);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [n], MISSING), t);
      case 'chain':
        return this.validateType(this.evalChain(dot, n, [n], MISSING), t);
      default:
        return this.evalLiteral(n, t);
    }
  }

  private evalLiteral(n: Extract<ArgNode, { kind: 'bool' | 'number' | 'string' }>, t: ParamType): unknown {
    switch (t) {
      case 'any':
      case 'value':
        return n.kind === 'number' ? this.ideal(n) : n.kind === 'bool' ? n.value : n.text;
      case 'bool':
        if (n.kind === 'bool') return n.value;
        return this.errorf(`expected bool; found ${argString(n)}`);
      case 'string':
        if (n.kind === 'string') return n.text;
        return this.errorf(`expected string; found ${argString(n)}`);
      case 'int':
        if (n.kind === 'number' && n.isInt) return n.int;
        return this.errorf(`expected integer; found ${argString(n)}`);
      case 'float':
        if (n.kind === 'number' && n.isFloat) return n.float;
        return this.errorf(`expected float; found ${argString(n)}`);
    }
  }
}

function paramType(sig: FuncSignature | undefined, i: number): ParamType {
  if (!sig) return 'any';
  return sig.params[i] ?? sig.variadic ?? 'any';
}

function goParam(t: ParamType): string {
  switch (t) {
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'value':
      return 'reflect.Value';
    case 'any':
      return 'interface {}';
    default:
      return t;
  }
}

function typeMatches(v: unknown, t: ParamType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'bigint';
    case 'float':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    default:
      return true;
  }
}
