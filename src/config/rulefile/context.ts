import { isAlias, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { Diagnostic, Position } from '../../model/diagnostic.js';

/** Options shared by the rule-file loader and its passes. */
export interface RuleFileOptions {
  /** The global `evaluation_interval` in ms, used by groups without `interval`. */
  readonly evaluationInterval: number;
  /** The global `rule_query_offset` in ms, used by groups without `query_offset`. */
  readonly queryOffset: number;
  /**
   * Parses a label or annotation template; returns the problem, with a position inside the text.
   * It must depend on its arguments alone: the loader keeps its verdicts for repeated texts.
   */
  readonly checkTemplate?: (
    text: string,
    alertName: string,
  ) => { message: string; line?: number; column?: number } | undefined;
  /** Accept manifests' extra group fields (`partial_response_strategy`). */
  readonly manifest?: boolean;
}

/** The state of one file's parse: where to report and how to turn offsets into positions. */
export class FileContext {
  readonly diagnostics: Diagnostic[] = [];
  /** The document being read, to resolve aliases (`*name`) against its anchors. */
  doc: Document | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
    private readonly lines: LineCounter,
  ) {}

  /** 1-based line and column of a character offset in the file. */
  position(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** Where a YAML node starts, if it has a range. */
  positionOf(node: Node | null | undefined): Position | undefined {
    return node?.range ? this.position(node.range[0]) : undefined;
  }

  /** The node an alias points to; other nodes unchanged. */
  resolve(node: Node | null): Node | null {
    if (!isAlias(node)) return node;
    return (this.doc ? node.resolve(this.doc) : undefined) ?? null;
  }

  error(at: Position | undefined, code: string, message: string): void {
    this.diagnostics.push({ severity: 'error', file: this.file, position: at, message, code });
  }

  warning(at: Position | undefined, code: string, message: string): void {
    this.diagnostics.push({ severity: 'warning', file: this.file, position: at, message, code });
  }
}

/** One `key: value` of a YAML map, keeping both nodes for positions. */
export interface Field {
  readonly key: Scalar;
  readonly value: Node | null;
}

/** YAML's short tag for a node, as Go's yaml.v3 prints it in unmarshal errors. */
export function yamlKind(node: Node | null): string {
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  return '!!str';
}

/**
 * The fields of a map node, reporting unknown ones as Go's strict decoder does
 * (`field X not found in type rulefmt.RuleGroup`). Returns undefined when the node is not a map.
 */
export function mapFields(
  ctx: FileContext,
  raw: Node | null,
  typeName: string,
  known: readonly string[],
): Map<string, Field> | undefined {
  const out = new Map<string, Field>();
  const node = ctx.resolve(raw);
  if (node === null || isNullScalar(node)) return out;
  if (!isMap(node)) {
    ctx.error(ctx.positionOf(node), 'rules.type', `cannot unmarshal ${describe(node)} into ${typeName}`);
    return undefined;
  }
  for (const item of mapPairs(ctx, node.items)) {
    const key = isScalar(item.key) ? item.key : new Scalar(String(item.key));
    const name = String(key.value);
    if (out.has(name)) continue;
    if (!known.includes(name)) {
      ctx.error(ctx.positionOf(key), 'rules.unknown_field', `field ${name} not found in type ${typeName}`);
      continue;
    }
    out.set(name, { key, value: ctx.resolve((item.value ?? null) as Node | null) });
  }
  return out;
}

/** A map's pairs with YAML merge keys (`<<: *base`) expanded after the map's own keys. */
function mapPairs(ctx: FileContext, items: readonly unknown[]): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const item of items) {
    if (!isPair(item)) continue;
    if (!(isScalar(item.key) && item.key.value === '<<')) {
      own.push(item);
      continue;
    }
    const value = ctx.resolve((item.value ?? null) as Node | null);
    const sources = isSeq(value) ? value.items.map((i) => ctx.resolve((i ?? null) as Node | null)) : [value];
    for (const src of sources) if (isMap(src)) merged.push(...src.items.filter(isPairNode));
  }
  return [...own, ...merged];
}

function isPairNode(item: unknown): item is Pair {
  return isPair(item);
}

/** How Go's yaml.v3 names a value it cannot decode: `!!seq`, or ``!!str `abc` `` for scalars. */
function describe(node: Node): string {
  if (isScalar(node)) return `!!str \`${String(node.value)}\``;
  return yamlKind(node);
}

/** True for a plain scalar that YAML reads as null (`~`, `null`, or nothing). */
export function isNullScalar(node: Node | null): boolean {
  if (node === null) return true;
  if (!isScalar(node) || node.type !== 'PLAIN') return false;
  return ['', '~', 'null', 'Null', 'NULL'].includes(String(node.value));
}

/** A string field's value; nulls read as ''. Reports and returns undefined for maps and lists. */
export function stringValue(ctx: FileContext, raw: Node | null): string | undefined {
  const node = ctx.resolve(raw);
  if (isNullScalar(node)) return '';
  if (isScalar(node)) return String(node.value);
  ctx.error(ctx.positionOf(node), 'rules.type', `cannot unmarshal ${yamlKind(node)} into string`);
  return undefined;
}

/** The items of a list field; nulls read as an empty list. */
export function seqItems(ctx: FileContext, raw: Node | null, typeName: string): Array<Node | null> {
  const node = ctx.resolve(raw);
  if (isNullScalar(node)) return [];
  if (isSeq(node)) return node.items.map((i) => ctx.resolve((i ?? null) as Node | null));
  ctx.error(
    ctx.positionOf(node),
    'rules.type',
    `cannot unmarshal ${node ? describe(node) : '!!null'} into []${typeName}`,
  );
  return [];
}

/** A `map[string]string` field (labels, annotations) with each entry's key and value nodes. */
export function stringMap(
  ctx: FileContext,
  raw: Node | null,
): Array<{ name: string; value: string; key: Scalar; node: Node | null }> {
  const out: Array<{ name: string; value: string; key: Scalar; node: Node | null }> = [];
  const node = ctx.resolve(raw);
  if (isNullScalar(node)) return out;
  if (!isMap(node)) {
    ctx.error(
      ctx.positionOf(node),
      'rules.type',
      `cannot unmarshal ${node ? describe(node) : '!!null'} into map[string]string`,
    );
    return out;
  }
  const seen = new Set<string>();
  for (const item of mapPairs(ctx, node.items)) {
    if (!isScalar(item.key) || seen.has(String(item.key.value))) continue;
    seen.add(String(item.key.value));
    const valueNode = ctx.resolve((item.value ?? null) as Node | null);
    const value = stringValue(ctx, valueNode);
    if (value !== undefined)
      out.push({ name: String(item.key.value), value, key: item.key, node: valueNode });
  }
  return out;
}
