// Folding comparison: every rule group (the seed rule files, the PrometheusRule manifest and a
// generated benchmark-like set) evaluated twice at the SAME slot times against one real
// Prometheus 2.42 — once with threshold folding (rules sharing `<expr>` answered from one query,
// compared locally) and once unfolded (every rule sends its own expression, so Prometheus
// computes the comparison). Alert states, labels, values, notifications and written series must
// be identical; the folded run must send fewer queries than there are rules where expressions repeat.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../src/config/rulefile/load.js';
import { QueryClient, instantVectorQuery } from '../../src/datasource/query.js';
import { ManualClock } from '../../src/model/clock.js';
import type { RuleGroupDef } from '../../src/model/rule.js';
import { referencedMetrics } from '../../src/promql/metrics.js';
import { parseThresholdRule } from '../../src/promql/threshold.js';
import type { QueryBatchOptions } from '../../src/rules/batch.js';
import { RuleGroup } from '../../src/rules/group.js';
import { labelsKey } from '../../src/rules/labelset.js';
import { createRuleMetrics } from '../../src/rules/metrics.js';
import { DEFAULT_RESTORE_OPTIONS } from '../../src/rules/restore.js';
import type { NotifyAlert, OutSeries } from '../../src/rules/types.js';
import { generateRules, renderRuleFile } from '../../bench/lib/rulegen.js';
import { exposition, GENERATED_METRICS, generatedRuleFile } from './folding-fixture.js';
import { startServer } from './http-fixture.js';
import {
  freePort,
  prometheusAvailable,
  startPrometheus,
  waitFor,
  type PromInstance,
} from './prometheus-harness.js';
import { templateAdapter } from './wiring.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const SEED_DIR = resolve(repoRoot, '../shared/examples/seeds');
const seedFiles = (): string[] =>
  readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.rules.yml') || /prometheusrule\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(SEED_DIR, f));

/** One way of evaluating: its groups, what they wrote and sent, and queries per cycle. */
class Run {
  readonly groups: RuleGroup[];
  readonly written: string[] = [];
  readonly sent: string[] = [];
  readonly registry = new Registry();

  constructor(
    defs: readonly RuleGroupDef[],
    query: ReturnType<typeof instantVectorQuery>,
    fold: boolean,
    queryBatch?: QueryBatchOptions,
  ) {
    const metrics = createRuleMetrics(this.registry);
    const expand = templateAdapter();
    this.groups = defs.map(
      (def) =>
        new RuleGroup(def, {
          query,
          write: async (series: readonly OutSeries[]) => {
            for (const s of series)
              for (const p of s.samples)
                this.written.push(
                  `${def.name}|${labelsKey(s.labels)}|${p.value}|${p.timestampMs}|${p.stale === true}`,
                );
          },
          notify: (alerts: readonly NotifyAlert[]) => {
            for (const a of alerts) this.sent.push(`${def.name}|${JSON.stringify(a)}`);
          },
          expandTemplate: expand,
          referencedMetrics,
          externalLabels: { replica: 'r1' },
          externalURL: 'http://vigil.example:9097',
          resendDelayMs: 60_000,
          clock: new ManualClock(0),
          restore: DEFAULT_RESTORE_OPTIONS,
          metrics,
          parseThreshold: fold ? parseThresholdRule : () => undefined,
          ...(queryBatch ? { queryBatch } : {}),
        }),
    );
  }

  /** Every rule's health, error and alerts (labels, annotations, state, value, times). */
  state(): string[] {
    return this.groups.flatMap((g) =>
      g.rules.map((r) => {
        const alerts = [...r.active.values()].map((a) => JSON.stringify(a)).sort();
        return JSON.stringify([g.key, r.name, r.labels, r.health, r.lastError, alerts]);
      }),
    );
  }
}

interface Counts {
  readonly rules: number;
  readonly queries: number;
}

/** Rules and last-cycle queries per rule file. */
function countsByFile(run: Run): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const g of run.groups) {
    const c = out.get(g.def.file) ?? { rules: 0, queries: 0 };
    out.set(g.def.file, { rules: c.rules + g.rules.length, queries: c.queries + g.lastQueries });
  }
  return out;
}

describe.runIf(prometheusAvailable())('threshold folding: same results as unfolded evaluation', () => {
  let prom: PromInstance;
  let exporter: Awaited<ReturnType<typeof startServer>>;
  let client: QueryClient;
  let dir: string;
  let defs: RuleGroupDef[];
  let generatedFile: string;
  let generatedRules: number;
  let benchFile: string;
  let benchRules: number;
  const scrapes: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-fold-'));
    const gen = generatedRuleFile();
    generatedFile = join(dir, 'generated.rules.yml');
    generatedRules = gen.rules;
    writeFileSync(generatedFile, gen.yaml);
    // The benchmark's own generator (bench/lib/rulegen.ts), over the two jobs this exporter serves.
    const bench = generateRules(100, 2, 50);
    benchRules = bench.reduce((a, g) => a + g.rules.length, 0);
    benchFile = join(dir, 'bench.rules.yml');
    writeFileSync(benchFile, renderRuleFile(bench, '1s').replace(/svc0(\d)/g, 'job$1'));
    const loaded = await loadRuleFiles([...seedFiles(), generatedFile, benchFile], {
      evaluationInterval: 1000,
      queryOffset: 0,
    });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    defs = loaded.groups;
    const names = new Set<string>(GENERATED_METRICS);
    for (const g of defs)
      for (const r of g.rules) for (const n of referencedMetrics(r.expr).names) names.add(n);
    names.delete('up');
    exporter = await startServer((_req, res) => {
      scrapes.push(Date.now());
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(exposition([...names].sort(), scrapes.length));
    });
    const down = `127.0.0.1:${await freePort()}`;
    prom = await startPrometheus([exporter.url.replace('http://', ''), down], [], '1s', {
      honorLabels: true,
    });
    client = new QueryClient({ url: prom.url, timeoutMs: 10_000 });
    // Enough scrapes that every slot time below lies at least 3 s in the past (its data is final).
    await waitFor('14 scrapes', async () => (scrapes.length >= 14 ? true : undefined), 40_000, 200);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await prom?.stop();
    await exporter?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('folded and unfolded runs agree at every slot; folding sends fewer queries', async () => {
    const query = instantVectorQuery(client);
    const folded = new Run(defs, query, true);
    const unfolded = new Run(defs, query, false);
    const batched = new Run(defs, query, true, { maxExprs: 10 });
    const origin = (scrapes[3] ?? 0) + 500;
    const values: number[] = [];
    const perCycle: Array<{
      folded: Map<string, Counts>;
      unfolded: Map<string, Counts>;
      batched: Map<string, Counts>;
    }> = [];
    for (let c = 0; c < 8; c++) {
      const ts = origin + c * 1000;
      expect(ts).toBeLessThan(Date.now() - 2500);
      for (const run of [folded, unfolded, batched]) for (const g of run.groups) await g.evaluate(ts);
      expect(folded.state()).toEqual(unfolded.state());
      expect(batched.state()).toEqual(unfolded.state());
      for (const g of folded.groups)
        for (const r of g.rules) for (const a of r.active.values()) values.push(a.value);
      perCycle.push({
        folded: countsByFile(folded),
        unfolded: countsByFile(unfolded),
        batched: countsByFile(batched),
      });
    }
    expect(folded.written.sort()).toEqual(unfolded.written.sort());
    expect(folded.sent.sort()).toEqual(unfolded.sent.sort());
    expect(batched.written.sort()).toEqual(unfolded.written.sort());
    expect(batched.sent.sort()).toEqual(unfolded.sent.sort());

    // The data exercised the interesting cases in both runs.
    const state = folded.state().join('\n');
    expect(state).toContain('\\"state\\":\\"firing\\"');
    expect(state).toContain('execution: vector cannot contain metrics with the same labelset');
    expect(state).toContain('found duplicate series for the match group');
    const fallbacks = await batched.registry.metrics();
    expect(fallbacks).toMatch(
      new RegExp(`vigil_rule_batch_fallbacks_total\\{rule_group="[^"]*generated.rules.yml;bench-dup"\\} 1\n`),
    );
    const nanBool = folded.written.filter((w) => w.includes('queue:nan:bool'));
    expect(nanBool.length).toBeGreaterThan(0);
    for (const w of nanBool) expect(w.split('|')[2]).toBe('1');
    expect(values.some((v) => Number.isNaN(v))).toBe(true);
    expect(values.some((v) => v < 0)).toBe(true);
    expect(values.some((v) => Object.is(v, -0))).toBe(true);
    expect(values.some((v) => v === Infinity)).toBe(true);
    expect(
      folded.written.some((w) => w.includes('instance:error_ratio_high:bool') && w.includes('|1|')),
    ).toBe(true);
    expect(
      folded.written.some((w) => w.includes('instance:error_ratio_high:bool') && w.includes('|0|')),
    ).toBe(true);

    const low = folded.written.filter((w) => w.includes('instance:error_ratio_low:bool'));
    expect(new Set(low.map((w) => w.split('|')[2]))).toEqual(new Set(['0', '1']));
    expect(state).toContain('"QueueIsNaN"');
    expect(state).toContain('\\"alertname\\":\\"QueueNonZero\\"');
    expect(state).not.toContain('\\"alertname\\":\\"QueueIsNaN\\"');

    // Query counts: every cycle sends the same number; print them per file.
    const last = perCycle[perCycle.length - 1];
    if (!last) throw new Error('no cycles');
    const report: string[] = [];
    for (const [file, f] of last.folded) {
      const u = last.unfolded.get(file);
      const b = last.batched.get(file);
      report.push(
        `${basename(file)}: ${f.rules} rules, ${f.queries} queries folded, ${b?.queries} folded+batched, ${u?.queries} unfolded`,
      );
      expect(u?.queries).toBe(f.rules);
      expect(f.queries).toBeLessThanOrEqual(f.rules);
      // Batching: fewer queries than rules in every file, seed files included.
      expect(b?.queries ?? Infinity).toBeLessThan(f.rules);
      expect(b?.queries ?? Infinity).toBeLessThanOrEqual(f.queries);
      for (const cyc of perCycle) expect(cyc.folded.get(file)).toEqual(f);
    }
    console.log(`queries per cycle:\n  ${report.join('\n  ')}`);
    const gen = last.folded.get(generatedFile);
    expect(gen?.rules).toBe(generatedRules);
    expect(gen?.queries).toBe(13);
    expect(gen?.queries ?? Infinity).toBeLessThan(generatedRules);
    const benchCounts = last.batched.get(benchFile);
    expect(benchCounts?.rules).toBe(benchRules);
    // 2 groups × 25 distinct expressions, batched 9 + 8 + 8.
    expect(benchCounts?.queries).toBe(6);
    expect(last.folded.get(benchFile)?.queries).toBe(50);

    // The metrics say the same: the last iteration's queries per group and the total.
    const text = await folded.registry.metrics();
    expect(text).toContain(`vigil_rule_group_datasource_queries{rule_group="${generatedFile};bench-job0"} 5`);
    expect(text).toContain(
      `vigil_rule_datasource_queries_total{rule_group="${generatedFile};bench-job0"} 40`,
    );
  }, 120_000);
});
