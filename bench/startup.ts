/**
 * Start-up and reload of 10k rules: Prometheus 2.42 vs vmalert 1.79 vs `vigil run`.
 *
 * - Start-up: wall time from spawn until the readiness endpoint answers 200 (`/-/ready`;
 *   vmalert `/health`), polled every <= 20 ms, with a rule file of 10,000 generated alerting
 *   rules (200 groups of 50). Also the RSS right after start.
 * - Reload: the rule file is rewritten (every `for` changed) and `POST /-/reload` is timed;
 *   vmalert's reload is asynchronous, so its time runs until vmalert_config_last_reload_total
 *   grows. Each repetition is a fresh process (>= 5 repetitions).
 * The evaluation interval is 1h so that evaluation does not overlap the measurement; the
 * datasource and notifier URLs point at a local sink.
 *
 * Run: npm run build && npx tsx bench/startup.ts [--quick] [--rules 10000] [--reps 5]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flag, intOption, option } from './lib/args.js';
import { parseMetric, scrape, startSink } from './lib/http.js';
import type { Sink } from './lib/http.js';
import { rssBytes } from './lib/measure.js';
import { delay, tempDir } from './lib/proc.js';
import type { Service } from './lib/proc.js';
import { generateRules, renderRuleFile } from './lib/rulegen.js';
import { DEFAULT_SERIES } from './lib/series.js';
import { summarize } from './lib/stats.js';
import { renderReport } from './lib/table.js';
import type { Report, Row } from './lib/table.js';
import { errorText, startPrometheus, startVigil, startVmalert } from './lib/tools.js';

/** Settings of the start-up benchmark. */
export interface StartupBenchOptions {
  readonly rules: number;
  readonly reps: number;
}

/** Reads the options from argv/env; `--quick` uses 2 repetitions. */
export function startupOptions(argv: readonly string[]): StartupBenchOptions {
  const quick = flag(argv, 'quick', 'BENCH_QUICK');
  return {
    rules: intOption(option(argv, 'rules', 'BENCH_STARTUP_RULES'), 10_000),
    reps: intOption(option(argv, 'reps', 'BENCH_REPS'), quick ? 2 : 5),
  };
}

type Tool = 'prometheus' | 'vmalert' | 'vigil';

interface Files {
  readonly dir: string;
  readonly ruleFile: string;
  readonly ruleText: string;
  readonly changedText: string;
  readonly sink: Sink;
}

async function start(tool: Tool, f: Files): Promise<Service> {
  if (tool === 'vmalert') {
    return startVmalert({ ruleFiles: [f.ruleFile], datasourceUrl: f.sink.url, notifierUrl: f.sink.url, evaluationInterval: '1h' });
  }
  if (tool === 'prometheus') {
    const configFile = join(f.dir, 'prometheus.yml');
    await writeFile(configFile, `global:\n  evaluation_interval: 1h\nrule_files: [${JSON.stringify(f.ruleFile)}]\n`);
    return startPrometheus({ configFile });
  }
  const configFile = join(f.dir, 'vigil.yml');
  await writeFile(configFile, `global:\n  evaluation_interval: 1h\nrule_files: [${JSON.stringify(f.ruleFile)}]\ndatasource:\n  url: ${f.sink.url}\n`);
  return startVigil({ configFiles: [configFile] });
}

async function vmalertReloads(url: string): Promise<number> {
  return parseMetric((await scrape(url)) ?? '', 'vmalert_config_last_reload_total').reduce((a, s) => a + s.value, 0);
}

/** Times POST /-/reload after rewriting the rule file; returns milliseconds. */
async function timeReload(tool: Tool, svc: Service, f: Files, rep: number): Promise<number> {
  await writeFile(f.ruleFile, rep % 2 === 0 ? f.changedText : f.ruleText);
  const before = tool === 'vmalert' ? await vmalertReloads(svc.url) : 0;
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${svc.url}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${tool}: POST /-/reload answered ${res.status}: ${text.slice(0, 200)}`);
  if (tool === 'vmalert') {
    for (let i = 0; i < 3000 && (await vmalertReloads(svc.url)) <= before; i++) await delay(5);
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function measureTool(tool: Tool, f: Files, reps: number, figs: Map<string, number[]>, notes: string[]): Promise<void> {
  const add = (k: string, v: number): void => {
    figs.set(`${tool}|${k}`, [...(figs.get(`${tool}|${k}`) ?? []), v]);
  };
  for (let rep = 0; rep < reps; rep++) {
    await writeFile(f.ruleFile, f.ruleText);
    let svc: Service;
    try {
      svc = await start(tool, f);
    } catch (err) {
      notes.push(`${tool}: did not start — ${errorText(err).split('\n').slice(0, 4).join(' ').slice(0, 400)}`);
      return;
    }
    try {
      add('startMs', svc.readyMs);
      add('rssMiB', rssBytes(svc.pid) / 2 ** 20);
      add('reloadMs', await timeReload(tool, svc, f, rep));
    } catch (err) {
      notes.push(`${tool}: reload not measured — ${errorText(err).slice(0, 300)}`);
      return;
    } finally {
      await svc.stop();
    }
  }
}

function rows(figs: Map<string, number[]>, rules: number): Row[] {
  const out: Row[] = [];
  const N = `${rules.toLocaleString('en-US')} rules`;
  for (const anchor of ['prometheus', 'vmalert'] as const) {
    const name = anchor === 'prometheus' ? 'Prometheus' : 'vmalert';
    const g = (tool: string, k: string): number[] => figs.get(`${tool}|${k}`) ?? [];
    out.push(
      { figure: `Start-up to ready (${N})`, unit: 'ms', anchor: name, anchorValue: summarize(g(anchor, 'startMs')), vigil: summarize(g('vigil', 'startMs')), bar: { kind: 'max', value: 1000 } },
      { figure: `Reload (${N})`, unit: 'ms', anchor: name, anchorValue: summarize(g(anchor, 'reloadMs')), vigil: summarize(g('vigil', 'reloadMs')), bar: { kind: 'max', value: 1000 } },
      { figure: `RSS after start (${N})`, unit: 'MiB', anchor: name, anchorValue: summarize(g(anchor, 'rssMiB')), vigil: summarize(g('vigil', 'rssMiB')) },
    );
  }
  return out;
}

/** Runs the start-up/reload benchmark and returns its report. */
export async function runStartupBench(opts: StartupBenchOptions): Promise<Report> {
  const dir = await tempDir('startup');
  const sink = await startSink();
  const groups = generateRules(opts.rules, DEFAULT_SERIES.jobs, 50);
  const ruleText = renderRuleFile(groups);
  const changedText = ruleText.replace(/for: 1m/g, 'for: 2m');
  const f: Files = { dir, ruleFile: join(dir, 'rules.yml'), ruleText, changedText, sink };
  const figs = new Map<string, number[]>();
  const notes = [`${opts.reps} fresh processes per tool; ${groups.length} groups; evaluation interval 1h; reload alternates between two versions of the file (every \`for: 1m\` → \`2m\`).`];
  try {
    for (const tool of ['prometheus', 'vmalert', 'vigil'] as const) {
      await measureTool(tool, f, opts.reps, figs, notes);
      process.stderr.write(`startup: ${tool} done\n`);
    }
  } finally {
    await sink.close();
  }
  return { title: `Start-up and reload (${opts.rules.toLocaleString('en-US')} rules)`, rows: rows(figs, opts.rules), notes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runStartupBench(startupOptions(process.argv.slice(2)));
  process.stdout.write(renderReport(report));
}
