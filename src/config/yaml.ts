// Parses one YAML file keeping positions, so later passes can report file:line:col for any
// JSON path into the parsed value.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Diagnostic, Position } from '../model/diagnostic.js';

/** A path into a parsed YAML value: map keys and sequence indexes. */
export type JsonPath = ReadonlyArray<string | number>;

/** One parsed YAML file: its value and a way to find where a path is written. */
export interface YamlFile {
  readonly file: string;
  /** The plain JavaScript value of the (first) document; undefined when the file is empty. */
  readonly value: unknown;
  /** Where the value at `path` starts; with `key`, where its map key starts. Falls back to the nearest ancestor. */
  locate(path: JsonPath, key?: boolean): Position;
}

/** Converts a YAML library error message to one line without its code excerpt. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** Finds the child node (or its key node) of a map or sequence for one path segment. */
function child(
  node: unknown,
  seg: string | number,
  key: boolean,
): { node: Node | null; keyNode: Node | null } {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = isScalar(item.key) ? item.key.value : item.key;
      if (String(k) === String(seg)) {
        const keyNode = isScalar(item.key) ? item.key : null;
        const valueNode = (item.value as Node | null) ?? null;
        return { node: valueNode ?? (key ? null : keyNode), keyNode };
      }
    }
  } else if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg];
    if (item !== undefined) return { node: item as Node, keyNode: null };
  }
  return { node: null, keyNode: null };
}

/** Builds the position locator for one parsed document. */
function makeLocator(doc: Document | undefined, lc: LineCounter): YamlFile['locate'] {
  const pos = (offset: number): Position => {
    const p = lc.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return (path, key = false) => {
    let node: unknown = doc?.contents ?? null;
    let best = pos((node as Node | null)?.range?.[0] ?? 0);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] ?? '';
      const last = i === path.length - 1;
      const found = child(node, seg, key && last);
      if (last && key && found.keyNode?.range) return pos(found.keyNode.range[0]);
      const target = found.node ?? found.keyNode;
      if (!target?.range) return best;
      best = pos(target.range[0]);
      node = found.node;
    }
    return best;
  };
}

/**
 * Parses YAML text; syntax errors (including duplicate keys) become diagnostics with positions.
 * Only one document per config file is allowed, as Prometheus and Alertmanager read one.
 */
export function parseYamlFile(file: string, text: string): { yaml: YamlFile; diagnostics: Diagnostic[] } {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    for (const err of doc.errors) {
      const p = lc.linePos(err.pos[0]);
      const key = (/^[^:\n]*/.exec(text.slice(err.pos[0]))?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
      const message =
        err.code === 'DUPLICATE_KEY' && key !== '' ? `field ${key} already set` : yamlMessage(err.message);
      diagnostics.push({
        severity: 'error',
        file,
        position: { line: p.line, column: p.col },
        message: `yaml: ${message}`,
        code: 'config.yaml_syntax',
      });
    }
  }
  const nonEmpty = list.filter((d) => d.contents !== null);
  const second = nonEmpty[1];
  if (second) {
    const p = lc.linePos(second.range[0]);
    diagnostics.push({
      severity: 'error',
      file,
      position: { line: p.line, column: p.col },
      message: 'a config file must hold a single YAML document',
      code: 'config.multiple_documents',
    });
  }
  const doc = nonEmpty[0];
  let value: unknown;
  if (doc && diagnostics.length === 0) value = doc.toJS({ maxAliasCount: 1000 });
  return { yaml: { file, value, locate: makeLocator(doc, lc) }, diagnostics };
}

/** Formats a path the way messages name fields: `route.routes[0].receiver`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
