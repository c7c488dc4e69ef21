/**
 * Development aid (not part of the report): the RSS of `vigil run` as a ruler with 0, 100, 1,000
 * and 5,000 generated rules (bench/ruler.ts' config shape: datasource, remote write, an external
 * Alertmanager), against an idle local Prometheus with an empty TSDB, after a few evaluation
 * cycles. Relative figures only: queries return nothing, so no alerts fire.
 *
 * Run: npm run build && npx tsx bench/dev/ruler-rss.ts [--sizes 0,100,1000,5000] [--reps 2]
 *      [--interval 5] [--cycles 3] [--bin other/bin/vigil.js] [--node-args "..."]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { intList, intOption, option } from '../lib/args.js';
import { startSink } from '../lib/http.js';
import { cpuSeconds, rssBytes } from '../lib/measure.js';
import { delay, tempDir } from '../lib/proc.js';
import { generateRules, renderRuleFile } from '../lib/rulegen.js';
import { DEFAULT_SERIES } from '../lib/series.js';
import { fmtSummary, summarize } from '../lib/stats.js';
import { startPrometheus, startVigil, vigilEntry } from '../lib/tools.js';

const argv = process.argv.slice(2);
const sizes = intList(option(argv, 'sizes'), [0, 100, 1000, 5000], 0);
const reps = intOption(option(argv, 'reps'), 2);
const intervalSec = intOption(option(argv, 'interval'), 5);
const cycles = intOption(option(argv, 'cycles'), 3);
const bin = option(argv, 'bin') ?? vigilEntry().bin;
const nodeArgs = (option(argv, 'node-args') ?? '').split(' ').filter((s) => s !== '');

const dir = await tempDir('ruler-rss');
const sink = await startSink();
const promConfig = join(dir, 'prometheus.yml');
await writeFile(promConfig, 'global:\n  scrape_interval: 1h\n');
const prom = await startPrometheus({ configFile: promConfig });
try {
  for (const n of sizes) {
    const ruleFile = join(dir, `rules-${n}.yml`);
    await writeFile(ruleFile, n === 0 ? 'groups: []\n' : renderRuleFile(generateRules(n, DEFAULT_SERIES.jobs, 50)));
    const configFile = join(dir, `vigil-${n}.yml`);
    await writeFile(
      configFile,
      [
        'global:',
        `  evaluation_interval: ${intervalSec}s`,
        `rule_files: [${JSON.stringify(ruleFile)}]`,
        'datasource:',
        `  url: ${prom.url}`,
        'remote_write:',
        `  - url: ${prom.url}/api/v1/write`,
        'alerting:',
        '  alertmanagers:',
        '    - static_configs:',
        `        - targets: ['${new URL(sink.url).host}']`,
        '',
      ].join('\n'),
    );
    const rss: number[] = [];
    const cpu: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const svc = await startVigil({ configFiles: [configFile], bin, nodeArgs });
      try {
        const c0 = cpuSeconds(svc.pid);
        await delay(intervalSec * 1000 * cycles);
        rss.push(rssBytes(svc.pid) / 2 ** 20);
        cpu.push(((cpuSeconds(svc.pid) - c0) / cycles) * 1000);
      } finally {
        await svc.stop();
      }
    }
    process.stdout.write(`${String(n).padStart(5)} rules: RSS MiB ${fmtSummary(summarize(rss))}; CPU ms per cycle ${fmtSummary(summarize(cpu))}\n`);
  }
} finally {
  await prom.stop();
  await sink.close();
}
