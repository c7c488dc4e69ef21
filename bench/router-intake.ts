/**
 * Router intake: Alertmanager 0.25 vs `vigil run` with the same alertmanager.yml
 * (`group_by: [alertname, cluster]`, one webhook receiver pointing at a sink in this process).
 *
 * Measures, per tool and batch size (1 and 100), over fresh processes (>= 5 repetitions):
 * - alerts accepted per second while posting distinct alerts to POST /api/v2/alerts with a
 *   keep-alive undici client, up to each checkpoint (default 10k and 100k active alerts);
 * - router CPU-seconds per 10k alerts and alerts per CPU-second (/proc/PID/stat);
 * - RSS at each checkpoint and bytes per active alert ((RSS - baseline RSS) / alerts);
 * - first-notification latency POST -> webhook for a new group with `group_wait: 0s`
 *   (median over many groups per repetition) and CPU per new-group notification, twice per fresh
 *   process: for the first groups after start (cold: a JIT runtime still compiles its code) and
 *   for as many groups again after a warm-up of `--latency-warmup` unmeasured groups (steady
 *   state, as a router that has been running a while).
 *
 * Run: npm run build && npx tsx bench/router-intake.ts [--quick] [--reps 5]
 *      [--sizes 10000,100000] [--batches 1,100] [--concurrency 4] [--latency-groups 50]
 *      [--latency-warmup 300]
 * (env: BENCH_REPS, BENCH_SIZES, BENCH_BATCHES, BENCH_LATENCY_GROUPS, BENCH_LATENCY_WARMUP,
 * BENCH_QUICK=1). Vigil is skipped with a note
 * when it is not built, does not start, or does not serve the endpoint yet.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'undici';
import { flag, intList, intOption, option } from './lib/args.js';
import { keepAlivePool, postJson, startSink } from './lib/http.js';
import type { Sink } from './lib/http.js';
import { cpuSeconds, rssBytes, secondsSince } from './lib/measure.js';
import { delay, tempDir } from './lib/proc.js';
import type { Service } from './lib/proc.js';
import { summarize } from './lib/stats.js';
import { renderReport } from './lib/table.js';
import type { Report, Row } from './lib/table.js';
import { errorText, startAlertmanager, startVigil } from './lib/tools.js';

/** Settings of the router benchmark. */
export interface RouterBenchOptions {
  readonly reps: number;
  readonly sizes: number[];
  readonly batches: number[];
  readonly concurrency: number;
  readonly latencyGroups: number;
  /** Unmeasured new groups between the cold and the steady-state latency samples. */
  readonly latencyWarmup: number;
}

/** Reads the options from argv/env; `--quick` shrinks everything for a smoke run. */
export function routerOptions(argv: readonly string[]): RouterBenchOptions {
  const quick = flag(argv, 'quick', 'BENCH_QUICK');
  return {
    reps: intOption(option(argv, 'reps', 'BENCH_REPS'), quick ? 2 : 5),
    sizes: intList(option(argv, 'sizes', 'BENCH_SIZES'), quick ? [2000, 10_000] : [10_000, 100_000]),
    batches: intList(option(argv, 'batches', 'BENCH_BATCHES'), [1, 100]),
    concurrency: intOption(option(argv, 'concurrency', 'BENCH_CONCURRENCY'), 4),
    latencyGroups: intOption(option(argv, 'latency-groups', 'BENCH_LATENCY_GROUPS'), quick ? 15 : 50),
    latencyWarmup: intOption(option(argv, 'latency-warmup', 'BENCH_LATENCY_WARMUP'), quick ? 50 : 300, 0),
  };
}

type Tool = 'alertmanager' | 'vigil';

function amConfig(sinkUrl: string): string {
  return `global:
  resolve_timeout: 5m
route:
  receiver: sink
  group_by: [alertname, cluster]
  group_wait: 1h
  group_interval: 1h
  repeat_interval: 24h
  routes:
    - receiver: sink
      matchers: ['bench="latency"']
      group_wait: 0s
      group_interval: 1h
receivers:
  - name: sink
    webhook_configs:
      - url: ${sinkUrl}/webhook
        send_resolved: false
`;
}

function alertJson(i: number, startsAt: string, endsAt: string): string {
  return JSON.stringify({
    labels: {
      alertname: `BenchAlert${i % 50}`,
      cluster: `c${Math.floor(i / 50) % 4}`,
      instance: `host-${i}.example.org:9100`,
      job: 'node',
      severity: i % 3 === 0 ? 'critical' : 'warning',
    },
    annotations: { summary: `Instance host-${i} is down`, description: `host-${i} has been unreachable for 5m.` },
    startsAt,
    endsAt,
    generatorURL: `http://prometheus.example.org/graph?g0.expr=up%7Binstance%3D%22host-${i}%22%7D`,
  });
}

async function start(tool: Tool, configFile: string): Promise<Service> {
  return tool === 'alertmanager' ? startAlertmanager(configFile) : startVigil({ configFiles: [configFile] });
}

/** Checks that the tool accepts an empty POST /api/v2/alerts; returns an error text if not. */
async function probe(pool: Pool): Promise<string | undefined> {
  const res = await postJson(pool, '/api/v2/alerts', '[]');
  return res.status === 200 ? undefined : `POST /api/v2/alerts answered ${res.status}: ${res.text.slice(0, 120)}`;
}

/** Figures at one checkpoint of one intake run. */
interface Checkpoint {
  readonly perSec: number;
  readonly perCpuSec: number;
  readonly cpuPer10k: number;
  readonly rss: number;
  readonly bytesPerAlert: number;
}

async function postAll(pool: Pool, from: number, to: number, batch: number, concurrency: number): Promise<void> {
  const now = Date.now();
  const startsAt = new Date(now).toISOString();
  const endsAt = new Date(now + 4 * 3600_000).toISOString();
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const lo = next;
      const hi = Math.min(to, lo + batch);
      next = hi;
      const parts: string[] = [];
      for (let i = lo; i < hi; i++) parts.push(alertJson(i, startsAt, endsAt));
      const res = await postJson(pool, '/api/v2/alerts', `[${parts.join(',')}]`);
      if (res.status !== 200) throw new Error(`POST /api/v2/alerts: ${res.status} ${res.text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** One fresh process: posts up to the largest size, recording each checkpoint. */
async function intakeRun(svc: Service, pool: Pool, opts: RouterBenchOptions, batch: number): Promise<Checkpoint[]> {
  // Warm the HTTP path (connections, JIT) with empty posts so the baseline RSS is not taken cold.
  for (let i = 0; i < 200; i++) await postJson(pool, '/api/v2/alerts', '[]');
  await delay(1000);
  const baseRss = rssBytes(svc.pid);
  const cpu0 = cpuSeconds(svc.pid);
  const t0 = process.hrtime.bigint();
  const out: Checkpoint[] = [];
  let done = 0;
  for (const size of opts.sizes) {
    await postAll(pool, done, size, batch, opts.concurrency);
    done = size;
    const wall = secondsSince(t0);
    const cpu = cpuSeconds(svc.pid) - cpu0;
    const rss = rssBytes(svc.pid);
    out.push({
      perSec: size / wall,
      perCpuSec: size / cpu,
      cpuPer10k: (cpu / size) * 10_000,
      rss,
      bytesPerAlert: (rss - baseRss) / size,
    });
  }
  return out;
}

/** Latencies (ms) and router CPU per notification (CPU-ms) of one series of new groups. */
interface LatencySample {
  readonly ms: number[];
  readonly cpuMs: number;
}

/**
 * Posts one alert per new group and waits for its webhook, `groups` times: the first series right
 * after start (cold), then `warmup` unmeasured groups, then a second series (steady state).
 */
async function latencyRun(svc: Service, pool: Pool, sink: Sink, opts: RouterBenchOptions, rep: number): Promise<{ cold: LatencySample; warm: LatencySample }> {
  let k = 0;
  const series = async (n: number): Promise<LatencySample> => {
    const ms: number[] = [];
    const cpu0 = cpuSeconds(svc.pid);
    for (let i = 0; i < n; i++) ms.push(await newGroupLatency(pool, sink, `Latency_${svc.name}_${rep}_${k++}`));
    return { ms, cpuMs: n === 0 ? NaN : ((cpuSeconds(svc.pid) - cpu0) / n) * 1000 };
  };
  const cold = await series(opts.latencyGroups);
  await series(opts.latencyWarmup);
  const warm = await series(opts.latencyGroups);
  return { cold, warm };
}

/** POST → webhook arrival, in ms, of one alert that opens the new group `name`. */
async function newGroupLatency(pool: Pool, sink: Sink, name: string): Promise<number> {
  const now = new Date();
  const body = JSON.stringify([
    {
      labels: { alertname: name, cluster: 'lat', bench: 'latency', instance: name },
      annotations: { summary: 'latency probe' },
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 3600_000).toISOString(),
    },
  ]);
  const t0 = process.hrtime.bigint();
  const arrival = sink.waitForAlert(name, 10_000);
  const res = await postJson(pool, '/api/v2/alerts', body);
  if (res.status !== 200) throw new Error(`POST /api/v2/alerts: ${res.status}`);
  return Number((await arrival) - t0) / 1e6;
}

/** Results per tool: each figure name maps to one value per repetition. */
type Figures = Map<string, number[]>;

function add(figs: Figures, key: string, value: number): void {
  const list = figs.get(key) ?? [];
  list.push(value);
  figs.set(key, list);
}

async function withTool<T>(tool: Tool, configFile: string, fn: (svc: Service, pool: Pool) => Promise<T>): Promise<T> {
  const svc = await start(tool, configFile);
  const pool = keepAlivePool(svc.url, 8);
  try {
    const bad = await probe(pool);
    if (bad !== undefined) throw new Error(`${tool}: ${bad}`);
    return await fn(svc, pool);
  } finally {
    await pool.close();
    await svc.stop();
  }
}

async function measureTool(tool: Tool, configFile: string, sink: Sink, opts: RouterBenchOptions): Promise<Figures> {
  const figs: Figures = new Map();
  for (let rep = 0; rep < opts.reps; rep++) {
    for (const batch of opts.batches) {
      const cps = await withTool(tool, configFile, (svc, pool) => intakeRun(svc, pool, opts, batch));
      cps.forEach((cp, i) => {
        const at = `${opts.sizes[i]}|${batch}`;
        add(figs, `perSec|${at}`, cp.perSec);
        add(figs, `perCpuSec|${at}`, cp.perCpuSec);
        add(figs, `cpuPer10k|${at}`, cp.cpuPer10k);
        add(figs, `rss|${at}`, cp.rss / 2 ** 20);
        add(figs, `bpa|${at}`, cp.bytesPerAlert / 1024);
      });
    }
    const lat = await withTool(tool, configFile, (svc, pool) => latencyRun(svc, pool, sink, opts, rep));
    add(figs, 'latency', summarize(lat.cold.ms)?.median ?? NaN);
    add(figs, 'notifyCpu', lat.cold.cpuMs);
    add(figs, 'latencyWarm', summarize(lat.warm.ms)?.median ?? NaN);
    add(figs, 'notifyCpuWarm', lat.warm.cpuMs);
    process.stderr.write(`router-intake: ${tool} repetition ${rep + 1}/${opts.reps} done\n`);
  }
  return figs;
}

function rows(am: Figures, vg: Figures | undefined, opts: RouterBenchOptions): Row[] {
  const out: Row[] = [];
  const row = (figure: string, unit: string, key: string, bar?: Row['bar']): void => {
    out.push({
      figure,
      unit,
      anchor: 'Alertmanager',
      anchorValue: summarize(am.get(key) ?? []),
      vigil: vg === undefined ? undefined : summarize(vg.get(key) ?? []),
      ...(bar !== undefined ? { bar } : {}),
    });
  };
  for (const size of opts.sizes) {
    for (const batch of opts.batches) {
      const at = `${size}|${batch}`;
      const label = `${size.toLocaleString('en-US')} alerts, batch ${batch}`;
      row(`Alerts accepted per second (${label})`, 'alerts/s', `perSec|${at}`);
      row(`Alerts per router CPU-second (${label})`, 'alerts/CPU-s', `perCpuSec|${at}`, { kind: 'ratio>=', value: 2 });
      row(`Router CPU per 10k alerts (${label})`, 'CPU-s', `cpuPer10k|${at}`);
    }
    for (const batch of opts.batches) {
      const at = `${size}|${batch}`;
      row(`RSS at ${size.toLocaleString('en-US')} active alerts (batch ${batch})`, 'MiB', `rss|${at}`);
      row(`RSS per active alert at ${size.toLocaleString('en-US')} (batch ${batch})`, 'KiB', `bpa|${at}`, { kind: 'ratio<=', value: 0.5 });
    }
  }
  const firstGroups = `first ${opts.latencyGroups} new groups after start`;
  const warmGroups = `${opts.latencyGroups} new groups after ${opts.latencyWarmup.toLocaleString('en-US')} more`;
  row(`First notification POST → webhook, group_wait 0s, cold (${firstGroups})`, 'ms', 'latency', { kind: 'within', value: 1 });
  row(`Router CPU per new-group alert + webhook notification, cold (${firstGroups})`, 'CPU-ms', 'notifyCpu');
  row(`First notification POST → webhook, group_wait 0s, steady state (${warmGroups})`, 'ms', 'latencyWarm', { kind: 'within', value: 1 });
  row(`Router CPU per new-group alert + webhook notification, steady state (${warmGroups})`, 'CPU-ms', 'notifyCpuWarm');
  return out;
}

/** Runs the router benchmark and returns its report. */
export async function runRouterBench(opts: RouterBenchOptions): Promise<Report> {
  const notes: string[] = [
    `Repetitions: ${opts.reps} fresh processes per tool and batch size; client concurrency ${opts.concurrency}; ` +
      `${opts.latencyGroups} new groups per latency series, two series per repetition in one fresh process ` +
      `(right after start, and after ${opts.latencyWarmup} unmeasured groups). Latency figures are medians per repetition. ` +
      'Persistence on for both (storage in a temp dir).',
  ];
  const sink = await startSink();
  const dir = await tempDir('router');
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, amConfig(sink.url));
  try {
    const am = await measureTool('alertmanager', configFile, sink, opts);
    let vg: Figures | undefined;
    try {
      vg = await measureTool('vigil', configFile, sink, opts);
    } catch (err) {
      notes.push(`Vigil: not measured — ${errorText(err).split('\n').slice(0, 4).join(' ').slice(0, 400)}`);
    }
    return { title: 'Router intake (Alertmanager 0.25 vs Vigil)', rows: rows(am, vg, opts), notes };
  } finally {
    await sink.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runRouterBench(routerOptions(process.argv.slice(2)));
  process.stdout.write(renderReport(report));
}
