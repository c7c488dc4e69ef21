/**
 * Development aid (not part of the report): start-up and reload of `vigil run` alone, with the
 * same generated rule file as bench/startup.ts, and the process's CPU seconds at ready and for
 * the reload (CPU is steadier than wall time on a shared machine).
 *
 * Run: npm run build && npx tsx bench/dev/startup-vigil.ts [--rules 10000] [--reps 5]
 *      [--no-reload] [--bin other/bin/vigil.js] [--node-args "--cpu-prof --cpu-prof-dir=/tmp/prof"]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flag, intOption, option } from '../lib/args.js';
import { startSink } from '../lib/http.js';
import { cpuSeconds, rssBytes } from '../lib/measure.js';
import { tempDir } from '../lib/proc.js';
import { generateRules, renderRuleFile } from '../lib/rulegen.js';
import { DEFAULT_SERIES } from '../lib/series.js';
import { fmtSummary, summarize } from '../lib/stats.js';
import { startVigil, vigilEntry } from '../lib/tools.js';

const argv = process.argv.slice(2);
const rules = intOption(option(argv, 'rules'), 10_000);
const reps = intOption(option(argv, 'reps'), 5);
const noReload = flag(argv, 'no-reload');
const bin = option(argv, 'bin') ?? vigilEntry().bin;
const nodeArgs = (option(argv, 'node-args') ?? '').split(' ').filter((s) => s !== '');

const dir = await tempDir('startup-dev');
const sink = await startSink();
const groups = generateRules(rules, DEFAULT_SERIES.jobs, 50);
const ruleText = renderRuleFile(groups);
const changedText = ruleText.replace(/for: 1m/g, 'for: 2m');
const ruleFile = join(dir, 'rules.yml');
const configFile = join(dir, 'vigil.yml');
await writeFile(configFile, `global:\n  evaluation_interval: 1h\nrule_files: [${JSON.stringify(ruleFile)}]\ndatasource:\n  url: ${sink.url}\n`);

const figs: Record<string, number[]> = { readyMs: [], readyCpuMs: [], rssMiB: [], reloadMs: [], reloadCpuMs: [], rssAfterReloadMiB: [] };
for (let rep = 0; rep < reps; rep++) {
  await writeFile(ruleFile, ruleText);
  const svc = await startVigil({ configFiles: [configFile], bin, nodeArgs });
  try {
    figs.readyMs!.push(svc.readyMs);
    figs.readyCpuMs!.push(cpuSeconds(svc.pid) * 1000);
    figs.rssMiB!.push(rssBytes(svc.pid) / 2 ** 20);
    if (noReload) continue;
    await writeFile(ruleFile, changedText);
    const cpu0 = cpuSeconds(svc.pid);
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${svc.url}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`reload ${res.status}: ${text}`);
    figs.reloadMs!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    figs.reloadCpuMs!.push((cpuSeconds(svc.pid) - cpu0) * 1000);
    figs.rssAfterReloadMiB!.push(rssBytes(svc.pid) / 2 ** 20);
  } finally {
    await svc.stop();
  }
}
await sink.close();
for (const [k, v] of Object.entries(figs)) process.stdout.write(`${k.padEnd(18)} ${fmtSummary(summarize(v))}\n`);
