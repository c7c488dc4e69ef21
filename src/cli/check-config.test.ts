import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigCommand } from './check-config.js';
import type { CliIO } from './io.js';

const SEEDS = '/work/shared/examples/seeds';
const FIXTURES = path.resolve('test/fixtures/config');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t) };
  const code = await checkConfigCommand(args, io);
  return { code, out, err };
}

describe('vigil check config', () => {
  it.each([
    'day41-prometheus.yml',
    'lab-prometheus.yml',
    'lab-remote-write.yml',
    'monitoring-prometheus.yml',
    'monitoring-alertmanager.yml',
  ])('accepts the seed %s', async (name) => {
    const file = path.join(SEEDS, name);
    const r = await run([file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Checking ${file}\n  SUCCESS: 0 rule files found\n`);
  });

  it('checks prometheus.yml and alertmanager.yml together as one config', async () => {
    const prom = path.join(SEEDS, 'monitoring-prometheus.yml');
    const am = path.join(SEEDS, 'monitoring-alertmanager.yml');
    const r = await run([prom, am]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Checking ${prom}\nChecking ${am}\n  SUCCESS`);
    expect(r.err).toContain(`${prom}:18:1: info: scrape_configs: Prometheus-only section, ignored by Vigil`);
    expect(r.err).toContain('warning: rule_files[0]: ');
  });

  it('fails with every error at its position', async () => {
    const file = path.join(FIXTURES, 'bad', 'am-undefined-root-receiver.yml');
    const r = await run([file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`Checking ${file}\n`);
    expect(r.err).toBe(`  FAILED:\n${file}:2:13: undefined receiver "nobody" used in route\n`);
  });

  it('checks the rule files the config names', async () => {
    const r = await run([path.join(FIXTURES, 'good', 'vigil.yml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/SUCCESS: [1-9]\d* rule files found/);
    expect(r.out).toMatch(/Checking \S+fixtures\/rules\/good\/\S+\.yml\n {2}SUCCESS: \d+ rules found/);
  });

  it('fails when a named rule file is invalid', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-check-'));
    await writeFile(
      path.join(dir, 'bad.rules.yml'),
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(\n',
    );
    await writeFile(path.join(dir, 'prometheus.yml'), 'rule_files: ["*.rules.yml"]\n');
    const r = await run([path.join(dir, 'prometheus.yml')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('SUCCESS: 1 rule files found');
    expect(r.err).toContain('  FAILED:\n');
    expect(r.err).toContain('bad.rules.yml:5:');
  });

  it.each<[string[], number]>([
    [[], 2],
    [['--bogus', 'x.yml'], 2],
    [['--help'], 0],
  ])('%j exits %i', async (args, code) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.out + r.err).toContain('usage: vigil check config FILE...');
  });
});
