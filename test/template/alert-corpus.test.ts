// Differential corpus: alert templates whose expected output promtool produced
// (scripts/gen-template-fixtures.ts). Vigil's expansion must be byte-identical.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompiledAlertTemplate, checkAlertTemplate } from '../../src/template/funcs/alert-prelude.js';
import { parseGoFloat } from '../../src/template/funcs/goparse.js';
import type { QuerySampleInput } from '../../src/template/funcs/prometheus.js';

interface AlertFixtureFile {
  env: {
    externalLabels: Record<string, string>;
    externalURL: string;
    evalTimeSeconds: number;
    querySeries: Array<{ metric: string; labels: Record<string, string>; value: string }>;
  };
  cases: Array<{
    name: string;
    template: string;
    labels: Record<string, string>;
    value: string;
    expected: string;
  }>;
}

const dir = join(import.meta.dirname, '../fixtures/templates/alert');

function load(file: string): AlertFixtureFile {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as AlertFixtureFile;
}

/** A fake instant-query function over the corpus' fixed series: bare metric names and scalar(). */
function fakeQuery(env: AlertFixtureFile['env']): (q: string) => QuerySampleInput[] {
  const byMetric = (metric: string): QuerySampleInput[] =>
    env.querySeries
      .filter((s) => s.metric === metric)
      .map((s) => ({ labels: { __name__: s.metric, ...s.labels }, value: parseGoFloat(s.value) }));
  return (q) => {
    const scalar = /^scalar\((\w+)\)$/.exec(q);
    if (scalar) {
      const one = byMetric(scalar[1] ?? '');
      return [{ labels: {}, value: one.length === 1 ? (one[0]?.value ?? NaN) : NaN }];
    }
    if (!/^\w+$/.test(q)) throw new Error(`fake query cannot run ${q}`);
    return byMetric(q);
  };
}

function expandCase(file: AlertFixtureFile, c: AlertFixtureFile['cases'][number], index: number): string {
  const tmpl = new CompiledAlertTemplate(`T${index}`, c.template);
  return tmpl.expand({
    labels: c.labels,
    value: parseGoFloat(c.value),
    externalLabels: file.env.externalLabels,
    externalURL: file.env.externalURL,
    evalTimeMs: file.env.evalTimeSeconds * 1000,
    query: fakeQuery(file.env),
  }).text;
}

describe.each(['cases.json', 'seeds.json'])('alert templates vs promtool: %s', (fileName) => {
  const file = load(fileName);
  it.each(file.cases.map((c, i) => ({ ...c, index: i })))('$name', (c) => {
    expect(expandCase(file, c, c.index)).toBe(c.expected);
  });
});

describe('alert template parse verdicts vs promtool check rules', () => {
  const parse = JSON.parse(readFileSync(join(dir, 'parse.json'), 'utf8')) as {
    cases: Array<{ name: string; template: string; error: string | null }>;
  };
  it.each(parse.cases)('$name', (c) => {
    const problem = checkAlertTemplate('Bad', c.template);
    if (c.error === null) {
      expect(problem).toBeUndefined();
    } else {
      expect(problem?.message).toBe(c.error);
      expect(problem?.line).toBeGreaterThan(0);
    }
  });
});
