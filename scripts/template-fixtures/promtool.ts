/**
 * Runs alert-template cases through the real `promtool test rules`: a first run with a wrong
 * expectation reveals what promtool got, a second run with those values must pass.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { QUERY_SERIES } from './alert-cases.js';
import type { AlertCaseInput } from './alert-cases.js';
import { readGoQuoted } from './gostring.js';

/** Settings of the promtool test group every case runs in. */
export const ALERT_ENV = {
  externalLabels: { cluster: 'prod-eu-1', region: 'eu-west' },
  externalURL: 'https://prom.example.com:9090/prom',
  evalTimeSeconds: 120,
} as const;

/** One alert case with the output promtool produced. */
export interface AlertFixture {
  name: string;
  template: string;
  /** The template data's Labels (the series labels, including `__name__`). */
  labels: Record<string, string>;
  /** The alert value in promtool notation (`NaN`, `-Inf`, `-0`, `0.5`). */
  value: string;
  expected: string;
}

const PLACEHOLDER = '\u0000no such output';

function seriesSelector(metric: string, labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${metric}{${parts.join(',')}}`;
}

function buildFiles(
  cases: AlertCaseInput[],
  expected: Array<string | undefined>,
): { rules: string; test: string } {
  const rules = cases.map((c, i) => ({
    alert: `T${i}`,
    expr: `case_${i}`,
    annotations: { out: c.template },
  }));
  const series = cases.map((c, i) => {
    const v = c.value ?? '1';
    return { series: seriesSelector(`case_${i}`, c.labels ?? {}), values: `${v} ${v} ${v}` };
  });
  for (const q of QUERY_SERIES)
    series.push({ series: seriesSelector(q.metric, q.labels), values: `${q.value} ${q.value} ${q.value}` });
  const tests = cases.map((c, i) => ({
    eval_time: `${ALERT_ENV.evalTimeSeconds}s`,
    alertname: `T${i}`,
    exp_alerts: [
      { exp_labels: { ...(c.labels ?? {}) }, exp_annotations: { out: expected[i] ?? PLACEHOLDER } },
    ],
  }));
  const test = {
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        external_labels: ALERT_ENV.externalLabels,
        external_url: ALERT_ENV.externalURL,
        input_series: series,
        alert_rule_test: tests,
      },
    ],
  };
  return { rules: stringify({ groups: [{ name: 'corpus', rules }] }), test: stringify(test) };
}

function runPromtool(dir: string, files: { rules: string; test: string }): { code: number; out: string } {
  writeFileSync(join(dir, 'rules.yml'), files.rules);
  writeFileSync(join(dir, 'test.yml'), files.test);
  const res = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
  return { code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

/** Extracts each alert's `out` annotation from promtool's failure report. */
function parseGot(out: string): Map<string, string> {
  const got = new Map<string, string>();
  const re = /alertname: (T\d+), time: [^\n]*\n/g;
  for (let m = re.exec(out); m; m = re.exec(out)) {
    const gotAt = out.indexOf('got:[', m.index);
    const annAt = out.indexOf('Annotations:{out=', gotAt);
    if (gotAt < 0 || annAt < 0) throw new Error(`cannot read promtool output for ${m[1]}`);
    got.set(m[1] ?? '', readGoQuoted(out, annAt + 'Annotations:{out='.length).value);
  }
  return got;
}

/** Runs every case through promtool and returns the verified fixtures. */
export function runAlertCases(cases: AlertCaseInput[]): AlertFixture[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-promtool-'));
  try {
    const first = runPromtool(dir, buildFiles(cases, []));
    const got = parseGot(first.out);
    const expected = cases.map((_, i) => got.get(`T${i}`));
    const missing = cases.filter((_, i) => expected[i] === undefined).map((c) => c.name);
    if (missing.length > 0)
      throw new Error(`promtool reported nothing for: ${missing.join(', ')}\n${first.out}`);
    const second = runPromtool(dir, buildFiles(cases, expected));
    if (second.code !== 0) throw new Error(`promtool did not confirm the expectations:\n${second.out}`);
    return cases.map((c, i) => ({
      name: c.name,
      template: c.template,
      labels: { __name__: `case_${i}`, ...(c.labels ?? {}) },
      value: c.value ?? '1',
      expected: expected[i] ?? '',
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A template that must not parse, with promtool's message. */
export interface AlertParseErrorFixture {
  name: string;
  template: string;
  /** promtool's text after `annotation "out": `, or null when promtool accepted it. */
  error: string | null;
}

/** Runs `promtool check rules` on one rule per case and records the template error. */
export function runParseErrorCases(
  cases: Array<{ name: string; template: string }>,
): AlertParseErrorFixture[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-promtool-'));
  try {
    return cases.map((c) => {
      const file = join(dir, 'bad.yml');
      const rule = { alert: 'Bad', expr: 'vector(1)', annotations: { out: c.template } };
      writeFileSync(file, stringify({ groups: [{ name: 'g', rules: [rule] }] }));
      const res = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      const out = `${res.stdout}${res.stderr}`;
      const m = /annotation "out": (.*)\n/.exec(out);
      if (res.status === 0) return { name: c.name, template: c.template, error: null };
      if (!m) throw new Error(`unexpected promtool output for ${JSON.stringify(c.template)}:\n${out}`);
      return { name: c.name, template: c.template, error: m[1] ?? '' };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when promtool is installed. */
export function havePromtool(): boolean {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
