// Acceptance: every seed rule file of the user (including the PrometheusRule manifest) passes
// `vigil check rules` with exit 0, and promtool agrees.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRulesCommand } from '../../src/cli/check-rules.js';
import { findPromtool, manifestSpecAsGroupsFile, promtoolCheckRules } from './promtool.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEEDS = path.resolve(REPO, '../shared/examples/seeds');

async function seedRuleFiles(): Promise<string[]> {
  const names = await readdir(SEEDS);
  return names.filter((n) => n.endsWith('.rules.yml') || n.endsWith('prometheusrule.yaml')).sort();
}

describe('seed rule files', async () => {
  const files = await seedRuleFiles();

  it('finds the seed rule files, the manifest among them', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
    expect(files).toContain('lab-kubernetes-prometheusrule.yaml');
  });

  it.each(files)('%s passes vigil check rules', async (name) => {
    const file = path.join(SEEDS, name);
    let out = '';
    let err = '';
    const code = await checkRulesCommand([file], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^Checking ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n  SUCCESS: [1-9]\\d* rules found\n`));

    const promtool = findPromtool();
    if (!promtool) return;
    const target = name.endsWith('.yaml') ? await manifestSpecAsGroupsFile(await readFile(file, 'utf8')) : file;
    const result = await promtoolCheckRules(promtool, target);
    expect(result.code, result.output).toBe(0);
    const count = /SUCCESS: (\d+) rules found/.exec(out)?.[1];
    expect(result.output).toContain(`SUCCESS: ${count} rules found`);
  });
});
