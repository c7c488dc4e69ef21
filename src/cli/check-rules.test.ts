import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRulesCommand } from './check-rules.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/rules');
const good = (name: string): string => path.join(FIXTURES, 'good', name);
const bad = (name: string): string => path.join(FIXTURES, 'bad', name);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await checkRulesCommand(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('vigil check rules', () => {
  it('prints SUCCESS with the rule count and exits 0', async () => {
    const f = good('promtool-compatible.yml');
    expect(await run([f])).toEqual({ code: 0, out: `Checking ${f}\n  SUCCESS: 4 rules found\n\n`, err: '' });
  });

  it('prints FAILED and every error with its position, exit 1', async () => {
    const f = bad('recording-for.yml');
    const r = await run([f]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`Checking ${f}\n\n`);
    expect(r.err).toBe(
      `  FAILED:\n${f}:4:17: group "example", rule 1, "job:up:sum": invalid field 'for' in recording rule\n`,
    );
  });

  it('checks every file and fails when any fails', async () => {
    const r = await run([bad('missing-expr.yml'), good('empty.yml')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('SUCCESS: 0 rules found');
    expect(r.err).toContain("field 'expr' must be set in rule");
  });

  it.each([
    [[], 0, 1],
    [['--lint=none'], 0, 0],
    [['--lint-fatal'], 3, 1],
  ])('duplicate rules are warnings: flags %j → exit %i', async (flags, code, warnings) => {
    const f = good('duplicate-rules.yml');
    const r = await run([...flags, f]);
    expect(r.code).toBe(code);
    expect(r.out).toContain('SUCCESS: 3 rules found');
    expect(
      r.err.split('\n').filter((l) => l.includes(': warning: duplicate rule "job:up:sum"')),
    ).toHaveLength(warnings);
  });

  it('reports a missing file', async () => {
    const f = path.join(FIXTURES, 'nope.yml');
    const r = await run([f]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${f}: open ${f}: no such file or directory`);
  });

  it.each([
    [[], 2, 'no rule files given'],
    [['--bogus', 'x.yml'], 2, 'unknown flag: --bogus'],
    [['--help'], 0, 'usage: vigil check rules'],
  ])('arguments %j → exit %i', async (args, code, text) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.out + r.err).toContain(text);
  });
});
