import { describe, expect, it } from 'vitest';
import {
  SafeHTML,
  SafeURL,
  TemplateExecError,
  TemplateFuncError,
  TemplateSet,
  goType,
  withSignature,
} from './engine.js';
import type { TemplateOptions } from './engine.js';

function run(text: string, data: unknown, opts: TemplateOptions = {}): string {
  const set = new TemplateSet(opts);
  set.parse('t', text);
  return set.execute('t', data);
}

function runError(text: string, data: unknown, opts: TemplateOptions = {}): string {
  try {
    run(text, data, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateExecError);
    return (e as Error).message;
  }
  return expect.unreachable('execution should fail');
}

class Labels {
  readonly [goType] = { name: 'template.KV', kind: 'map' as const, elemZero: '' };
  constructor(entries: Record<string, string>) {
    Object.assign(this, entries);
  }
  Remove(names: string[]): Labels {
    const copy: Record<string, string> = { ...(this as unknown as Record<string, string>) };
    for (const n of names) delete copy[n];
    return new Labels(copy);
  }
  Names(): string[] {
    return Object.keys(this).sort();
  }
}

describe('missingkey', () => {
  const data = { m: { a: 'x' }, any: { a: 1n, b: 'y' } };
  it.each([
    ['default', '{{ .m.zz }}|{{ .any.zz }}', '<no value>|<no value>'],
    ['zero', '{{ .m.zz }}|{{ .any.zz }}', '|<no value>'],
  ] as const)('%s', (missingKey, text, want) => {
    expect(run(text, data, { missingKey })).toBe(want);
  });

  it('error mode names the key', () => {
    expect(runError('{{ .m.zz }}', data, { missingKey: 'error' })).toBe(
      'template: t:1:5: executing "t" at <.m.zz>: map has no entry for key "zz"',
    );
    expect(runError('{{ .Foo }}', undefined, { missingKey: 'error' })).toBe(
      'template: t:1:3: executing "t" at <.Foo>: nil data; no entry for key "Foo"',
    );
  });
});

describe('data model', () => {
  it('calls methods with arguments and chains fields on their results', () => {
    const funcs = { stringSlice: (...a: unknown[]) => a };
    const labels = new Labels({ alertname: 'A', instance: 'i', job: 'j' });
    expect(
      run(
        '{{ (.Labels.Remove (stringSlice "instance")).Names }} {{ .Labels.job }}',
        { Labels: labels },
        { funcs },
      ),
    ).toBe('[alertname job] j');
  });

  it('reads Map instances and struct getters', () => {
    class S {
      get Double(): bigint {
        return 4n;
      }
    }
    expect(
      run('{{ .m.k }} {{ .s.Double }} {{ range $k, $v := .m }}{{ $k }}{{ $v }}{{ end }}', {
        m: new Map([['k', 'v']]),
        s: new S(),
      }),
    ).toBe('v 4 kv');
  });

  it('prints nil interface values as no value', () => {
    expect(run('{{ .a }} {{ print .a }}', { a: null })).toBe('<no value> <nil>');
  });

  it('reports unknown struct fields with the type name', () => {
    class Data {}
    expect(runError('{{ .Nope }}', new Data())).toMatch(/can't evaluate field Nope in type main.Data$/);
  });
});

describe('functions', () => {
  const funcs = {
    fail: () => {
      throw new TemplateFuncError('boom');
    },
    up: withSignature((s: string) => s.toUpperCase(), { params: ['string'] }),
    n: withSignature((i: bigint) => i * 2n, { params: ['int'] }),
  };

  it.each([
    ['{{ fail }}', 'template: t:1:3: executing "t" at <fail>: error calling fail: boom'],
    ['{{ up 1 }}', 'template: t:1:6: executing "t" at <1>: expected string; found 1'],
    ['{{ up "a" "b" }}', 'template: t:1:3: executing "t" at <up>: wrong number of args for up: want 1 got 2'],
    [
      '{{ 1.5 | n }}',
      'template: t:1:9: executing "t" at <n>: wrong type for value; expected int; got float64',
    ],
    ['{{ .x | up }}', 'template: t:1:8: executing "t" at <up>: invalid value; expected string'],
  ])('%s', (text, msg) => {
    expect(runError(text, {}, { funcs })).toBe(msg);
  });

  it('converts literals to declared parameter types', () => {
    expect(run('{{ up "a" }}{{ n 2 }}{{ 3 | n }}', {}, { funcs })).toBe('A46');
  });
});

describe('TemplateSet', () => {
  it('keeps a non-empty template when a later parse defines it empty', () => {
    const set = new TemplateSet();
    set.parse('main', '{{ define "x" }}X{{ end }}');
    set.parse('other', '{{ define "x" }}  {{ end }}');
    set.parse('main2', '{{ template "x" }}');
    expect(set.execute('main2', null)).toBe('X');
  });

  it('lets a later parse redefine a template', () => {
    const set = new TemplateSet();
    set.parse('a', '{{ define "x" }}1{{ end }}');
    set.parse('b', '{{ define "x" }}2{{ end }}{{ template "x" }}');
    expect(set.execute('b', null)).toBe('2');
  });

  it('clones without sharing later parses', () => {
    const base = new TemplateSet();
    base.parse('x', 'base');
    const copy = base.clone();
    copy.parse('', '{{ template "x" }}!');
    expect(copy.execute('', null)).toBe('base!');
    expect(base.has('')).toBe(false);
    expect(base.names()).toEqual(['x']);
  });

  it('fails on unknown templates and runaway recursion', () => {
    const set = new TemplateSet();
    set.parse('r', '{{ template "r" }}');
    expect(() => set.execute('nope', null)).toThrow(
      'template: no template "nope" associated with template "nope"',
    );
    expect(() => set.execute('r', null)).toThrow(/exceeded maximum template depth/);
  });

  it('propagates break and continue from nested blocks', () => {
    expect(
      run(
        '{{ range . }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ with . }}{{ if eq . 4 }}{{ break }}{{ end }}{{ end }}{{ . }}{{ end }}',
        [1n, 2n, 3n, 4n, 5n],
      ),
    ).toBe('13');
  });
});

describe('html mode', () => {
  const opts: TemplateOptions = { mode: 'html' };
  it.each([
    ['<p>{{ . }}</p>', '<a&"\'+>', '<p>&lt;a&amp;&#34;&#39;&#43;&gt;</p>'],
    ['<p>{{ . }}</p>', new SafeHTML('<b>ok</b>'), '<p><b>ok</b></p>'],
    ['<a title="{{ . }}">', 'x"y', '<a title="x&#34;y">'],
    ['<a href="{{ . }}">', 'javascript:alert(1)', '<a href="#ZgotmplZ">'],
    ['<a href="{{ . }}">', new SafeURL('javascript:ok()'), '<a href="javascript:ok%28%29">'],
    ['<a href="/q?x={{ . }}">', 'a b&c', '<a href="/q?x=a%20b%26c">'],
    ['<td class={{ . }}>', 'a b', '<td class=a&#32;b>'],
    ['a<!-- {{ . }} -->b', 'x', 'ab'],
    ['[{{ .missing }}]', {}, '[]'],
  ])('%s with %j', (text, data, want) => {
    expect(run(text, data, opts)).toBe(want);
  });
});

describe('error positions', () => {
  it('gives Go text plus a 1-based line and character column', () => {
    try {
      run('ok\n日本 {{ .a.b }}', { a: null });
      expect.unreachable('execution should fail');
    } catch (e) {
      // Like Go, a field chain is positioned at its last field (`.b`).
      expect((e as Error).message).toBe(
        'template: t:2:12: executing "t" at <.a.b>: nil pointer evaluating interface {}.b',
      );
      expect(e).toMatchObject({ line: 2, column: 9, templateName: 't' });
    }
  });
});

describe('builtins with function values', () => {
  it('calls a function value with call', () => {
    const add = (a: unknown, b: unknown): bigint => (a as bigint) + (b as bigint);
    expect(run('{{ call .add 1 2 }}', { add })).toBe('3');
    expect(
      runError('{{ call .add }}', {
        add: () => {
          throw new Error('nope');
        },
      }),
    ).toMatch(/error calling call: nope$/);
  });
});
