import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../model/diagnostic.js';
import { createConfigLoader, relatedFiles } from './loaded-config.js';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-loaded-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(config: string, rules: string): Promise<string> {
  const sub = await mkdtemp(join(dir, 'c-'));
  await writeFile(join(sub, 'vigil.yml'), config);
  await writeFile(join(sub, 'app.rules.yml'), rules);
  return join(sub, 'vigil.yml');
}

const CONFIG = "global:\n  evaluation_interval: 20s\nrule_files: ['*.rules.yml']\n";
const RULES = 'groups:\n  - name: app\n    rules:\n      - alert: Down\n        expr: up == 0\n';

describe('createConfigLoader', () => {
  it('loads the config with its rule groups, using the global evaluation interval', async () => {
    const file = await files(CONFIG, RULES);
    const { config, diagnostics } = await createConfigLoader({})([file]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(config?.ruleFiles).toEqual([join(file, '..', 'app.rules.yml')]);
    expect(config?.ruleGroups.map((g) => [g.name, g.interval])).toEqual([['app', 20_000]]);
    expect(config && (await relatedFiles(config))).toEqual(config?.ruleFiles);
  });

  it('rejects the whole load when a rule file has an error', async () => {
    const file = await files(CONFIG, RULES.replace('up == 0', 'up =='));
    const { config, diagnostics } = await createConfigLoader({})([file]);
    expect(config).toBeUndefined();
    expect(diagnostics.map(formatDiagnostic).join('\n')).toContain('app.rules.yml:5:');
  });

  it('rejects an invalid config without reading rule files', async () => {
    const file = await files(`${CONFIG}bogus: 1\n`, RULES);
    const { config, diagnostics } = await createConfigLoader({})([file]);
    expect(config).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error' && d.position?.line === 4)).toBe(true);
  });

  it.each([
    [
      'with a datasource in the file',
      `${CONFIG}datasource:\n  url: http://127.0.0.1:9090\n  timeout: 10s\n`,
      10_000,
    ],
    ['without one', CONFIG, 30_000],
  ])('--datasource.url overrides the url %s', async (_name, text, timeout) => {
    const file = await files(text, RULES);
    const { config } = await createConfigLoader({ datasourceUrl: 'http://127.0.0.1:8428' })([file]);
    expect(config?.config.datasource).toMatchObject({ url: 'http://127.0.0.1:8428', timeout });
    expect(Object.isFrozen(config?.config)).toBe(true);
  });
});
