/**
 * Runs every benchmark in turn (start-up/reload, router intake, ruler, template rendering) and
 * writes bench/results/latest.md: the machine, the versions, and one table per benchmark with
 * the anchors' and Vigil's medians, the ratios and the bar from issue 7.
 *
 * Run: bash scripts/install-bench-deps.sh && npm run build && npx tsx bench/run-all.ts [--quick]
 * Every option of the single scripts is passed through (e.g. --reps 5, --sizes, --cycles).
 * `--only startup,router,ruler,template` runs a subset.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { option } from './lib/args.js';
import { renderReport } from './lib/table.js';
import type { Report } from './lib/table.js';
import { errorText, REPO_ROOT, toolVersions, vigilEntry } from './lib/tools.js';
import { routerOptions, runRouterBench } from './router-intake.js';
import { rulerOptions, runRulerBench } from './ruler.js';
import { runStartupBench, startupOptions } from './startup.js';

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 2 ** 20 }).trim();
  } catch (err) {
    return `(${errorText(err).split('\n')[0] ?? 'failed'})`;
  }
}

function machine(): string[] {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  let kernel = '';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    kernel = 'unknown';
  }
  return [
    `${cpus().length} cores (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${kernel}`,
    `Vigil commit ${sh('git', ['rev-parse', '--short', 'HEAD'])} (work tree may hold uncommitted changes), built: ${vigilEntry().built ? 'yes' : 'no'}`,
  ];
}

/** Runs H3's template benchmark (bench/template-render.ts) and returns its last lines. */
function templateRender(): Report {
  const out = sh(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'template-render.ts'), '200000']);
  return { title: 'Template rendering (bench/template-render.ts)', rows: [], notes: out.split('\n').slice(-2) };
}

type Part = 'startup' | 'router' | 'ruler' | 'template';

async function runPart(part: Part, argv: string[]): Promise<Report> {
  switch (part) {
    case 'startup':
      return runStartupBench(startupOptions(argv));
    case 'router':
      return runRouterBench(routerOptions(argv));
    case 'ruler':
      return runRulerBench(rulerOptions(argv));
    case 'template':
      return templateRender();
  }
}

function header(argv: string[], started: Date): string {
  return [
    '# Vigil benchmark results',
    '',
    `Run ${started.toISOString()} – ${new Date().toISOString()} with \`npx tsx bench/run-all.ts ${argv.join(' ')}\`.`,
    '',
    ...machine().map((l) => `- ${l}`),
    ...toolVersions().map((l) => `- ${l}`),
    '',
    'Medians over the repetitions with (min–max, n). Ratio = Vigil / anchor. Status n/a: Vigil not measured (see the notes).',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const only = (option(argv, 'only') ?? 'startup,router,ruler,template').split(',') as Part[];
  const started = new Date();
  const sections: string[] = [];
  const out = join(REPO_ROOT, 'bench', 'results', 'latest.md');
  await mkdir(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
  for (const part of only) {
    process.stderr.write(`run-all: ${part}...\n`);
    try {
      sections.push(renderReport(await runPart(part, argv)));
    } catch (err) {
      sections.push(`### ${part}\n\nFailed: ${errorText(err)}\n`);
    }
    // Written after every part so that a long run leaves its finished parts behind.
    await writeFile(out, header(argv, started) + '\n' + sections.join('\n'));
  }
  process.stdout.write(header(argv, started) + '\n' + sections.join('\n'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main(process.argv.slice(2));
}
