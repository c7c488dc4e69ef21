import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { readSimpleYaml } from './fast-yaml.js';

/** The parts of a node tree the rule-file passes read: kinds, values, styles, start/value ranges. */
function dump(node: unknown): unknown {
  if (isMap(node)) {
    return {
      map: node.range?.[0],
      items: node.items.map((p) => (isPair(p) ? [dump(p.key), dump(p.value)] : 'not a pair')),
    };
  }
  if (isSeq(node)) return { seq: node.range?.[0], items: node.items.map(dump) };
  if (isScalar(node)) return { value: node.value, type: node.type, range: node.range?.slice(0, 2) };
  return { other: String(node) };
}

function library(text: string): { contents: unknown; lines: LineCounter } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, schema: 'failsafe', uniqueKeys: true });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  return { contents: doc?.contents, lines };
}

function expectSameAsLibrary(text: string): void {
  const fast = readSimpleYaml(text);
  expect(fast).toBeDefined();
  if (!fast) return;
  const lib = library(text);
  expect(dump(fast.contents)).toEqual(dump(lib.contents));
  for (let offset = 0; offset <= text.length; offset += 7) {
    expect(fast.lines.linePos(offset)).toEqual(lib.lines.linePos(offset));
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('readSimpleYaml', () => {
  const fixtures = yamlFiles(join(import.meta.dirname, '../../../test/fixtures/rules'));
  const accepted = fixtures.filter((f) => readSimpleYaml(readFileSync(f, 'utf8')) !== undefined);

  it('takes the fast path for most rule fixtures', () => {
    expect(accepted.length).toBeGreaterThan(fixtures.length / 2);
  });

  it.each(accepted)('builds the same nodes as the yaml library for %s', (file) => {
    expectSameAsLibrary(readFileSync(file, 'utf8'));
  });

  it.each([
    ['plain, quoted and commented scalars', "a: b # c\nb: \"x\\\"y\\\\z\" # d\nc: 'it''s'\nd: x#y\n"],
    ['compact and indented lists', 'g:\n- a: 1\n  b: 2\n- c\nh:\n  - x\n  -   y: 1\n      z: 2\n'],
    ['literal block scalars', 'a: |\n  x\n    y\nb: |-\n  z\nc: |+\n  w\nd: 1\n'],
    ['folded block scalars', 'a: >\n  x\n  y\nb: >-\n  z # not a comment\n  w\n'],
    ['comments between entries', '# top\na:\n  # inside\n  b: c\n\n  d: e\n# end\n'],
    ['no final line break', 'a:\n  b: c'],
    ['templates and PromQL', 'x: foo{a=~"b|c"} > 0\ny: "{{ $labels.x }} is {{ $value | humanize }}"\n'],
  ])('%s', (_name, text) => {
    expectSameAsLibrary(text);
  });

  it.each([
    ['a flow map', 'a: {b: c}\n'],
    ['a flow list', 'a: [b]\n'],
    ['an anchor', 'a: &x b\nc: *x\n'],
    ['a tag', 'a: !!str b\n'],
    ['a tab', 'a:\n\tb: c\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a multi-line quoted scalar', 'a: "b\n  c"\n'],
    ['a duplicate key', 'a: b\na: c\n'],
    ['a second document', 'a: b\n---\nc: d\n'],
    ['an empty value', 'a:\nb: c\n'],
    ['a quoted key', '"a": b\n'],
    ['a merge key', 'a:\n  <<: {}\n'],
    ['a block scalar with an empty line', 'a: |\n  x\n\n  y\nb: c\n'],
    ['a block scalar at the end without a line break', 'a: |\n  x'],
    ['an unusual escape', 'a: "\\u00e9"\n'],
    ['a comment-only file', '# nothing\n'],
    ['a top-level list', '- a\n'],
    ['a nested value in a plain scalar', 'a: b: c\n'],
  ])('leaves %s to the yaml library', (_name, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });
});
