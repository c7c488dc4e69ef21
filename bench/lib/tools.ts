// Starting the anchors (Alertmanager, Prometheus, vmalert) and Vigil's built CLI on random
// loopback ports with temp dirs, and reading their versions.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartError, startService } from './proc.js';
import type { Service } from './proc.js';

/** The repository root (two levels above bench/lib). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Binary paths of the anchors (Debian packages, see scripts/install-bench-deps.sh). */
export const BIN = {
  alertmanager: process.env.BENCH_ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager',
  prometheus: process.env.BENCH_PROMETHEUS ?? '/usr/bin/prometheus',
  promtool: process.env.BENCH_PROMTOOL ?? '/usr/bin/promtool',
  vmalert: process.env.BENCH_VMALERT ?? '/usr/bin/vmalert',
};

/** Starts Alertmanager with a config file; clustering off, storage in its temp dir. */
export function startAlertmanager(configFile: string, deadlineMs = 30_000): Promise<Service> {
  return startService({
    name: 'alertmanager',
    cmd: BIN.alertmanager,
    args: (port, dir) => [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    deadlineMs,
  });
}

/** Options of `startPrometheus`. */
export interface PrometheusOptions {
  readonly configFile: string;
  /** TSDB dir to use (kept); a fresh temp dir when absent. */
  readonly dataDir?: string;
  readonly deadlineMs?: number;
}

/** Starts Prometheus with the lifecycle API (for /-/reload) and the remote-write receiver. */
export function startPrometheus(opts: PrometheusOptions): Promise<Service> {
  return startService({
    name: 'prometheus',
    cmd: BIN.prometheus,
    args: (port, dir) => [
      `--config.file=${opts.configFile}`,
      `--storage.tsdb.path=${opts.dataDir ?? join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--web.enable-remote-write-receiver',
      '--log.level=warn',
    ],
    deadlineMs: opts.deadlineMs ?? 120_000,
  });
}

/** Options of `startVmalert`. */
export interface VmalertOptions {
  readonly ruleFiles: readonly string[];
  readonly datasourceUrl: string;
  readonly notifierUrl: string;
  readonly remoteWriteUrl?: string;
  readonly evaluationInterval: string;
  readonly deadlineMs?: number;
}

/** Starts vmalert (1.79: readiness on /health; no -notifier.blackhole, so a sink is used). */
export function startVmalert(opts: VmalertOptions): Promise<Service> {
  return startService({
    name: 'vmalert',
    cmd: BIN.vmalert,
    args: (port) => [
      ...opts.ruleFiles.map((f) => `-rule=${f}`),
      `-datasource.url=${opts.datasourceUrl}`,
      `-notifier.url=${opts.notifierUrl}`,
      ...(opts.remoteWriteUrl !== undefined ? [`-remoteWrite.url=${opts.remoteWriteUrl}`] : []),
      `-evaluationInterval=${opts.evaluationInterval}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=ERROR',
    ],
    readyPath: '/health',
    deadlineMs: opts.deadlineMs ?? 120_000,
  });
}

/** Path of Vigil's CLI entry in the repository and whether the build output exists. */
export function vigilEntry(): { bin: string; built: boolean } {
  return { bin: join(REPO_ROOT, 'bin', 'vigil.js'), built: existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js')) };
}

let snapshotBin: string | undefined;

/**
 * A copy of bin/ and dist/ taken at the first Vigil start of this process (the rest of the
 * repository linked), so that a rebuild during a long run cannot mix two builds in one report.
 * BENCH_NO_SNAPSHOT=1 runs the repository's build directly.
 */
export function vigilSnapshotBin(): string {
  if (process.env.BENCH_NO_SNAPSHOT === '1') return vigilEntry().bin;
  if (snapshotBin === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-build-'));
    for (const name of readdirSync(REPO_ROOT)) {
      if (name === 'dist' || name === 'bin' || name === '.git') continue;
      symlinkSync(join(REPO_ROOT, name), join(dir, name));
    }
    cpSync(join(REPO_ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    cpSync(join(REPO_ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    snapshotBin = join(dir, 'bin', 'vigil.js');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return snapshotBin;
}

/** Options of `startVigil`. */
export interface VigilOptions {
  readonly configFiles: readonly string[];
  readonly datasourceUrl?: string;
  readonly deadlineMs?: number;
  /** The entry to run instead of this run's snapshot of bin/ (development aids compare builds). */
  readonly bin?: string;
  /** Node options before the entry (`--cpu-prof`, V8 flags). */
  readonly nodeArgs?: readonly string[];
}

/** Starts `node bin/vigil.js run` with persistence on (storage in its temp dir). */
export function startVigil(opts: VigilOptions): Promise<Service> {
  const entry = vigilEntry();
  if (opts.bin === undefined && !entry.built)
    return Promise.reject(new StartError('vigil: dist/ is missing; run `npm run build` first'));
  return startService({
    name: 'vigil',
    cmd: process.execPath,
    args: (port, dir) => [
      ...(opts.nodeArgs ?? []),
      opts.bin ?? vigilSnapshotBin(),
      'run',
      ...opts.configFiles.flatMap((f) => ['--config', f]),
      '--web.listen-address',
      `127.0.0.1:${port}`,
      '--storage.path',
      join(dir, 'data'),
      '--log.level',
      'warn',
      ...(opts.datasourceUrl !== undefined ? ['--datasource.url', opts.datasourceUrl] : []),
    ],
    deadlineMs: opts.deadlineMs ?? 60_000,
  });
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] ?? '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return (e.stdout || e.stderr || 'not installed').split('\n')[0] ?? '';
  }
}

/** One line per tool: its version as it reports it (or from dpkg for vmalert). */
export function toolVersions(): string[] {
  return [
    firstLine(BIN.prometheus, ['--version']),
    firstLine(BIN.alertmanager, ['--version']),
    `vmalert (victoria-metrics ${firstLine('dpkg-query', ['-W', '-f', '${Version}', 'victoria-metrics'])})`,
    `node ${process.version}`,
  ];
}

/** Short description of an error for the notes. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
