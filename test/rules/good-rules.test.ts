// Valid rule files: Vigil accepts them (and promtool too, where it knows the format).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRulesOptions } from '../../src/cli/check-rules.js';
import { loadRuleFiles } from '../../src/config/rulefile/load.js';
import { findPromtool, promtoolCheckRules } from './promtool.js';

const GOOD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/rules/good');

/** `accepts`: promtool 2.42 accepts the file too; `vigil-only`: it cannot read it (reason given). */
const CASES = [
  { file: 'promtool-compatible.yml', rules: 4, warnings: 0, promtool: 'accepts' },
  { file: 'empty.yml', rules: 0, warnings: 0, promtool: 'accepts' },
  { file: 'comment-only.yml', rules: 0, warnings: 0, promtool: 'accepts' },
  { file: 'duplicate-rules.yml', rules: 3, warnings: 1, promtool: 'accepts' },
  { file: 'aliases.yml', rules: 2, warnings: 0, promtool: 'accepts' },
  { file: 'all-fields.yml', rules: 3, warnings: 0, promtool: 'vigil-only', note: 'query_offset and group labels are newer than 2.42' },
  { file: 'multi-document.yml', rules: 2, warnings: 0, promtool: 'accepts', note: 'promtool reads only the first document' },
  { file: 'manifests.yaml', rules: 2, warnings: 0, promtool: 'vigil-only', note: 'promtool does not read PrometheusRule manifests' },
] as const;

describe('valid rule files', () => {
  it.each(CASES)('$file', async (c) => {
    const file = path.join(GOOD, c.file);
    const { groups, diagnostics } = await loadRuleFiles([file], checkRulesOptions());
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'warning')).toHaveLength(c.warnings);
    expect(groups.reduce((n, g) => n + g.rules.length, 0)).toBe(c.rules);

    const promtool = findPromtool();
    if (!promtool || c.promtool !== 'accepts') return;
    const result = await promtoolCheckRules(promtool, file);
    expect(result.code, result.output).toBe(0);
    if (c.warnings > 0) expect(result.output).toContain('duplicate rule(s) found');
  });
});
