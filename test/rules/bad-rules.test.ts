// One invalid rule file per problem: Vigil's exact message, and the real promtool's verdict.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRulesOptions } from '../../src/cli/check-rules.js';
import { loadRuleFiles } from '../../src/config/rulefile/load.js';
import { findPromtool, manifestSpecAsGroupsFile, promtoolCheckRules } from './promtool.js';

const BAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/rules/bad');

/**
 * `same-line`: promtool rejects the file and names the same line as Vigil.
 * `reject`: promtool rejects it but names no line, or another one for the stated reason.
 * `accepts`: a Vigil-only check that promtool 2.42 does not make (the reason says why).
 */
interface BadCase {
  readonly file: string;
  /** `line:col: message` of the one error Vigil reports. */
  readonly message: string;
  readonly promtool: 'same-line' | 'reject' | 'accepts';
  readonly note?: string;
  /** The column comes from the template engine's own error position; only line and text are fixed here. */
  readonly anyColumn?: boolean;
}

const CASES: BadCase[] = [
  { file: 'annotation-name-invalid.yml', message: '7:11: group "example", rule 1, "InstanceDown": invalid annotation name: runbook.url', promtool: 'reject', note: 'promtool prints no position for annotation names' },
  { file: 'duplicate-group-name.yml', message: '6:5: groupname: "example" is repeated in the same file', promtool: 'same-line' },
  { file: 'empty-expr.yml', message: '5:15: group "example", rule 1, "InstanceDown": field \'expr\' must be set in rule', promtool: 'same-line' },
  { file: 'empty-group-name.yml', message: '2:5: Groupname must not be empty', promtool: 'same-line' },
  { file: 'for-without-unit.yml', message: '6:14: not a valid duration string: "300"', promtool: 'reject', note: 'promtool prints no position for durations' },
  { file: 'group-label-invalid-name.yml', message: '4:7: group "example": invalid label name: team-name', promtool: 'reject', note: 'promtool 2.42 does not know group labels (Prometheus 3 field)' },
  { file: 'group-name-map.yml', message: '2:11: cannot unmarshal !!map into string', promtool: 'same-line' },
  { file: 'groups-not-a-list.yml', message: '1:9: cannot unmarshal !!str `example` into []rulefmt.RuleGroup', promtool: 'same-line' },
  { file: 'invalid-for-duration.yml', message: '6:14: not a valid duration string: "5x"', promtool: 'reject', note: 'promtool prints no position for durations' },
  { file: 'invalid-interval.yml', message: '3:15: not a valid duration string: "1 minute"', promtool: 'reject', note: 'promtool prints no position for durations' },
  { file: 'invalid-keep-firing-for.yml', message: '6:26: not a valid duration string: "forever"', promtool: 'reject', note: 'promtool prints no position for durations' },
  { file: 'label-name-dash.yml', message: '7:11: group "example", rule 1, "InstanceDown": invalid label name: team-name', promtool: 'reject', note: 'promtool prints no position for label names' },
  { file: 'label-name-dunder-name.yml', message: '7:11: group "example", rule 1, "job:up:sum": invalid label name: __name__', promtool: 'reject', note: 'promtool prints no position for label names' },
  { file: 'label-name-leading-digit.yml', message: '7:11: group "example", rule 1, "InstanceDown": invalid label name: 1severity', promtool: 'reject', note: 'promtool prints no position for label names' },
  { file: 'labels-list.yml', message: '6:17: cannot unmarshal !!seq into map[string]string', promtool: 'same-line' },
  { file: 'limit-not-integer.yml', message: '3:12: cannot unmarshal !!str `many` into int', promtool: 'same-line' },
  { file: 'manifest-bad-promql.yaml', message: '10:22: group "example", rule 1, "InstanceDown": could not parse expression: 1:6: parse error: unexpected end of input', promtool: 'same-line' },
  { file: 'manifest-unknown-rule-field.yaml', message: '11:11: field summary not found in type rulefmt.Rule', promtool: 'same-line' },
  { file: 'manifest-wrong-kind.yaml', message: '2:7: unsupported kind "ConfigMap": only PrometheusRule manifests hold rules', promtool: 'accepts', note: 'promtool checks the extracted spec, which is fine; the kind is a manifest-only check' },
  { file: 'missing-expr.yml', message: '4:9: group "example", rule 1, "InstanceDown": field \'expr\' must be set in rule', promtool: 'reject', note: 'promtool prints 0:0 for a missing node' },
  { file: 'missing-group-name.yml', message: '2:5: Groupname must not be empty', promtool: 'same-line' },
  { file: 'multi-document-second-bad.yml', message: '11:33: group "second", rule 1, "job:up:count": could not parse expression: 1:19: parse error: unclosed left parenthesis', promtool: 'accepts', note: 'promtool 2.42 ignores every document after the first' },
  { file: 'negative-for.yml', message: '6:14: not a valid duration string: "-5m"', promtool: 'reject', note: 'promtool prints no position for durations' },
  { file: 'neither-record-nor-alert.yml', message: '4:9: group "example", rule 1, "": one of \'record\' or \'alert\' must be set', promtool: 'reject', note: 'promtool prints 0:0 for a missing node' },
  { file: 'promql-aggregate-range-vector.yml', message: '5:19: group "example", rule 1, "job:up:sum": could not parse expression: 1:5: parse error: expected type instant vector in aggregation expression, got range vector', promtool: 'same-line' },
  { file: 'promql-block-scalar.yml', message: '7:44: group "example", rule 1, "HighErrorRate": could not parse expression: 2:35: parse error: unexpected right parenthesis \')\'', promtool: 'reject', note: 'promtool names the `|` line; Vigil the line inside the block' },
  { file: 'promql-quoted-double.yml', message: '5:35: group "example", rule 1, "InstanceDown": could not parse expression: 1:18: parse error: unexpected end of input', promtool: 'same-line' },
  { file: 'promql-range-vector-in-binary.yml', message: '5:15: group "example", rule 1, "TooManyRequests": could not parse expression: 1:1: parse error: binary expression must contain only scalar and instant vector types', promtool: 'same-line' },
  { file: 'promql-rate-of-instant-vector.yml', message: '5:34: group "example", rule 1, "job:requests:rate5m": could not parse expression: 1:20: parse error: expected type range vector in call to function "rate", got instant vector', promtool: 'same-line' },
  { file: 'promql-scalar-comparison.yml', message: '5:15: group "example", rule 1, "AlwaysFiring": could not parse expression: 1:1: parse error: comparisons between scalars must use BOOL modifier', promtool: 'same-line' },
  { file: 'promql-stray-right-paren.yml', message: '5:22: group "example", rule 1, "job:up:sum": could not parse expression: 1:9: parse error: unexpected right parenthesis \')\'', promtool: 'same-line' },
  { file: 'promql-trailing-operator.yml', message: '5:27: group "example", rule 1, "HighLoad": could not parse expression: 1:13: parse error: unexpected end of input', promtool: 'same-line' },
  { file: 'promql-unary-range-vector.yml', message: '5:15: group "example", rule 1, "job:up:neg": could not parse expression: 1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', promtool: 'same-line' },
  { file: 'promql-unclosed-brace.yml', message: '5:29: group "example", rule 1, "InstanceDown": could not parse expression: 1:15: parse error: unexpected "=" in label matching, expected "," or "}"', promtool: 'same-line' },
  { file: 'promql-unclosed-paren.yml', message: '5:31: group "example", rule 1, "job:up:sum": could not parse expression: 1:17: parse error: unclosed left parenthesis', promtool: 'same-line' },
  { file: 'promql-unexpected-identifier.yml', message: '5:18: group "example", rule 1, "InstanceDown": could not parse expression: 1:4: parse error: unexpected identifier "down"', promtool: 'same-line' },
  { file: 'promql-unknown-function.yml', message: '5:15: group "example", rule 1, "job:up:avg": could not parse expression: 1:1: parse error: unknown function with name "average"', promtool: 'same-line' },
  { file: 'promql-unterminated-string.yml', message: '5:23: group "example", rule 1, "InstanceDown": could not parse expression: 1:8: parse error: unterminated quoted string', promtool: 'same-line' },
  { file: 'promql-wrong-argument-count.yml', message: '5:15: group "example", rule 1, "job:up:abs": could not parse expression: 1:1: parse error: expected 1 argument(s) in call to "abs", got 2', promtool: 'same-line' },
  { file: 'query-offset-invalid.yml', message: '3:19: not a valid duration string: "soon"', promtool: 'reject', note: 'promtool 2.42 does not know query_offset (Prometheus 3 field)' },
  { file: 'record-and-alert.yml', message: '4:17: group "example", rule 1, "InstanceDown": only one of \'record\' and \'alert\' must be set', promtool: 'same-line' },
  { file: 'record-name-braces.yml', message: '4:17: group "example", rule 1, "job:up:sum{env=\\"prod\\"}": invalid recording rule name: job:up:sum{env="prod"}', promtool: 'same-line' },
  { file: 'record-name-leading-digit.yml', message: '4:17: group "example", rule 1, "1job:up:sum": invalid recording rule name: 1job:up:sum', promtool: 'same-line' },
  { file: 'record-name-space.yml', message: '4:17: group "example", rule 1, "job up sum": invalid recording rule name: job up sum', promtool: 'same-line' },
  { file: 'recording-annotations.yml', message: '4:17: group "example", rule 1, "job:up:sum": invalid field \'annotations\' in recording rule', promtool: 'same-line' },
  { file: 'recording-for.yml', message: '4:17: group "example", rule 1, "job:up:sum": invalid field \'for\' in recording rule', promtool: 'same-line' },
  { file: 'recording-keep-firing-for.yml', message: '4:17: group "example", rule 1, "job:up:sum": invalid field \'keep_firing_for\' in recording rule', promtool: 'same-line' },
  { file: 'rules-not-a-list.yml', message: '3:12: cannot unmarshal !!str `none` into []rulefmt.Rule', promtool: 'same-line' },
  { file: 'top-level-list.yml', message: '1:1: cannot unmarshal !!seq into rulefmt.RuleGroups', promtool: 'same-line' },
  { file: 'unknown-group-field.yml', message: '3:5: field evaluation_delay not found in type rulefmt.RuleGroup', promtool: 'same-line' },
  { file: 'unknown-rule-field.yml', message: '6:9: field severity not found in type rulefmt.Rule', promtool: 'same-line' },
  { file: 'unknown-top-field.yml', message: '1:1: field group not found in type rulefmt.RuleGroups', promtool: 'same-line' },
  { file: 'yaml-duplicate-key.yml', message: '6:9: yaml: mapping key "expr" already defined at line 5', promtool: 'same-line' },
  { file: 'yaml-tab-indentation.yml', message: '4:1: yaml: Tabs are not allowed as indentation', promtool: 'same-line' },
  { file: 'yaml-unclosed-flow-sequence.yml', message: '3:12: yaml: Flow sequence in block collection must be sufficiently indented and end with a ]', promtool: 'same-line' },
  { file: 'promql-invalid-regex.yml', message: '5:18: group "example", rule 1, "InstanceDown": could not parse expression: 1:4: parse error: error parsing regexp: missing closing ): `^(?:(node)$`', promtool: 'same-line' },
  { file: 'promql-repeated-at.yml', message: '5:15: group "example", rule 1, "job:up:old": could not parse expression: 1:1: parse error: @ <timestamp> may not be set multiple times', promtool: 'same-line' },
  { file: 'promql-repeated-offset.yml', message: '5:15: group "example", rule 1, "job:up:old": could not parse expression: 1:1: parse error: offset may not be set multiple times', promtool: 'same-line' },
  { file: 'promql-empty-selector.yml', message: '5:19: group "example", rule 1, "job:up:all": could not parse expression: 1:5: parse error: vector selector must contain at least one non-empty matcher', promtool: 'same-line' },
  {
    file: 'template-unclosed-action.yml',
    message: '7:41: group "example", rule 1, "InstanceDown": annotation "summary": template: __alert_InstanceDown:1: unclosed action',
    promtool: 'reject',
    note: 'promtool prints no position for templates',
    anyColumn: true,
  },
  {
    file: 'template-unclosed-if.yml',
    message: '7:51: group "example", rule 1, "InstanceDown": label "severity": template: __alert_InstanceDown:1: unexpected EOF',
    promtool: 'reject',
    note: 'promtool prints no position for templates',
    anyColumn: true,
  },
  {
    file: 'template-undefined-variable.yml',
    message: '7:59: group "example", rule 1, "InstanceDown": annotation "summary": template: __alert_InstanceDown:1: undefined variable "$duration"',
    promtool: 'reject',
    note: 'promtool prints no position for templates',
    anyColumn: true,
  },
  {
    file: 'template-unknown-function.yml',
    message: '9:32: group "example", rule 1, "InstanceDown": annotation "summary": template: __alert_InstanceDown:2: function "humanise" not defined',
    promtool: 'reject',
    note: 'promtool prints no position for templates',
    anyColumn: true,
  },
];

describe('invalid rule files', () => {
  it('has at least 40 fixtures, each in the table', async () => {
    const files = await readdir(BAD);
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  it.each(CASES)('$file', async (c) => {
    const file = path.join(BAD, c.file);
    const { groups, diagnostics } = await loadRuleFiles([file], checkRulesOptions());
    const errors = diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.position?.line ?? 0}:${d.position?.column ?? 0}: ${d.message}`);
    const withoutColumn = (m: string): string => m.replace(/^(\d+):\d+:/, '$1:');
    expect(c.anyColumn ? errors.map(withoutColumn) : errors).toEqual([
      c.anyColumn ? withoutColumn(c.message) : c.message,
    ]);
    expect(groups).toEqual([]);

    const promtool = findPromtool();
    if (!promtool) return;
    const target = c.file.endsWith('.yaml') ? await manifestSpecAsGroupsFile(await readFile(file, 'utf8')) : file;
    const result = await promtoolCheckRules(promtool, target);
    if (c.promtool === 'accepts') {
      expect(result.code, result.output).toBe(0);
      return;
    }
    expect(result.code, result.output).toBe(1);
    if (c.promtool === 'same-line') {
      expect(result.line, result.output).toBeDefined();
      expect(Number(c.message.split(':')[0])).toBe(result.line);
    }
  });
});
