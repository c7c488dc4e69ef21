/**
 * Development benchmark (not part of bench/run-all.ts): Vigil alone against the ruler bench's
 * backfilled Prometheus, with several `datasource.query_batch_size` values, to compare query-batching
 * chunk sizes and per-cycle costs quickly. A variant N runs with `query_batch_size: N` (`off` is 1,
 * one query per expression). Size 0 runs Vigil with an empty rule file (idle cost).
 *
 * Figures per variant and size (medians over the measured intervals): Vigil CPU-ms per rule
 * evaluation and per interval, RSS, longest group duration (vigil_rule_group_last_duration_seconds),
 * datasource queries per interval and the datasource's CPU per interval above its idle CPU.
 *
 * Run: npm run build && npx tsx bench/dev/ruler-vigil.ts --sizes 0,100,1000 --variants off,10
 *      [--cycles 5] [--interval 10] [--cpu-prof /tmp/prof]
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { intOption, option } from '../lib/args.js';
import { httpQueryCount, startDatasource } from '../lib/datasource.js';
import type { Datasource } from '../lib/datasource.js';
import { scrape, startSink } from '../lib/http.js';
import { cpuSeconds, rssBytes } from '../lib/measure.js';
import { delay, tempDir } from '../lib/proc.js';
import type { Service } from '../lib/proc.js';
import { groupFigures } from '../lib/ruler-metrics.js';
import { generateRules, renderRuleFile } from '../lib/rulegen.js';
import { DEFAULT_SERIES } from '../lib/series.js';
import { REPO_ROOT, startVigil } from '../lib/tools.js';

interface Row {
  cpuPerEvalMs: number[];
  cpuPerCycleMs: number[];
  rssMiB: number[];
  groupMaxSec: number[];
  queries: number[];
  dsCpuMs: number[];
}

const median = (xs: number[]): number => {
  const s = [...xs].filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

function startVigilAt(bin: string, config: string, profDir: string | undefined): Promise<Service> {
  const nodeArgs = profDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  return startVigil({ configFiles: [config], bin, nodeArgs });
}

async function measure(ds: Datasource, idlePerSec: number, svc: Service, n: number, perGroup: Map<string, number>, cycles: number, intervalSec: number): Promise<Row> {
  const row: Row = { cpuPerEvalMs: [], cpuPerCycleMs: [], rssMiB: [], groupMaxSec: [], queries: [], dsCpuMs: [] };
  await delay(intervalSec * 1500);
  const snap = async () => ({ t: process.hrtime.bigint(), cpu: cpuSeconds(svc.pid), prom: cpuSeconds(ds.prom.pid), q: await httpQueryCount(ds.prom.url), m: (await scrape(svc.url)) ?? '' });
  let prev = await snap();
  for (let c = 0; c < cycles; c++) {
    await delay(intervalSec * 1000);
    const cur = await snap();
    const dt = Number(cur.t - prev.t) / 1e9;
    const gf = groupFigures('vigil', prev.m, cur.m, perGroup);
    const evals = gf.evaluations ?? (n * dt) / intervalSec;
    const cpu = cur.cpu - prev.cpu;
    if (n > 0) row.cpuPerEvalMs.push((cpu / evals) * 1000);
    row.cpuPerCycleMs.push(((cpu * intervalSec) / dt) * 1000);
    row.rssMiB.push(rssBytes(svc.pid) / 2 ** 20);
    row.groupMaxSec.push(gf.maxSec);
    row.queries.push(((cur.q - prev.q) * intervalSec) / dt);
    row.dsCpuMs.push((((cur.prom - prev.prom - idlePerSec * dt) * intervalSec) / dt) * 1000);
    prev = cur;
  }
  return row;
}

async function main(argv: string[]): Promise<void> {
  const sizes = (option(argv, 'sizes', 'BENCH_RULER_SIZES') ?? '0,100,1000').split(',').map(Number);
  const variants = (option(argv, 'variants', 'BENCH_VARIANTS') ?? 'off,10').split(',');
  const cycles = intOption(option(argv, 'cycles', 'BENCH_CYCLES'), 5);
  const intervalSec = intOption(option(argv, 'interval', 'BENCH_INTERVAL'), 10);
  const profRoot = option(argv, 'cpu-prof', 'BENCH_CPU_PROF');
  const dir = await tempDir('ruler-dev');
  const sink = await startSink();
  const ds = await startDatasource(dir, DEFAULT_SERIES, `${intervalSec}s`);
  const bin = join(REPO_ROOT, 'bin', 'vigil.js');
  const out: string[] = ['| variant | rules | CPU-ms/eval | CPU-ms/interval | RSS MiB | longest group s | queries/interval | DS CPU-ms/interval |', '|---|---|---|---|---|---|---|---|'];
  try {
    const c0 = cpuSeconds(ds.prom.pid);
    await delay(5000);
    const idlePerSec = (cpuSeconds(ds.prom.pid) - c0) / 5;
    for (const n of sizes) {
      const groups = n > 0 ? generateRules(n, DEFAULT_SERIES.jobs, 50) : [];
      const ruleFile = join(dir, `rules-${n}.yml`);
      writeFileSync(ruleFile, n > 0 ? renderRuleFile(groups) : 'groups: []\n');
      const sinkHost = new URL(sink.url).host;
      const configFor = (v: string): string => {
        const config = join(dir, `vigil-${n}-${v}.yml`);
        const batch = v === 'off' ? 1 : Number(v);
        writeFileSync(config, ['global:', `  evaluation_interval: ${intervalSec}s`, `rule_files: [${JSON.stringify(ruleFile)}]`, 'datasource:', `  url: ${ds.prom.url}`, `  query_batch_size: ${batch}`, 'remote_write:', `  - url: ${ds.prom.url}/api/v1/write`, 'alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: ['${sinkHost}']`, ''].join('\n'));
        return config;
      };
      const perGroup = new Map(groups.map((g) => [g.name, g.rules.length]));
      for (const v of variants) {
        const profDir = profRoot !== undefined ? join(profRoot, `${v}-${n}`) : undefined;
        if (profDir !== undefined && !existsSync(profDir)) mkdirSync(profDir, { recursive: true });
        const svc = await startVigilAt(bin, configFor(v), profDir);
        try {
          const r = await measure(ds, idlePerSec, svc, n, perGroup, cycles, intervalSec);
          const f = (xs: number[], d = 2) => median(xs).toFixed(d);
          out.push(`| ${v} | ${n} | ${f(r.cpuPerEvalMs, 3)} | ${f(r.cpuPerCycleMs, 0)} | ${f(r.rssMiB, 1)} | ${f(r.groupMaxSec, 3)} | ${f(r.queries, 0)} | ${f(r.dsCpuMs, 0)} |`);
          process.stderr.write(`${out[out.length - 1]}\n`);
        } finally {
          await svc.stop();
        }
      }
    }
  } finally {
    await ds.prom.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

await main(process.argv.slice(2));
