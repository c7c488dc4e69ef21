import { describe, expect, it } from 'vitest';
import { TemplateParseError } from './errors.js';
import { parseOnly, TemplateSet } from './engine.js';
import { parseTemplate } from './parser.js';

const noFuncs = (): boolean => false;

describe('parseTemplate', () => {
  it('returns the main tree first, then the defined templates', () => {
    const trees = parseTemplate('main', 'x{{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }}', noFuncs);
    expect(trees.map((t) => t.name)).toEqual(['main', 'a', 'b']);
  });

  it.each([
    ['{{ .Foo }', 1, 'template: t:1: unexpected "}" in operand'],
    ['a\nb\n{{ if }}x{{ end }}', 3, 'template: t:3: missing value for if'],
    ['{{ $label }}', 1, 'template: t:1: undefined variable "$label"'],
    ['{{ foo 1 }}', 1, 'template: t:1: function "foo" not defined'],
    ['x\n{{ .A\n', 3, 'template: t:3: unclosed action started at t:2'],
    ['{{ break }}', 1, 'template: t:1: {{break}} outside {{range}}'],
    [
      '{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}',
      1,
      'template: t:1: template: multiple definition of template "a"',
    ],
  ])('rejects %j at line %i', (text, line, msg) => {
    try {
      parseTemplate('t', text, noFuncs);
      expect.unreachable('parse should fail');
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateParseError);
      expect((e as TemplateParseError).message).toBe(msg);
      expect((e as TemplateParseError).line).toBe(line);
      expect((e as TemplateParseError).column).toBeGreaterThan(0);
    }
  });

  it('gives the column of the offending token', () => {
    const err = parseOnly('ok\n  {{ $nope }}', []);
    expect(err).toMatchObject({ line: 2, column: 6 });
  });

  it('accepts Go 1.23 {{else with}} (amtool 0.25, built with Go 1.19, rejects it)', () => {
    const set = new TemplateSet();
    set.parse('t', '{{ with .a }}A{{ else with .b }}B{{ .}}{{ else }}C{{ end }}');
    expect(set.execute('t', { b: 'x' })).toBe('Bx');
    expect(set.execute('t', {})).toBe('C');
  });
});

describe('parseOnly', () => {
  it.each([
    ['{{ $labels.instance }}', undefined],
    ['{{$labels := .Labels}}{{ $labels.instance | toUpper }}', undefined],
    ['{{ $label.instance }}', 'template: :1: undefined variable "$label"'],
    ['{{ toUpper "a" }}', 'template: :1: function "toUpper" not defined'],
  ])('%j', (text, msg) => {
    const prelude = text.includes(':=') ? '' : '{{$labels := .Labels}}';
    const funcs = text.includes(':=') ? ['toUpper'] : [];
    expect(parseOnly(prelude + text, funcs)?.message).toBe(msg);
  });
});
