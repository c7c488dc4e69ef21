/**
 * Ruler: rule evaluation cost of vmalert (1.79), Prometheus' own rule manager (2.42) and
 * `vigil run`, all against the same real Prometheus holding ~3,600 synthetic series backfilled
 * with `promtool tsdb create-blocks-from openmetrics` (data reaching into the future, so
 * `rate(...[5m])` at "now" always has samples).
 *
 * For each rule-set size (default 100, 1,000, 5,000 generated rules: rates over 5m windows,
 * aggregations by instance, `for`, warning/critical pairs differing only in threshold, 50 rules
 * per group) it measures over >= 5 evaluation intervals (each interval is one repetition):
 * - evaluator CPU per rule evaluation (/proc/PID/stat; for Prometheus: its CPU with the rules
 *   loaded minus its idle CPU, which includes executing the queries);
 * - evaluator RSS; group duration (each tool's own metric: vmalert_iteration_duration_seconds,
 *   prometheus_rule_group_last_duration_seconds, vigil_rule_group_last_duration_seconds);
 * - the datasource's own time and CPU to answer the same queries (a plain instant-query client,
 *   one worker per group), and datasource queries per cycle (prometheus_http_requests_total).
 *
 * Run: npm run build && npx tsx bench/ruler.ts [--quick] [--sizes 100,1000,5000]
 *      [--cycles 5] [--interval 15] (seconds; 5,000+ rules use twice the interval)
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flag, intList, intOption, option } from './lib/args.js';
import { httpQueryCount, queryPass, startDatasource } from './lib/datasource.js';
import type { Datasource } from './lib/datasource.js';
import { scrape, startSink } from './lib/http.js';
import type { Sink } from './lib/http.js';
import { cpuSeconds, rssBytes } from './lib/measure.js';
import { delay, tempDir } from './lib/proc.js';
import type { Service } from './lib/proc.js';
import { groupFigures } from './lib/ruler-metrics.js';
import type { Evaluator } from './lib/ruler-metrics.js';
import { generateRules, renderRuleFile, ruleExprs } from './lib/rulegen.js';
import type { GenGroup } from './lib/rulegen.js';
import { DEFAULT_SERIES } from './lib/series.js';
import { summarize } from './lib/stats.js';
import { renderReport } from './lib/table.js';
import type { Report, Row } from './lib/table.js';
import { errorText, startVigil, startVmalert } from './lib/tools.js';
import { growthTable, RulerFigures } from './lib/ruler-report.js';

/** Settings of the ruler benchmark. */
export interface RulerBenchOptions {
  readonly sizes: number[];
  readonly cycles: number;
  readonly intervalSec: number;
  readonly perGroup: number;
}

/** Reads the options from argv/env; `--quick` means 100 and 1,000 rules, 3 short cycles. */
export function rulerOptions(argv: readonly string[]): RulerBenchOptions {
  const quick = flag(argv, 'quick', 'BENCH_QUICK');
  return {
    sizes: intList(option(argv, 'sizes', 'BENCH_RULER_SIZES'), quick ? [100, 1000] : [100, 1000, 5000]),
    cycles: intOption(option(argv, 'cycles', 'BENCH_CYCLES'), quick ? 3 : 5),
    intervalSec: intOption(option(argv, 'interval', 'BENCH_INTERVAL'), quick ? 10 : 15),
    perGroup: intOption(option(argv, 'per-group', 'BENCH_PER_GROUP'), 50),
  };
}

/** A point in time of one evaluator run. */
interface Snap {
  readonly t: bigint;
  readonly evalCpu: number;
  readonly promCpu: number;
  readonly queries: number;
  readonly metrics: string;
}

interface Ctx {
  readonly ds: Datasource;
  readonly sink: Sink;
  readonly dir: string;
  readonly opts: RulerBenchOptions;
  idleCpuPerSec: number;
}

async function snap(ctx: Ctx, evaluator: Service): Promise<Snap> {
  return {
    t: process.hrtime.bigint(),
    evalCpu: cpuSeconds(evaluator.pid),
    promCpu: cpuSeconds(ctx.ds.prom.pid),
    queries: await httpQueryCount(ctx.ds.prom.url),
    metrics: (await scrape(evaluator.url)) ?? '',
  };
}

/** Measures `cycles` intervals of a running evaluator, after one and a half intervals of warm-up. */
async function measureCycles(ctx: Ctx, tool: Evaluator, evaluator: Service, groups: GenGroup[], intervalSec: number, figs: RulerFigures): Promise<void> {
  const n = groups.reduce((a, g) => a + g.rules.length, 0);
  const perGroup = new Map(groups.map((g) => [g.name, g.rules.length]));
  await delay(intervalSec * 1500);
  let prev = await snap(ctx, evaluator);
  for (let c = 0; c < ctx.opts.cycles; c++) {
    await delay(intervalSec * 1000);
    const cur = await snap(ctx, evaluator);
    const dt = Number(cur.t - prev.t) / 1e9;
    const gf = groupFigures(tool, prev.metrics, cur.metrics, perGroup);
    if (gf.evaluations === undefined && Number.isNaN(gf.maxSec) && cur.queries === prev.queries) {
      // Nothing evaluated (no rule metrics, no queries): recording its idle CPU would mislead.
      throw new Error(`${tool}: no rule evaluations seen (no rule-group metrics in /metrics and no datasource queries); the ruler may not be wired into this build yet`);
    }
    const evals = gf.evaluations !== undefined && gf.evaluations > 0 ? gf.evaluations : (n * dt) / intervalSec;
    const promCpu = cur.promCpu - prev.promCpu;
    const evalCpu = tool === 'prometheus' ? promCpu - ctx.idleCpuPerSec * dt : cur.evalCpu - prev.evalCpu;
    figs.add(tool, n, 'cpuPerEvalMs', (evalCpu / evals) * 1000);
    figs.add(tool, n, 'rssMiB', rssBytes(evaluator.pid) / 2 ** 20);
    figs.add(tool, n, 'groupMaxSec', gf.maxSec);
    figs.add(tool, n, 'groupMeanSec', gf.meanSec);
    if (tool !== 'prometheus') {
      figs.add(tool, n, 'queriesPerCycle', ((cur.queries - prev.queries) * intervalSec) / dt);
      figs.add(tool, n, 'dsCpuPerCycle', ((promCpu - ctx.idleCpuPerSec * dt) * intervalSec) / dt);
    }
    prev = cur;
  }
}

async function writeVigilConfig(ctx: Ctx, ruleFile: string, interval: string): Promise<string> {
  const file = join(ctx.dir, 'vigil-ruler.yml');
  const sinkHost = new URL(ctx.sink.url).host;
  await writeFile(
    file,
    [
      'global:',
      `  evaluation_interval: ${interval}`,
      `rule_files: [${JSON.stringify(ruleFile)}]`,
      'datasource:',
      `  url: ${ctx.ds.prom.url}`,
      'remote_write:',
      `  - url: ${ctx.ds.prom.url}/api/v1/write`,
      'alerting:',
      '  alertmanagers:',
      '    - static_configs:',
      `        - targets: ['${sinkHost}']`,
      '',
    ].join('\n'),
  );
  return file;
}

async function runEvaluator(ctx: Ctx, tool: Evaluator, groups: GenGroup[], ruleFile: string, intervalSec: number, figs: RulerFigures): Promise<void> {
  const interval = `${intervalSec}s`;
  if (tool === 'prometheus') {
    await ctx.ds.reload([ruleFile], interval, ctx.sink.url);
    try {
      await measureCycles(ctx, tool, ctx.ds.prom, groups, intervalSec, figs);
    } finally {
      await ctx.ds.reload([], interval);
    }
    return;
  }
  const svc =
    tool === 'vmalert'
      ? await startVmalert({
          ruleFiles: [ruleFile],
          datasourceUrl: ctx.ds.prom.url,
          notifierUrl: ctx.sink.url,
          remoteWriteUrl: ctx.ds.prom.url,
          evaluationInterval: interval,
        })
      : await startVigil({ configFiles: [await writeVigilConfig(ctx, ruleFile, interval)], datasourceUrl: ctx.ds.prom.url });
  try {
    if (tool === 'vigil' && (await scrape(svc.url)) === undefined) throw new Error('vigil: GET /metrics is not served');
    await measureCycles(ctx, tool, svc, groups, intervalSec, figs);
    const n = groups.reduce((a, g) => a + g.rules.length, 0);
    if (tool === 'vigil' && figs.get(tool, n, 'groupMaxSec').every(Number.isNaN)) {
      figs.note('Vigil: vigil_rule_group_last_duration_seconds / vigil_rule_evaluations_total are not in its /metrics, so its group duration is n/a and its evaluations are counted as rules × elapsed intervals.');
    }
  } finally {
    await svc.stop();
  }
}

async function measureIdle(ctx: Ctx): Promise<void> {
  const c0 = cpuSeconds(ctx.ds.prom.pid);
  const t0 = process.hrtime.bigint();
  await delay(5000);
  ctx.idleCpuPerSec = (cpuSeconds(ctx.ds.prom.pid) - c0) / (Number(process.hrtime.bigint() - t0) / 1e9);
}

async function runSize(ctx: Ctx, n: number, figs: RulerFigures): Promise<void> {
  const groups = generateRules(n, DEFAULT_SERIES.jobs, ctx.opts.perGroup);
  const ruleFile = join(ctx.dir, `rules-${n}.yml`);
  await writeFile(ruleFile, renderRuleFile(groups));
  const intervalSec = n >= 5000 ? ctx.opts.intervalSec * 2 : ctx.opts.intervalSec;
  const exprs = ruleExprs(groups);
  for (let r = 0; r < ctx.opts.cycles; r++) {
    const pass = await queryPass(ctx.ds.prom, exprs);
    figs.add('datasource', n, 'passSec', pass.wallSec);
    figs.add('datasource', n, 'cpuPerQueryMs', pass.cpuMsPerQuery);
    if (pass.errors > 0) figs.note(`Plain query client: ${pass.errors} of ${n} queries failed at ${n} rules.`);
  }
  for (const tool of ['vmalert', 'prometheus', 'vigil'] as const) {
    try {
      await runEvaluator(ctx, tool, groups, ruleFile, intervalSec, figs);
    } catch (err) {
      figs.note(`${tool} at ${n} rules: not measured — ${errorText(err).split('\n').slice(0, 4).join(' ').slice(0, 400)}`);
    }
    process.stderr.write(`ruler: ${tool} at ${n} rules done\n`);
  }
}

function rows(figs: RulerFigures, opts: RulerBenchOptions): Row[] {
  const out: Row[] = [];
  const row = (figure: string, unit: string, anchor: string, a: number[], v: number[], bar?: Row['bar']): void => {
    out.push({ figure, unit, anchor, anchorValue: summarize(a), vigil: summarize(v), ...(bar !== undefined ? { bar } : {}) });
  };
  for (const n of opts.sizes) {
    const g = (tool: string, key: string): number[] => figs.get(tool, n, key);
    const N = `${n.toLocaleString('en-US')} rules`;
    row(`Evaluator CPU per rule evaluation (${N})`, 'CPU-ms', 'vmalert', g('vmalert', 'cpuPerEvalMs'), g('vigil', 'cpuPerEvalMs'), { kind: 'ratio<=', value: 0.5 });
    row(`Rule-manager CPU per rule evaluation, incl. query execution (${N})`, 'CPU-ms', 'Prometheus', g('prometheus', 'cpuPerEvalMs'), []);
    row(`Evaluator RSS (${N})`, 'MiB', 'vmalert', g('vmalert', 'rssMiB'), g('vigil', 'rssMiB'), { kind: 'ratio<=', value: 2 });
    row(`Longest group duration (${N})`, 's', 'vmalert', g('vmalert', 'groupMaxSec'), g('vigil', 'groupMaxSec'));
    row(`Longest group duration (${N})`, 's', 'Prometheus rules', g('prometheus', 'groupMaxSec'), g('vigil', 'groupMaxSec'));
    row(
      `Cycle (longest group) vs datasource's time for the same queries (${N})`,
      's',
      'plain query client',
      g('datasource', 'passSec'),
      g('vigil', 'groupMaxSec'),
      n === 1000 ? { kind: 'ratio<=', value: 1.1 } : undefined,
    );
    row(`Datasource CPU per instant query, plain client (${N})`, 'CPU-ms', 'Prometheus', g('datasource', 'cpuPerQueryMs'), []);
    row(`Datasource queries per cycle (${N})`, 'queries', 'vmalert', g('vmalert', 'queriesPerCycle'), g('vigil', 'queriesPerCycle'), { kind: 'ratio<=', value: 0.99 });
    row(`Datasource CPU per cycle under the evaluator (${N})`, 'CPU-s', 'vmalert', g('vmalert', 'dsCpuPerCycle'), g('vigil', 'dsCpuPerCycle'));
  }
  return out;
}

/** Runs the ruler benchmark and returns its report. */
export async function runRulerBench(opts: RulerBenchOptions): Promise<Report> {
  const figs = new RulerFigures();
  const dir = await tempDir('ruler');
  const sink = await startSink();
  const ds = await startDatasource(dir, DEFAULT_SERIES, `${opts.intervalSec}s`);
  const ctx: Ctx = { ds, sink, dir, opts, idleCpuPerSec: 0 };
  try {
    await measureIdle(ctx);
    for (const n of opts.sizes) await runSize(ctx, n, figs);
  } finally {
    await ds.prom.stop();
    await sink.close();
  }
  const notes = [
    `Datasource: Prometheus with ${ds.series.toLocaleString('en-US')} backfilled series; idle CPU ${(ctx.idleCpuPerSec * 1000).toFixed(1)} ms/s. ` +
      `Interval ${opts.intervalSec}s (${opts.intervalSec * 2}s at 5,000+ rules), ${opts.perGroup} rules per group, ${opts.cycles} measured intervals per tool and size (each a repetition).`,
    'vmalert and Vigil remote-write ALERTS to Prometheus and send alerts to a sink; Prometheus evaluates its rules on itself (its figure includes executing the queries).',
    ...figs.notes,
  ];
  return { title: 'Ruler (vmalert 1.79 and Prometheus 2.42 vs Vigil)', rows: rows(figs, opts), notes, extra: growthTable(figs, opts.sizes) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runRulerBench(rulerOptions(process.argv.slice(2)));
  process.stdout.write(renderReport(report));
}
