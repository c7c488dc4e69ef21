import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { RuleGroupDef } from '../../model/rule.js';
import { FileContext, isNullScalar, mapFields, seqItems, stringValue } from './context.js';
import type { RuleFileOptions } from './context.js';
import { readSimpleYaml } from './fast-yaml.js';
import { parseGroup } from './group.js';
import { lintDuplicateRules } from './lint.js';

export type { RuleFileOptions } from './context.js';

/** What loading rule files produced: the valid groups and every problem found. */
export interface RuleFileResult {
  readonly groups: RuleGroupDef[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads and validates rule files (the server's loader and `vigil check rules` share it).
 * Every problem of every file is reported; groups come only from files without errors, so a
 * caller can refuse the whole set when any diagnostic is an error, as Prometheus does.
 */
export async function loadRuleFiles(files: string[], opts: RuleFileOptions): Promise<RuleFileResult> {
  const groups: RuleGroupDef[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const reason =
        e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'no such file or directory' : String(e);
      diagnostics.push({ severity: 'error', file, message: `open ${file}: ${reason}`, code: 'rules.read' });
      continue;
    }
    const r = parseRuleFile(file, text, opts);
    groups.push(...r.groups);
    diagnostics.push(...r.diagnostics);
  }
  return { groups, diagnostics };
}

/**
 * Parses one rule file's text: the Prometheus groups format or `PrometheusRule` manifests,
 * one or more YAML documents. Groups are returned only when the file has no errors.
 */
export function parseRuleFile(file: string, text: string, opts: RuleFileOptions): RuleFileResult {
  const simple = readSimpleYaml(text);
  if (simple) {
    const ctx = new FileContext(file, text, simple.lines);
    const groups = parseContents(ctx, simple.contents, new Map(), opts);
    return finish(ctx, groups);
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    schema: 'failsafe',
    prettyErrors: false,
    uniqueKeys: true,
  });
  const ctx = new FileContext(file, text, lines);
  const groups: RuleGroupDef[] = [];
  const seen = new Map<string, number>();
  for (const doc of Array.isArray(docs) ? docs : []) {
    const first = doc.errors[0];
    if (first) {
      // Later errors of a broken document are mostly echoes of the first one.
      reportYamlError(ctx, first.code, first.pos[0], first.message);
      continue;
    }
    ctx.doc = doc;
    groups.push(...parseDocument(ctx, doc, seen, opts));
  }
  return finish(ctx, groups);
}

/** The file's lint findings, and its groups only when it has no errors. */
function finish(ctx: FileContext, groups: RuleGroupDef[]): RuleFileResult {
  lintDuplicateRules(ctx, groups);
  const failed = ctx.diagnostics.some((d) => d.severity === 'error');
  return { groups: failed ? [] : groups, diagnostics: ctx.diagnostics };
}

function reportYamlError(ctx: FileContext, code: string, offset: number, message: string): void {
  // An error at the very end (an unclosed bracket) belongs to the last written line.
  const end = ctx.text.trimEnd().length;
  const at = ctx.position(Math.max(0, Math.min(offset, end - 1)));
  const text = code === 'DUPLICATE_KEY' ? duplicateKeyMessage(ctx, offset) : undefined;
  ctx.error(at, 'rules.yaml_syntax', `yaml: ${text ?? oneLine(message)}`);
}

function oneLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** Go's yaml.v3 wording for a repeated key: `mapping key "x" already defined at line N`. */
function duplicateKeyMessage(ctx: FileContext, offset: number): string | undefined {
  const key = /^(?:"([^"]*)"|'([^']*)'|([^:\s]+))/.exec(ctx.text.slice(offset));
  if (!key) return undefined;
  const name = key[1] ?? key[2] ?? key[3] ?? '';
  const { line, column } = ctx.position(offset);
  const lines = ctx.text.split('\n');
  for (let l = line - 1; l >= 1; l--) {
    const t = lines[l - 1] ?? '';
    if (/^[\s-]*$/.test(t.slice(0, column - 1)) && t.slice(column - 1).startsWith(`${key[0]}:`)) {
      return `mapping key ${JSON.stringify(name)} already defined at line ${l}`;
    }
  }
  return `mapping key ${JSON.stringify(name)} already defined`;
}

/** One document: a groups file, or a PrometheusRule manifest holding one in `spec`. */
function parseDocument(
  ctx: FileContext,
  doc: Document,
  seen: Map<string, number>,
  opts: RuleFileOptions,
): RuleGroupDef[] {
  return parseContents(ctx, (doc.contents ?? null) as Node | null, seen, opts);
}

/** A document's root node: a groups file, or a PrometheusRule manifest. */
function parseContents(
  ctx: FileContext,
  contents: Node | null,
  seen: Map<string, number>,
  opts: RuleFileOptions,
): RuleGroupDef[] {
  const root = ctx.resolve(contents);
  if (isNullScalar(root)) return [];
  if (root !== null && isManifest(root)) {
    const spec = manifestSpec(ctx, root);
    return spec === undefined
      ? []
      : parseGroups(ctx, spec, 'v1.PrometheusRuleSpec', seen, { ...opts, manifest: true });
  }
  return parseGroups(ctx, root, 'rulefmt.RuleGroups', seen, opts);
}

function parseGroups(
  ctx: FileContext,
  node: Node | null,
  typeName: string,
  seen: Map<string, number>,
  opts: RuleFileOptions,
): RuleGroupDef[] {
  const fields = mapFields(ctx, node, typeName, ['groups']);
  if (!fields) return [];
  const out: RuleGroupDef[] = [];
  for (const g of seqItems(ctx, fields.get('groups')?.value ?? null, 'rulefmt.RuleGroup')) {
    const group = parseGroup(ctx, g, seen, opts);
    if (group) out.push(group);
  }
  return out;
}

/** A document is a manifest when it says what kind of Kubernetes object it is. */
function isManifest(node: Node): boolean {
  if (!isMap(node)) return false;
  return node.items.some(
    (i) => isPair(i) && isScalar(i.key) && (i.key.value === 'apiVersion' || i.key.value === 'kind'),
  );
}

/** Checks a manifest's `apiVersion` and `kind`; returns its `spec` node (null when empty). */
function manifestSpec(ctx: FileContext, node: Node): Node | null | undefined {
  const fields = mapFields(ctx, node, 'v1.PrometheusRule', [
    'apiVersion',
    'kind',
    'metadata',
    'spec',
    'status',
  ]);
  if (!fields) return undefined;
  const kind = fields.get('kind');
  const kindText = kind ? stringValue(ctx, kind.value) : '';
  if (kindText !== 'PrometheusRule') {
    const at = ctx.positionOf(kind?.value ?? node);
    ctx.error(
      at,
      'rules.manifest',
      `unsupported kind ${JSON.stringify(kindText ?? '')}: only PrometheusRule manifests hold rules`,
    );
    return undefined;
  }
  const api = fields.get('apiVersion');
  const apiText = api ? stringValue(ctx, api.value) : '';
  if (!apiText?.startsWith('monitoring.coreos.com/')) {
    const at = ctx.positionOf(api?.value ?? node);
    ctx.error(
      at,
      'rules.manifest',
      `unsupported apiVersion ${JSON.stringify(apiText ?? '')} for kind PrometheusRule: expected monitoring.coreos.com/v1`,
    );
    return undefined;
  }
  return fields.get('spec')?.value ?? null;
}
