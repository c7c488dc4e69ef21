/**
 * Start-up cost of checking rule files: how long Vigil takes to load and fully validate 10k
 * realistic rules (the work `vigil run` and `vigil check rules` do before anything else).
 *
 * - Generates rule files into a temp dir: rates over 5m windows, aggregations by instance,
 *   warning/critical pairs that differ only in threshold (with `for`), recording rules, and
 *   annotations with templates (`{{ $labels.instance }} {{ $value | humanizePercentage }}`).
 * - In-process, CPU and wall ms of `loadRuleFiles` with `checkRulesOptions()`: the first call
 *   in the process (a smaller set, JIT warm-up), then the measured set, whose expressions are
 *   all new to the process (start-up), then the same files again (reload; median of reps).
 * - The same work split by phase, in CPU ms, each phase run once over every rule and bypassing
 *   the loader's caches: YAML (the `yaml` library vs the loader's simple reader), PromQL syntax
 *   (lezer parse and the first-error wording), PromQL extra checks, PromQL type analysis
 *   (codemirror-promql headless on the shared tree, and in an editor state as it ran before),
 *   and the alert-template checks (`checkTemplate`).
 * - Cold: wall time of `node bin/vigil.js check rules FILES` (needs `npm run build` first).
 * CPU time is printed because the machine is shared: wall time varies with others' load.
 *
 * Run: npm run build && npx tsx bench/startup-rules.ts [--rules 10000] [--per-file 500] [--reps 5]
 *      [--no-cold] (skip the `vigil check rules` runs)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { checkRulesOptions } from '../src/cli/check-rules.js';
import { loadRuleFiles } from '../src/config/rulefile/load.js';
import { readSimpleYaml } from '../src/config/rulefile/fast-yaml.js';
import { typeCheck, typeCheckInEditor } from '../src/promql/analyze.js';
import { extraChecks } from '../src/promql/extra-checks.js';
import { parsePromql, syntaxError } from '../src/promql/syntax.js';
import { flag, intOption, option } from './lib/args.js';
import { fmtSummary, summarize } from './lib/stats.js';

/** One generated rule, kept in memory to time the phases on the same inputs. */
interface BenchRule {
  readonly expr: string;
  readonly alert?: string;
  readonly record?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

interface Family {
  readonly name: string;
  readonly inner: (sel: string, w: string) => string;
  readonly cmp: '>' | '<';
  readonly thresholds: readonly [string, string];
  readonly summary: string;
}

const FAMILIES: Family[] = [
  {
    name: 'HighErrorRatio',
    inner: (s, w) =>
      `sum by (instance) (rate(http_requests_total{${s},code=~"5.."}[${w}])) / sum by (instance) (rate(http_requests_total{${s}}[${w}]))`,
    cmp: '>',
    thresholds: ['0.05', '0.2'],
    summary: '{{ $labels.instance }} answers {{ $value | humanizePercentage }} errors',
  },
  {
    name: 'HighLatencyP99',
    inner: (s, w) =>
      `histogram_quantile(0.99, sum by (le, instance) (rate(http_request_duration_seconds_bucket{${s}}[${w}])))`,
    cmp: '>',
    thresholds: ['0.5', '1'],
    summary: 'p99 latency on {{ $labels.instance }} is {{ $value | humanizeDuration }}',
  },
  {
    name: 'HighCpu',
    inner: (s, w) => `1 - avg by (instance) (rate(node_cpu_seconds_total{${s},mode="idle"}[${w}]))`,
    cmp: '>',
    thresholds: ['0.8', '0.9'],
    summary: 'CPU on {{ $labels.instance }} at {{ $value | humanizePercentage }}',
  },
  {
    name: 'HighMemory',
    inner: (s, w) => `max by (instance) (max_over_time(process_resident_memory_bytes{${s}}[${w}]))`,
    cmp: '>',
    thresholds: ['1e9', '2e9'],
    summary: '{{ $labels.instance }} uses {{ $value | humanize1024 }}B',
  },
  {
    name: 'TargetFlapping',
    inner: (s, w) => `avg_over_time(up{${s}}[${w}])`,
    cmp: '<',
    thresholds: ['0.9', '0.5'],
    summary: '{{ $labels.instance }} of {{ $labels.job }} up {{ $value | humanizePercentage }} of the time',
  },
  {
    name: 'DiskWillFill',
    inner: (s, w) => `predict_linear(node_filesystem_avail_bytes{${s},fstype!="tmpfs"}[${w}], 4 * 3600)`,
    cmp: '<',
    thresholds: ['1e10', '0'],
    summary: '{{ $labels.mountpoint }} on {{ $labels.instance }} fills in 4h ({{ printf "%.0f" $value }})',
  },
];

/**
 * `n` rules: per job and family a recording rule and a warning/critical alert pair. `jobs`
 * prefixes the job names, so a warm-up set shares no expression with the measured one.
 */
export function benchRules(n: number, jobs = 'job'): BenchRule[] {
  const out: BenchRule[] = [];
  for (let k = 0; out.length < n; k++) {
    const fam = FAMILIES[k % FAMILIES.length] as Family;
    const job = `${jobs}-${Math.floor(k / FAMILIES.length)}`;
    const w = k % 7 === 0 ? '15m' : '5m';
    const inner = fam.inner(`job="${job}"`, w);
    out.push({
      record: `instance:${fam.name.toLowerCase()}:${w}`,
      expr: inner,
      labels: { job },
      annotations: {},
    });
    for (const [i, severity] of ['warning', 'critical'].entries()) {
      if (out.length >= n) break;
      out.push({
        alert: fam.name,
        expr: `${inner} ${fam.cmp} ${fam.thresholds[i] ?? '0'}`,
        labels: { severity, job },
        annotations: {
          summary: fam.summary,
          description: `${fam.name} ({{ $labels.severity }}, ${severity}) for job {{ $labels.job }}: {{ $value }}`,
        },
      });
    }
  }
  return out.slice(0, n);
}

const q = (s: string): string => JSON.stringify(s);

/** Renders rules as a Prometheus rule file, 50 rules to a group. */
export function renderBenchFile(rules: readonly BenchRule[], fileIndex: number): string {
  const out = ['groups:'];
  rules.forEach((r, i) => {
    if (i % 50 === 0) out.push(`  - name: g${fileIndex}-${i / 50}`, '    rules:');
    if (r.record !== undefined) out.push(`      - record: ${r.record}`, `        expr: ${r.expr}`);
    else {
      const critical = r.labels['severity'] === 'critical';
      out.push(
        `      - alert: ${r.alert ?? ''}`,
        `        expr: ${r.expr}`,
        `        for: ${critical ? '5m' : '10m'}`,
      );
    }
    out.push('        labels:', ...Object.entries(r.labels).map(([k, v]) => `          ${k}: ${v}`));
    if (r.alert === undefined) return;
    out.push(
      '        annotations:',
      ...Object.entries(r.annotations).map(([k, v]) => `          ${k}: ${q(v)}`),
    );
  });
  return `${out.join('\n')}\n`;
}

/** Writes `rules` as files of `perFile` rules into `dir`; returns their paths. */
async function writeBenchFiles(
  dir: string,
  rules: readonly BenchRule[],
  perFile: number,
  tag: string,
): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i * perFile < rules.length; i++) {
    const file = join(dir, `${tag}-${i}.yml`);
    await writeFile(file, renderBenchFile(rules.slice(i * perFile, (i + 1) * perFile), i));
    files.push(file);
  }
  return files;
}

/** Milliseconds of CPU (user + system) and of wall time an action took. */
interface Cost {
  readonly cpu: number;
  readonly wall: number;
}

async function cost(fn: () => unknown): Promise<Cost> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const d = process.cpuUsage(c);
  return { cpu: (d.user + d.system) / 1000, wall: performance.now() - t };
}

function time(fn: () => void): number {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

/** CPU ms of each phase, run once over every rule without the loader's caches. */
function phases(texts: readonly string[], rules: readonly BenchRule[]): Record<string, number> {
  const check = checkRulesOptions().checkTemplate;
  const trees = rules.map((r) => parsePromql(r.expr));
  const yamlOpts = { schema: 'failsafe', uniqueKeys: true } as const;
  return {
    'yaml (yaml library)': time(() => texts.forEach((t) => parseAllDocuments(t, yamlOpts))),
    'yaml (simple reader)': time(() => texts.forEach((t) => readSimpleYaml(t))),
    'promql syntax': time(() => rules.forEach((r) => syntaxError(r.expr, parsePromql(r.expr)))),
    'promql extra checks': time(() => rules.forEach((r, i) => trees[i] && extraChecks(trees[i], r.expr))),
    'promql type analysis': time(() => rules.forEach((r, i) => typeCheck(r.expr, trees[i]))),
    'promql types (editor)': time(() => rules.forEach((r) => typeCheckInEditor(r.expr))),
    'template checks': time(() =>
      rules.forEach((r) => {
        if (r.alert === undefined) return;
        for (const v of [...Object.values(r.labels), ...Object.values(r.annotations)]) check?.(v, r.alert);
      }),
    ),
  };
}

const show = (label: string, c: Cost): void =>
  console.log(
    `${label.padEnd(44)} ${c.cpu.toFixed(0).padStart(6)} ms CPU ${c.wall.toFixed(0).padStart(6)} ms wall`,
  );

async function main(argv: readonly string[]): Promise<void> {
  const n = intOption(option(argv, 'rules'), 10_000);
  const perFile = intOption(option(argv, 'per-file'), 500);
  const reps = intOption(option(argv, 'reps'), 5);
  const dir = await mkdtemp(join(tmpdir(), 'vigil-startup-rules-'));
  try {
    const rules = benchRules(n);
    const files = await writeBenchFiles(dir, rules, perFile, 'rules');
    const warmFiles = await writeBenchFiles(dir, benchRules(Math.min(n, 2000), 'warm'), perFile, 'warm');
    console.log(
      `${n} rules in ${files.length} files (${dir}); ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
    );
    const opts = checkRulesOptions();
    show('loadRuleFiles, first call in the process', await cost(() => loadRuleFiles(warmFiles, opts)));
    let result: Awaited<ReturnType<typeof loadRuleFiles>> | undefined;
    show(
      'loadRuleFiles, new expressions (start-up)',
      await cost(async () => (result = await loadRuleFiles(files, opts))),
    );
    const loaded = result?.groups.reduce((s, g) => s + g.rules.length, 0);
    if (result?.diagnostics.length !== 0 || loaded !== n) {
      throw new Error(
        `unexpected result: ${loaded} rules, ${JSON.stringify(result?.diagnostics.slice(0, 3))}`,
      );
    }
    const runs: Cost[] = [];
    for (let r = 0; r < reps; r++) runs.push(await cost(() => loadRuleFiles(files, opts)));
    const cpu = summarize(runs.map((r) => r.cpu));
    const wall = summarize(runs.map((r) => r.wall));
    console.log(
      `loadRuleFiles, same files again (reload): CPU ms ${fmtSummary(cpu)}, wall ms ${fmtSummary(wall)}`,
    );
    const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    for (const [name, ms] of Object.entries(phases(texts, rules))) {
      console.log(`  phase ${name.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms CPU`);
    }
    const cold: number[] = [];
    for (let r = 0; r < (flag(argv, 'no-cold') ? 0 : Math.min(reps, 3)); r++) {
      const t = performance.now();
      const res = spawnSync(process.execPath, ['bin/vigil.js', 'check', 'rules', ...files], {
        encoding: 'utf8',
      });
      cold.push(performance.now() - t);
      if (res.status !== 0)
        throw new Error(`vigil check rules exited ${res.status}: ${res.stderr.slice(0, 500)}`);
    }
    if (cold.length > 0)
      console.log(`node bin/vigil.js check rules (cold process, wall ms): ${fmtSummary(summarize(cold))}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
