import { createRequire } from 'node:module';
import type { Tree } from '@lezer/common';
import { parsePromql } from './syntax.js';
import type { PromqlDiagnostic } from './syntax.js';

// The Prometheus maintainers' static analyzer (codemirror-promql's `Parser`) is written for the
// browser editor. It runs headless here from the package's CommonJS build; every CodeMirror
// module must then come from the CommonJS builds too, or the editor state would see two copies
// of @codemirror/state and reject the language extension.

interface CmDiagnostic {
  from: number;
  to: number;
  message: string;
  severity: string;
}
interface CmParser {
  analyze(): void;
  getDiagnostics(): CmDiagnostic[];
}
interface CmState {
  update(spec: object): { state: CmState };
}
/** The two things the analyzer reads from an editor state: the syntax tree field and the text. */
interface AnalyzerState {
  field(field: unknown, require?: boolean): { tree: unknown } | undefined;
  sliceDoc(from: number, to: number): string;
}
type NewParser = (state: CmState | AnalyzerState) => CmParser;
interface Editor {
  createState(doc: string): CmState;
  ensureTree(state: CmState, upto: number): void;
}

const require = createRequire(import.meta.url);
let newParser: NewParser | undefined;
let editor: Editor | undefined;

/** The analyzer alone: the editor modules it pulls in are loaded, but no language or state. */
function loadParser(): NewParser {
  if (newParser) return newParser;
  const parserModule = require('@prometheus-io/codemirror-promql/dist/cjs/parser/parser.js') as {
    Parser: new (state: CmState | AnalyzerState) => CmParser;
  };
  newParser = (s) => new parserModule.Parser(s);
  return newParser;
}

/** The editor state with the PromQL language, only needed for `typeCheckInEditor`. */
function loadEditor(): Editor {
  if (editor) return editor;
  const state = require('@codemirror/state') as {
    EditorState: { create(config: { doc: string; extensions: unknown }): CmState };
  };
  const language = require('@codemirror/language') as {
    ensureSyntaxTree(state: CmState, upto: number, timeout: number): unknown;
  };
  const promql = require('@prometheus-io/codemirror-promql/dist/cjs/promql.js') as {
    promQLLanguage(top: string): { extension: unknown };
    LanguageType: { PromQL: string };
  };
  const extension = promql.promQLLanguage(promql.LanguageType.PromQL).extension;
  editor = {
    createState: (doc) => state.EditorState.create({ doc, extensions: extension }),
    ensureTree: (s, upto) => void language.ensureSyntaxTree(s, upto, 10_000),
  };
  return editor;
}

/**
 * Type-checks a syntactically valid expression (function arguments, operand types, range vs
 * instant vectors) with codemirror-promql's analyzer; messages use Prometheus' type names.
 * `tree` is the expression's `parsePromql` tree when the caller has it, to save a second parse.
 */
export function typeCheck(expr: string, tree?: Tree): PromqlDiagnostic[] {
  // An editor state would split lines at `\r` and shift offsets; only then is it worth its cost.
  return expr.includes('\r') ? typeCheckInEditor(expr) : collect(analyzeHeadless(expr, tree));
}

/**
 * The analyzer without an editor state: it reads only the syntax tree and slices of the text,
 * so a minimal stand-in state gives the same result
 * as a complete parse in a real `EditorState`, at a fraction of the cost. Our lezer-promql and
 * the one codemirror-promql bundles are built from the same grammar (identical node ids, and
 * `PromQL` is the default top rule), so a `parsePromql` tree can stand in for the editor's.
 */
function analyzeHeadless(expr: string, parsed: Tree | undefined): CmDiagnostic[] {
  const tree = parsed ?? parsePromql(expr);
  const parser = loadParser()({ field: () => ({ tree }), sliceDoc: (from, to) => expr.slice(from, to) });
  parser.analyze();
  return parser.getDiagnostics();
}

/**
 * `typeCheck` the way the browser editor runs the analyzer, in a complete `EditorState`; kept
 * for expressions with `\r` and so tests can hold the headless path to the same results.
 */
export function typeCheckInEditor(expr: string): PromqlDiagnostic[] {
  return collect(analyzeInEditor(expr));
}

function analyzeInEditor(expr: string): CmDiagnostic[] {
  const a = loadEditor();
  let state = a.createState(expr);
  // The editor only parses a viewport within a time budget at creation; finish the parse and
  // publish the complete tree in a new state so the analyzer sees the whole expression.
  a.ensureTree(state, expr.length);
  state = state.update({}).state;
  const parser = loadParser()(state);
  parser.analyze();
  return parser.getDiagnostics();
}

/** Renames types as Prometheus does and drops repeats of the same message at the same place. */
function collect(diagnostics: CmDiagnostic[]): PromqlDiagnostic[] {
  const seen = new Set<string>();
  const out: PromqlDiagnostic[] = [];
  for (const d of diagnostics) {
    const message = prometheusTypeNames(d.message);
    const key = `${d.from}:${d.to}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ from: d.from, to: d.to, message, severity: d.severity === 'warning' ? 'warning' : 'error' });
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  vector: 'instant vector',
  matrix: 'range vector',
  scalar: 'scalar',
  string: 'string',
  none: 'none',
};

/** codemirror-promql says `matrix`/`vector`; Prometheus says `range vector`/`instant vector`. */
export function prometheusTypeNames(message: string): string {
  return message
    .replace(/^expected type (\w+) in /, (_m, t: string) => `expected type ${TYPE_NAMES[t] ?? t} in `)
    .replace(
      /^(unary expression only allowed on .*), got (\w+)$/,
      (_m, head: string, t: string) => `${head}, got "${TYPE_NAMES[t] ?? t}"`,
    )
    .replace(/, got (\w+)$/, (_m, t: string) => `, got ${TYPE_NAMES[t] ?? t}`)
    .replace(
      / got (\w+) in (\w+) instead$/,
      (_m, t: string, n: string) => ` got ${TYPE_NAMES[t] ?? t} in ${n} instead`,
    );
}
