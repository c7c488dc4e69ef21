// The loader keeps PromQL and template verdicts for repeated texts and reads plain rule files
// without the yaml library; these check that every occurrence still gets its own, exact report.
import { describe, expect, it } from 'vitest';
import { checkRulesOptions } from '../../src/cli/check-rules.js';
import { parseRuleFile } from '../../src/config/rulefile/load.js';

function problems(text: string): string[] {
  return parseRuleFile('f.yml', text, checkRulesOptions()).diagnostics.map(
    (d) => `${d.severity} ${d.position?.line ?? 0}:${d.position?.column ?? 0}: ${d.message}`,
  );
}

describe('repeated expressions and templates', () => {
  it('reports a repeated bad expression at each occurrence', () => {
    const text = [
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: A',
      '        expr: rate(foo) > 1',
      '      - alert: B',
      '        expr: "rate(foo) > 1"',
      '      - alert: C',
      '        expr: |',
      '          rate(foo) > 1',
      '  - name: h',
      '    rules:',
      '    - record: r',
      '      expr:   rate(foo) > 1',
      '',
    ].join('\n');
    const msg =
      'could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector';
    expect(problems(text)).toEqual([
      `error 5:20: group "g", rule 1, "A": ${msg}`,
      `error 7:21: group "g", rule 2, "B": ${msg}`,
      `error 10:16: group "g", rule 3, "C": ${msg}`,
      `error 14:20: group "h", rule 1, "r": ${msg}`,
    ]);
  });

  it('reports a repeated syntax error at each occurrence', () => {
    const rule = (name: string, indent: string): string[] => [
      `${indent}- alert: ${name}`,
      `${indent}  expr: sum(x`,
    ];
    const text = ['groups:', '  - name: g', '    rules:', ...rule('A', '      '), ...rule('B', '      '), ''].join('\n');
    expect(problems(text)).toEqual([
      'error 5:20: group "g", rule 1, "A": could not parse expression: 1:6: parse error: unclosed left parenthesis',
      'error 7:20: group "g", rule 2, "B": could not parse expression: 1:6: parse error: unclosed left parenthesis',
    ]);
  });

  it('reports a repeated bad template at each occurrence, per alert name', () => {
    const rule = (name: string): string[] => [
      `      - alert: ${name}`,
      '        expr: up == 0',
      '        annotations:',
      '          summary: "{{ $labels.instance "',
    ];
    const text = ['groups:', '  - name: g', '    rules:', ...rule('A'), ...rule('A'), ...rule('B'), ''].join('\n');
    const found = problems(text);
    expect(found).toHaveLength(3);
    expect(found.map((p) => p.replace(/^error (\d+):\d+: .*$/, '$1'))).toEqual(['7', '11', '15']);
    expect(found[0]).toContain('group "g", rule 1, "A": annotation "summary": ');
    expect(found[2]).toContain('group "g", rule 3, "B": annotation "summary": ');
    expect(found[2]).toContain('__alert_B');
    expect(found[1]?.replace(/^error 11:/, 'error 7:').replace('rule 2', 'rule 1')).toBe(found[0]);
  });

  it('accepts warning/critical pairs that share their inner expression', () => {
    const pair = (sev: string, threshold: string): string[] => [
      '      - alert: HighErrors',
      `        expr: sum by (instance) (rate(errors_total[5m])) > ${threshold}`,
      '        labels:',
      `          severity: ${sev}`,
      '        annotations:',
      '          summary: "{{ $labels.instance }} {{ $value | humanizePercentage }}"',
    ];
    const text = ['groups:', '  - name: g', '    rules:', ...pair('warning', '0.05'), ...pair('critical', '0.2'), ''].join('\n');
    const { groups, diagnostics } = parseRuleFile('f.yml', text, checkRulesOptions());
    expect(diagnostics).toEqual([]);
    expect(groups[0]?.rules.map((r) => r.expr)).toEqual([
      'sum by (instance) (rate(errors_total[5m])) > 0.05',
      'sum by (instance) (rate(errors_total[5m])) > 0.2',
    ]);
  });
});
