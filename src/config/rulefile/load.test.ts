import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFiles, parseRuleFile } from './load.js';
import type { RuleFileOptions } from './load.js';

const OPTS: RuleFileOptions = { evaluationInterval: 60_000, queryOffset: 0 };

/** Errors and warnings as `line:col: message`, the way the CLI prints them without the file. */
function problems(text: string, opts: RuleFileOptions = OPTS): string[] {
  return parseRuleFile('f.yml', text, opts).diagnostics.map(
    (d) =>
      `${d.severity === 'warning' ? 'warning: ' : ''}${d.position?.line ?? 0}:${d.position?.column ?? 0}: ${d.message}`,
  );
}

describe('parseRuleFile model', () => {
  it('builds groups and rules with every field', () => {
    const text = [
      'groups:',
      '  - name: api',
      '    interval: 30s',
      '    limit: 10',
      '    query_offset: 1m',
      '    labels: {team: api}',
      '    rules:',
      '      - record: job:x:sum',
      '        expr: sum(x)',
      '      - alert: High',
      '        expr: job:x:sum > 1',
      '        for: 10m',
      '        keep_firing_for: 5m',
      '        labels: {severity: "1.0"}',
      '        annotations: {summary: "{{ $value }}"}',
    ].join('\n');
    const { groups, diagnostics } = parseRuleFile('f.yml', text, OPTS);
    expect(diagnostics).toEqual([]);
    expect(groups).toEqual([
      {
        name: 'api',
        file: 'f.yml',
        interval: 30_000,
        intervalSet: true,
        limit: 10,
        queryOffset: 60_000,
        labels: { team: 'api' },
        source: { file: 'f.yml', position: { line: 2, column: 5 } },
        rules: [
          {
            kind: 'recording',
            record: 'job:x:sum',
            expr: 'sum(x)',
            labels: {},
            source: { file: 'f.yml', position: { line: 8, column: 9 } },
          },
          {
            kind: 'alerting',
            alert: 'High',
            expr: 'job:x:sum > 1',
            for: 600_000,
            keepFiringFor: 300_000,
            labels: { severity: '1.0' },
            annotations: { summary: '{{ $value }}' },
            source: { file: 'f.yml', position: { line: 10, column: 9 } },
          },
        ],
      },
    ]);
  });

  it.each([
    ['no interval', '', 120_000, false, 5_000],
    ['interval 0', '    interval: 0s\n', 120_000, false, 5_000],
    ['explicit query_offset 0s', '    query_offset: 0s\n', 120_000, false, 0],
  ])('applies global defaults: %s', (_name, extra, interval, intervalSet, queryOffset) => {
    const text = `groups:\n  - name: g\n${extra}    rules: []\n`;
    const { groups } = parseRuleFile('f.yml', text, { evaluationInterval: 120_000, queryOffset: 5_000 });
    expect(groups[0]).toMatchObject({ interval, intervalSet, queryOffset, limit: 0 });
  });

  it('reads every YAML document and PrometheusRule manifests', () => {
    const text = [
      'groups: [{name: a, rules: [{record: r:a, expr: a}]}]',
      '---',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: {name: x}',
      'spec:',
      '  groups: [{name: b, rules: [{alert: B, expr: b > 0}]}]',
      '---',
    ].join('\n');
    const { groups, diagnostics } = parseRuleFile('f.yml', text, OPTS);
    expect(diagnostics).toEqual([]);
    expect(groups.map((g) => g.name)).toEqual(['a', 'b']);
  });

  it('resolves anchors, aliases and merge keys', () => {
    const text = [
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: A',
      '        expr: &e up == 0',
      '        labels: &l {severity: page, team: api}',
      '      - alert: B',
      '        expr: *e',
      '        labels:',
      '          <<: *l',
      '          severity: ticket',
    ].join('\n');
    const { groups, diagnostics } = parseRuleFile('f.yml', text, OPTS);
    expect(diagnostics).toEqual([]);
    expect(groups[0]?.rules[1]).toMatchObject({
      expr: 'up == 0',
      labels: { severity: 'ticket', team: 'api' },
    });
  });

  it('returns no groups when the file has an error', () => {
    const { groups } = parseRuleFile('f.yml', 'groups:\n  - name: a\n    rules: []\n  - name: ""\n', OPTS);
    expect(groups).toEqual([]);
  });
});

describe('parseRuleFile diagnostics', () => {
  it('reports every problem of a file at once', () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - record: a b\n        expr: x\n      - alert: A\n        expr: rate(x)\n';
    expect(problems(text)).toEqual([
      '4:17: group "g", rule 1, "a b": invalid recording rule name: a b',
      '7:20: group "g", rule 2, "A": could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector',
    ]);
  });

  it.each([
    ['literal block', 'expr: |\n          sum(x)\n            + y)\n', '7:16'],
    ['folded block', 'expr: >-\n          sum(x)\n          + y)\n', '7:14'],
    ['double quoted', 'expr: "sum(x{a=\\"b\\"}) + y)"\n', '5:35'],
    ['single quoted', 'expr: \'sum(x{a="b"}) + y)\'\n', '5:33'],
    ['plain multi-line', 'expr: sum(x)\n          + y)\n', '6:14'],
  ])('points PromQL errors into the file: %s', (_name, exprYaml, where) => {
    const text = `groups:\n  - name: g\n    rules:\n      - alert: A\n        ${exprYaml}`;
    const [p] = problems(text);
    expect(p?.startsWith(`${where}: group "g", rule 1, "A": could not parse expression: `)).toBe(true);
    expect(p).toContain("parse error: unexpected right parenthesis ')'");
  });

  it('warns about duplicate rules across groups, with group labels merged', () => {
    const text = [
      'groups:',
      '  - name: a',
      '    labels: {env: prod}',
      '    rules: [{record: r, expr: x}]',
      '  - name: b',
      '    rules:',
      '      - record: r',
      '        expr: y',
      '        labels: {env: prod}',
    ].join('\n');
    expect(problems(text)).toEqual([
      'warning: 7:9: duplicate rule "r" with labels {env="prod"} in group "b", also defined at line 4 in group "a": might cause inconsistency while recording expressions',
    ]);
    expect(parseRuleFile('f.yml', text, OPTS).groups).toHaveLength(2);
  });

  it('rejects a manifest of another kind or API group', () => {
    expect(problems('apiVersion: v1\nkind: PrometheusRule\nspec: {}\n')).toEqual([
      '1:13: unsupported apiVersion "v1" for kind PrometheusRule: expected monitoring.coreos.com/v1',
    ]);
  });
});

describe('template checks', () => {
  const text = [
    'groups:',
    '  - name: g',
    '    rules:',
    '      - alert: A',
    '        expr: x > 0',
    '        labels: {severity: "{{ bad"}',
    '        annotations:',
    '          summary: |',
    '            first line',
    '            {{ $oops }}',
    '      - record: r',
    '        expr: x',
    '        labels: {l: "{{ not a template for recording rules"}',
  ].join('\n');
  const checkTemplate = (t: string): { message: string; line?: number; column?: number } | undefined => {
    if (t.includes('{{ bad')) return { message: 'template: __alert_A:1: unclosed action' };
    const i = t.indexOf('$oops');
    return i < 0 ? undefined : { message: 'undefined variable "$oops"', line: 2, column: 4 };
  };

  it('checks alerting rules labels and annotations through the injected checker', () => {
    expect(problems(text, { ...OPTS, checkTemplate })).toEqual([
      '6:28: group "g", rule 1, "A": label "severity": template: __alert_A:1: unclosed action',
      '10:16: group "g", rule 1, "A": annotation "summary": undefined variable "$oops"',
    ]);
  });

  it('does not check templates without a checker', () => {
    expect(problems(text)).toEqual([]);
  });
});

describe('loadRuleFiles', () => {
  it('loads several files and reports unreadable ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-rules-'));
    const a = path.join(dir, 'a.yml');
    await writeFile(a, 'groups: [{name: g, rules: [{record: r, expr: x}]}]\n');
    const missing = path.join(dir, 'missing.yml');
    const { groups, diagnostics } = await loadRuleFiles([a, missing], OPTS);
    expect(groups.map((g) => [g.file, g.name])).toEqual([[a, 'g']]);
    expect(diagnostics).toEqual([
      {
        severity: 'error',
        file: missing,
        message: `open ${missing}: no such file or directory`,
        code: 'rules.read',
      },
    ]);
  });
});
