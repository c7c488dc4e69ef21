import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfigLoader } from './loaded-config.js';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-loaded-tmpl-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function rules(summary: string): string {
  return `groups:\n  - name: app\n    rules:\n      - alert: Down\n        expr: up == 0\n        annotations:\n          summary: '${summary}'\n`;
}

describe('createConfigLoader alert templates', () => {
  it.each([
    ['{{ $labels.job }} is down', undefined],
    ['{{ nosuchfunc }}', 'function "nosuchfunc" not defined'],
    ['{{ if }}', 'missing value for if'],
  ])('checks %s', async (summary, error) => {
    const sub = await mkdtemp(join(dir, 'c-'));
    await writeFile(join(sub, 'vigil.yml'), "rule_files: ['*.rules.yml']\n");
    await writeFile(join(sub, 'a.rules.yml'), rules(summary));
    const { config, diagnostics } = await createConfigLoader({})([join(sub, 'vigil.yml')]);
    const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    if (error === undefined) {
      expect(errors).toEqual([]);
      expect(config?.ruleGroups).toHaveLength(1);
    } else {
      expect(errors.join('\n')).toContain(error);
      expect(config).toBeUndefined();
    }
  });
});
