// Vigil's ruler against a real Prometheus 2.42: remote-written results, chained rules, ALERTS,
// slot alignment, and the rules/alerts API shapes compared with Prometheus' own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRuleFile } from '../../src/config/rulefile/load.js';
import { alertsResponse, rulesResponse } from '../../src/rules/api.js';
import type { RuleManager } from '../../src/rules/manager.js';
import { evalTimestamp } from '../../src/rules/slot.js';
import { Sink } from './fakes.js';
import { buildRuler } from './wiring.js';
import {
  prometheusAvailable,
  rawSamples,
  startExporter,
  startPrometheus,
  waitFor,
  type PromInstance,
} from './prometheus-harness.js';

const PROM_RULES = `groups:
  - name: align
    interval: 3s
    rules:
      - record: prom:test_value:x2
        expr: test_value * 2
      - alert: PromTestHigh
        expr: test_value > 50
        labels: { severity: page }
        annotations: { summary: "value {{ $value }} on {{ $labels.site }}" }
`;

const VIGIL_RULES = `groups:
  - name: vigil
    interval: 1s
    rules:
      - record: vigil:test_value:x2
        expr: test_value * 2
      - record: vigil:chained
        expr: vigil:test_value:x2 + 1
      - record: vigil:flap
        expr: test_flap
      - alert: VigilTestHigh
        expr: test_value > 50
        labels: { severity: page }
        annotations: { summary: "value {{ $value }} on {{ $labels.site }}" }
`;

function keysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.length > 0 ? [keysDeep(v[0])] : [];
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [
          k,
          k === 'labels' || k === 'annotations' ? '{…}' : keysDeep((v as Record<string, unknown>)[k]),
        ]),
    );
  return typeof v;
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

describe.runIf(prometheusAvailable())('ruler against a real Prometheus', () => {
  let dir: string;
  let prom: PromInstance;
  let exporter: Awaited<ReturnType<typeof startExporter>>;
  let value = 1;
  let frozen = false;
  let flap = true;
  let manager: RuleManager;
  let ruler: ReturnType<typeof buildRuler>;
  const vigilFile = () => join(dir, 'vigil.rules.yml');
  const sink = new Sink();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-ruler-it-'));
    writeFileSync(join(dir, 'prom.rules.yml'), PROM_RULES);
    writeFileSync(vigilFile(), VIGIL_RULES);
    exporter = await startExporter(
      () => (frozen ? value : value++),
      () => (flap ? 'test_flap{site="a"} 1\n' : ''),
    );
    prom = await startPrometheus(exporter.url.replace('http://', ''), [join(dir, 'prom.rules.yml')]);
    await waitFor('test_value scraped', async () =>
      (await prom.query('test_value')).result.length > 0 ? true : undefined,
    );
    const parsed = parseRuleFile(vigilFile(), VIGIL_RULES, { evaluationInterval: 1000, queryOffset: 0 });
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    ruler = buildRuler(prom.url, sink.notify);
    manager = ruler.manager;
    await manager.update(parsed.groups);
  }, 60_000);

  afterAll(async () => {
    await ruler?.close();
    await prom?.stop();
    await exporter?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('recording results appear with the slot timestamp; the chained rule sees the fresh value at the same timestamp', async () => {
    const chained = await waitFor('5 chained samples', async () => {
      const s = await rawSamples(prom, 'vigil:chained');
      return s.length >= 5 ? s : undefined;
    });
    const x2 = new Map(await rawSamples(prom, 'vigil:test_value:x2'));
    for (const [t, v] of chained) {
      // The slot has a sub-millisecond phase; samples carry it truncated to the millisecond.
      expect(evalTimestamp(vigilFile(), 'vigil', 1000, t + 1)).toBe(t);
      expect(x2.get(t)).toBe(v - 1);
    }
    // The recorded value is test_value at the evaluation time, times two.
    const [t0, v0] = chained[chained.length - 1] ?? [0, 0];
    const at = await prom.query('test_value * 2 + 1', t0 / 1000);
    expect(Number((at.result[0] as { value: [number, string] }).value[1])).toBe(v0);
  });

  it('a vanished recording series gets a stale marker Prometheus honours at once', async () => {
    await waitFor('vigil:flap recorded', async () =>
      (await prom.query('vigil:flap')).result.length > 0 ? true : undefined,
    );
    flap = false;
    const off = Date.now();
    // Without a stale marker the series would stay visible for the 5-minute lookback.
    await waitFor(
      'vigil:flap gone',
      async () => ((await prom.query('vigil:flap')).result.length === 0 ? true : undefined),
      10_000,
    );
    expect(Date.now() - off).toBeLessThan(10_000);
    const samples = await rawSamples(prom, 'vigil:flap');
    expect(samples.length).toBeGreaterThan(0);
  });

  it('ALERTS series appear and the alert is sent', async () => {
    value = 100;
    frozen = true;
    await waitFor('ALERTS firing', async () => {
      const r = await prom.query('ALERTS{alertname="VigilTestHigh",alertstate="firing"}');
      return r.result.length > 0 ? r.result : undefined;
    });
    const fs = await prom.query('ALERTS_FOR_STATE{alertname="VigilTestHigh"}');
    expect(fs.result[0]).toMatchObject({
      metric: { alertname: 'VigilTestHigh', site: 'a', job: 'exporter', severity: 'page' },
    });
    const sent = sink.all().find((a) => a.labels['alertname'] === 'VigilTestHigh');
    expect(sent?.annotations).toEqual({ summary: 'value 100 on a' });
    expect(sent?.generatorURL).toBe('http://vigil.example:9097/graph?g0.expr=test_value+%3E+50&g0.tab=1');
  });

  it("Vigil computes the same evaluation slots as Prometheus' own groups", async () => {
    const samples = await waitFor('prometheus rule samples', async () => {
      const s = await rawSamples(prom, 'prom:test_value:x2');
      return s.length >= 2 ? s : undefined;
    });
    for (const [t] of samples)
      expect(evalTimestamp(join(dir, 'prom.rules.yml'), 'align', 3000, t + 1)).toBe(t);
  });

  it('/api/v1/rules and /api/v1/alerts have the same fields and formats as Prometheus', async () => {
    await waitFor('prometheus alert firing', async () => {
      const b = (await prom.getJSON('/api/v1/alerts')) as { data: { alerts: Array<{ state: string }> } };
      return b.data.alerts.some((a) => a.state === 'firing') ? true : undefined;
    });
    const promRules = (await prom.getJSON('/api/v1/rules')) as { data: { groups: unknown[] } };
    const ours = rulesResponse(manager.groups(), {}).body as { data: { groups: unknown[] } };
    expect(keysDeep(ours.data.groups[0])).toEqual(keysDeep(promRules.data.groups[0]));
    const promGroup = promRules.data.groups[0] as { rules: Array<Record<string, unknown>> };
    const ourGroup = ours.data.groups[0] as { rules: Array<Record<string, unknown>> };
    const byType = (rules: Array<Record<string, unknown>>, type: string) =>
      rules.find((r) => r['type'] === type);
    for (const type of ['recording', 'alerting']) {
      expect(keysDeep(byType(ourGroup.rules, type))).toEqual(keysDeep(byType(promGroup.rules, type)));
    }

    const promAlerts = (await prom.getJSON('/api/v1/alerts')) as {
      data: { alerts: Array<Record<string, string>> };
    };
    const ourAlerts = (
      alertsResponse(manager.groups()).body as { data: { alerts: Array<Record<string, string>> } }
    ).data.alerts;
    const pa = promAlerts.data.alerts[0];
    const oa = ourAlerts[0];
    expect(Object.keys(oa ?? {}).sort()).toEqual(Object.keys(pa ?? {}).sort());
    expect(oa?.['value']).toBe(pa?.['value']);
    expect(oa?.['value']).toBe('1e+02');
    expect(oa?.['activeAt']).toMatch(RFC3339);
    expect((ourGroup as unknown as Record<string, string>)['lastEvaluation']).toMatch(RFC3339);
    expect(oa?.['annotations']).toEqual(pa?.['annotations']);
  });
});
