// Differential test: the same rule files (the seed files and test/fixtures/ruler/differential.rules.yml)
// evaluated by Prometheus 2.42 itself (P1) and by Vigil against a second Prometheus (P2) scraping the
// same exporter. Every alert's pending/firing episodes (from the ALERTS series both write) must
// agree within one evaluation interval, and the final alerts must have the same labels,
// annotations and values.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../src/config/rulefile/load.js';
import type { RuleManager } from '../../src/rules/manager.js';
import { alertsResponse } from '../../src/rules/api.js';
import { Sink } from './fakes.js';
import {
  freePort,
  prometheusAvailable,
  startExporter,
  startPrometheus,
  waitFor,
  type PromInstance,
} from './prometheus-harness.js';
import { buildRuler } from './wiring.js';

const SEED_DIR = resolve('rules');
const OWN = resolve('test/fixtures/ruler/differential.rules.yml');
const seedFiles = () =>
  existsSync(SEED_DIR)
    ? readdirSync(SEED_DIR)
        .filter((f) => f.endsWith('.rules.yml'))
        .map((f) => join(SEED_DIR, f))
    : [];

/** Scripted values by seconds since the timeline's origin; before it everything idles at 0. */
function values(t: number | undefined, frozen: boolean): string {
  const on = (ranges: Array<[number, number]>) =>
    t !== undefined && ranges.some(([a, b]) => t >= a && t < b) ? 100 : 0;
  const a1 = frozen
    ? 100
    : on([
        [3, 11],
        [17, 21],
      ]);
  const a2 = frozen ? 0 : on([[5, 14]]);
  const b = frozen ? 300 : t === undefined ? 0 : Math.floor(t) * 10;
  return `# TYPE diff_a gauge\ndiff_a{site="s1"} ${a1}\ndiff_a{site="s2"} ${a2}\n# TYPE diff_b gauge\ndiff_b{site="s1"} ${b}\n`;
}

type Episode = [number, number];

/** ALERTS series of a Prometheus as `labels → episodes` (runs of samples at most one interval + slack apart), clipped to `fromMs`. */
async function alertEpisodes(
  p: PromInstance,
  fromMs: number,
  atSec: number,
  intervals: Map<string, number>,
): Promise<Map<string, Episode[]>> {
  const data = await p.query('ALERTS[3m]', atSec);
  const out = new Map<string, Episode[]>();
  for (const s of data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>) {
    const { __name__: _n, ...labels } = s.metric;
    const key = JSON.stringify(Object.entries(labels).sort());
    const gap = (intervals.get(labels['alertname'] ?? '') ?? 1000) * 1.5;
    const eps: Episode[] = [];
    for (const [t] of s.values) {
      const ms = Math.round(t * 1000);
      if (ms < fromMs) continue;
      const last = eps[eps.length - 1];
      if (last && ms - last[1] <= gap) last[1] = ms;
      else eps.push([ms, ms]);
    }
    if (eps.length > 0) out.set(key, eps);
  }
  return out;
}

async function iterations(p: PromInstance): Promise<Map<string, number>> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^prometheus_rule_group_iterations_total\{rule_group="([^"]+)"\} (\d+)/gm))
    out.set(m[1] ?? '', Number(m[2]));
  return out;
}

function snapshot(alerts: Array<Record<string, unknown>>): string[] {
  return alerts.map((a) => JSON.stringify([a['labels'], a['annotations'], a['state'], a['value']])).sort();
}

describe.runIf(prometheusAvailable())('differential: Vigil vs Prometheus on the same rules and data', () => {
  let p1: PromInstance;
  let p2: PromInstance;
  let exporter: Awaited<ReturnType<typeof startExporter>>;
  let ruler: ReturnType<typeof buildRuler>;
  let manager: RuleManager;
  let origin: number | undefined;
  let frozen = false;
  const intervals = new Map<string, number>();

  beforeAll(async () => {
    exporter = await startExporter(() => 0);
    exporter.server.removeAllListeners('request');
    exporter.server.on('request', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(values(origin === undefined ? undefined : (Date.now() - origin) / 1000, frozen));
    });
    const down = `127.0.0.1:${await freePort()}`;
    const target = exporter.url.replace('http://', '');
    const files = [...seedFiles(), OWN];
    const loaded = await loadRuleFiles(files, { evaluationInterval: 1000, queryOffset: 0 });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const g of loaded.groups)
      for (const r of g.rules) if (r.kind === 'alerting') intervals.set(r.alert, g.interval);
    [p1, p2] = await Promise.all([startPrometheus([target, down], files), startPrometheus([target, down])]);
    ruler = buildRuler(p2.url, new Sink().notify);
    manager = ruler.manager;
    await manager.update(loaded.groups);
    // The timeline starts once every group of both engines has evaluated (and restored) twice.
    await waitFor(
      'two evaluations everywhere',
      async () => {
        const it1 = await iterations(p1);
        const own = ['diff-basic', 'diff-chained', 'diff-limit', 'diff-interval'].map((g) => `${OWN};${g}`);
        const ok1 = own.every((g) => (it1.get(g) ?? 0) >= 3);
        const ok2 = manager
          .groups()
          .filter((g) => g.def.file === OWN)
          .every((g) => g.lastSlotMs > 0);
        return ok1 && ok2 ? true : undefined;
      },
      30_000,
    );
    origin = Date.now();
  }, 90_000);

  afterAll(async () => {
    await ruler?.close();
    await Promise.all([p1?.stop(), p2?.stop()]);
    await exporter?.close();
  });

  it('pending/firing episodes agree within one interval; final alerts are identical', async () => {
    const start = origin ?? 0;
    // Run the timeline (until every scripted edge passed and settled), then freeze the values.
    await waitFor('timeline end', async () => (Date.now() - start > 27_000 ? true : undefined), 40_000, 250);
    frozen = true;

    const promAlerts = async () =>
      ((await p1.getJSON('/api/v1/alerts')) as { data: { alerts: Array<Record<string, unknown>> } }).data
        .alerts;
    const ourAlerts = () =>
      (alertsResponse(manager.groups()).body as { data: { alerts: Array<Record<string, unknown>> } }).data
        .alerts;
    // Both converge on the same alerts (labels, rendered annotations, state, value) once values are frozen.
    const agreed = await waitFor(
      'same final alerts',
      async () => {
        const [a, b] = [snapshot(await promAlerts()), snapshot(ourAlerts())];
        // Frozen values reached both (ramp at 300) and both agree.
        return a.some((x) => x.includes('"ramp 300"')) && JSON.stringify(a) === JSON.stringify(b)
          ? a
          : undefined;
      },
      20_000,
      300,
    ).catch(async (err: unknown) => {
      expect(snapshot(ourAlerts())).toEqual(snapshot(await promAlerts()));
      throw err;
    });
    expect(agreed.some((x) => x.includes('"site-s1"') && x.includes('"page"'))).toBe(true);

    const endSec = Date.now() / 1000;
    const [e1, e2] = await Promise.all([
      alertEpisodes(p1, start, endSec, intervals),
      alertEpisodes(p2, start, endSec, intervals),
    ]);
    const tooFar: string[] = [];
    for (const key of new Set([...e1.keys(), ...e2.keys()])) {
      const a = e1.get(key) ?? [];
      const b = e2.get(key) ?? [];
      const name = (JSON.parse(key) as Array<[string, string]>).find(([k]) => k === 'alertname')?.[1] ?? '';
      const tol = (intervals.get(name) ?? 1000) + 50;
      const same =
        a.length === b.length &&
        a.every(
          ([s, e], i) => Math.abs(s - (b[i]?.[0] ?? 0)) <= tol && Math.abs(e - (b[i]?.[1] ?? 0)) <= tol,
        );
      if (!same)
        tooFar.push(
          `${key}: prometheus ${JSON.stringify(a.map(([s, e]) => [s - start, e - start]))} vigil ${JSON.stringify(b.map(([s, e]) => [s - start, e - start]))}`,
        );
    }
    expect(tooFar).toEqual([]);
    // The run exercised pending, firing and resolution for the own rules.
    const keys = [...e1.keys()].join('\n');
    for (const s of [
      'A_for5',
      'A_keep_for',
      'Chained',
      'Slow2sKeep',
      'TemplLabel',
      'CountHigh',
      '"pending"',
      '"firing"',
    ])
      expect(keys).toContain(s);
    expect([...e1.keys()].some((k) => k.includes('LimitExceeded'))).toBe(false);
  });
});
