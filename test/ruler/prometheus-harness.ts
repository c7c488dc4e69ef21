// Runs a real Prometheus (Debian's /usr/bin/prometheus) on loopback with a temp config and TSDB,
// plus a tiny exporter whose values the test drives.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './http-fixture.js';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';

/** True when the binary exists; in CI a missing binary must fail the suite, not skip it. */
export function prometheusAvailable(): boolean {
  if (existsSync(PROMETHEUS_BIN)) return true;
  if (process.env['CI'] === 'true') throw new Error(`${PROMETHEUS_BIN} is required in CI`);
  return false;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Polls `fn` until it returns a defined value, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The exporter: `/metrics` serves `test_value{site="a"} <value()>` plus any `extra()` lines. */
export async function startExporter(value: () => number, extra: () => string = () => '') {
  return startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE test_value gauge\ntest_value{site="a"} ${value()}\n${extra()}`);
  });
}

/** A running Prometheus. */
export interface PromInstance {
  readonly url: string;
  readonly dir: string;
  readonly proc: ChildProcess;
  stop(): Promise<void>;
  /** Kills the process (SIGKILL), keeping its data and port. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Instant query; returns `data` of the success envelope. */
  query(expr: string, atSec?: number): Promise<{ resultType: string; result: unknown[] }>;
  getJSON(path: string): Promise<unknown>;
}

function launch(dir: string, port: number): { proc: ChildProcess; stderr: () => string } {
  const proc = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  return { proc, stderr: () => stderr };
}

async function exit(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

/**
 * Starts Prometheus scraping `target`(s) every second, loading `ruleFiles` (paths), with the
 * remote-write receiver on; `honorLabels` keeps the targets' own `job`/`instance` labels.
 */
export async function startPrometheus(
  target: string | readonly string[],
  ruleFiles: string[] = [],
  evaluationInterval = '1s',
  opts: { readonly honorLabels?: boolean } = {},
): Promise<PromInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-prom-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    `  evaluation_interval: ${evaluationInterval}`,
    'rule_files:',
    ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
    'scrape_configs:',
    '  - job_name: exporter',
    ...(opts.honorLabels ? ['    honor_labels: true'] : []),
    '    static_configs:',
    `      - targets: [${(typeof target === 'string' ? [target] : target).map((t) => JSON.stringify(t)).join(', ')}]`,
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config);
  let run = launch(dir, port);
  const url = `http://127.0.0.1:${port}`;
  const getJSON = async (path: string): Promise<unknown> => {
    const res = await fetch(url + path);
    return res.json();
  };
  const ready = () =>
    waitFor(
      'prometheus ready',
      async () => {
        if (run.proc.exitCode !== null) throw new Error(`prometheus exited: ${run.stderr()}`);
        const res = await fetch(`${url}/-/ready`).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      30_000,
    );
  const inst: PromInstance = {
    url,
    dir,
    get proc() {
      return run.proc;
    },
    getJSON,
    query: async (expr, atSec) => {
      const qs = new URLSearchParams({
        query: expr,
        ...(atSec !== undefined ? { time: String(atSec) } : {}),
      });
      const body = (await getJSON(`/api/v1/query?${qs}`)) as {
        status: string;
        data: { resultType: string; result: unknown[] };
        error?: string;
      };
      if (body.status !== 'success') throw new Error(body.error);
      return body.data;
    },
    kill: () => exit(run.proc, 'SIGKILL'),
    restart: async () => {
      await exit(run.proc, 'SIGKILL');
      run = launch(dir, port);
      await ready();
    },
    stop: async () => {
      await exit(run.proc, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await ready();
  return inst;
}

/** Raw samples of a range selector as [timestampMs, value] pairs (first matching series). */
export async function rawSamples(p: PromInstance, selector: string): Promise<Array<[number, number]>> {
  const data = await p.query(`${selector}[5m]`);
  const series = data.result[0] as { values: Array<[number, string]> } | undefined;
  return (series?.values ?? []).map(([t, v]) => [Math.round(t * 1000), Number(v)]);
}
