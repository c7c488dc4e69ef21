/**
 * Public API of Vigil's Go text/template engine: parse template text once into a TemplateSet,
 * then execute any named template many times against data built from the values.ts model.
 */
import { TemplateExecError, TemplateParseError } from './errors.js';
import { executeTree } from './exec.js';
import { parseTemplate } from './parser.js';
import type { Tree } from './parser.js';
import { builtinNames } from './builtins.js';
import { annotateForHtml } from './escape.js';

export { TemplateExecError, TemplateParseError, TemplateFuncError } from './errors.js';
export {
  GoString,
  SafeHTML,
  SafeURL,
  SafeHTMLAttr,
  SafeJS,
  goType,
  withSignature,
  kindOf,
  goTypeName,
  isTrue,
} from './values.js';
export type { GoTypeInfo, GoKind, FuncSignature, ParamType } from './values.js';
export { GoTime, GoDuration } from './gotime.js';
export { sprintf, sprint, sprintln, printOne } from './format.js';
export { formatFloat } from './ftoa.js';

/** A template function; throw (ideally a TemplateFuncError) to signal Go's error result. */
export type TemplateFunc = (...args: unknown[]) => unknown;

/** Options of a TemplateSet, as Go's Funcs(), Option("missingkey=...") and html/template. */
export interface TemplateOptions {
  funcs?: Record<string, TemplateFunc>;
  missingKey?: 'default' | 'zero' | 'error';
  mode?: 'text' | 'html';
}

/** Settings shared by the parser and executor of one TemplateSet. */
export interface EngineConfig {
  readonly funcs: ReadonlyMap<string, TemplateFunc>;
  readonly missingKey: 'default' | 'zero' | 'error';
  readonly mode: 'text' | 'html';
}

/** A set of named templates that can call each other, like Go's *template.Template. */
export class TemplateSet {
  private config: EngineConfig;
  private trees = new Map<string, Tree>();

  constructor(opts: TemplateOptions = {}) {
    this.config = {
      funcs: new Map(Object.entries(opts.funcs ?? {})),
      missingKey: opts.missingKey ?? 'default',
      mode: opts.mode ?? 'text',
    };
  }

  /** Parses `text` as template `name`, adding it and every {{define}}/{{block}} it contains. */
  parse(name: string, text: string): void {
    const parsed = parseTemplate(name, text, (fn) => this.hasFunc(fn));
    for (const tree of parsed) {
      if (this.config.mode === 'html') annotateForHtml(tree.root);
      const old = this.trees.get(tree.name);
      if (old && tree.isEmpty()) continue; // Go keeps a non-empty template over an empty one.
      this.trees.set(tree.name, tree);
    }
  }

  /** Executes template `name` against `data` and returns the output. */
  execute(name: string, data: unknown): string {
    const tree = this.trees.get(name);
    if (!tree) {
      throw new TemplateExecError(`template: no template "${name}" associated with template "${name}"`, name);
    }
    try {
      return executeTree(tree, data, this.trees, this.config);
    } catch (e) {
      // Deeply recursive templates can exhaust the JS stack before our depth limit.
      if (e instanceof RangeError) throw new TemplateExecError(`template: ${name}: ${e.message}`, name);
      throw e;
    }
  }

  /** True when a template of that name is defined. */
  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** Names of all defined templates, sorted. */
  names(): string[] {
    return [...this.trees.keys()].sort();
  }

  /** Cheap copy sharing the parsed trees, so per-call parses do not touch the original. */
  clone(): TemplateSet {
    const copy = new TemplateSet();
    copy.config = this.config;
    copy.trees = new Map(this.trees);
    return copy;
  }

  private hasFunc(name: string): boolean {
    return this.config.funcs.has(name) || builtinNames.has(name);
  }
}

/**
 * Parses `text` without executing it, as `check rules` needs: returns the first parse error
 * (including Go's `undefined variable "$x"` and `function "foo" not defined`), or undefined.
 */
export function parseOnly(text: string, funcNames: Iterable<string>): TemplateParseError | undefined {
  const names = new Set(funcNames);
  try {
    parseTemplate('', text, (fn) => names.has(fn) || builtinNames.has(fn));
    return undefined;
  } catch (e) {
    if (e instanceof TemplateParseError) return e;
    throw e;
  }
}
