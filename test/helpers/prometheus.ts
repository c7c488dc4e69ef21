// A real Prometheus for end-to-end tests (temp dir, random port, remote-write receiver on) and a
// tiny exporter whose value the test sets, so rule inputs change when the test says so.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './tools.js';
import { waitFor } from './vigil-process.js';

/** A metrics endpoint serving `e2e_value <value>`; set `value` to change what is scraped. */
export interface TestExporter {
  readonly target: string;
  value: number;
  close(): Promise<void>;
}

/** Starts the exporter on a random port of 127.0.0.1. */
export async function startExporter(value: number): Promise<TestExporter> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE e2e_value gauge\ne2e_value{source="test"} ${exporter.value}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const exporter: TestExporter = {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    value,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return exporter;
}

/** A running Prometheus. */
export interface TestPrometheus {
  readonly url: string;
  log: string;
  /** Runs an instant query and returns the result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Stops it with SIGTERM and waits for the exit; its data stays for `restart`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory, and waits until it is ready. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

/** Starts `binary` scraping `target` every second, in a temp dir, with the remote-write receiver on. */
export async function startPrometheus(binary: string, target: string): Promise<TestPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-prom-'));
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: e2e\n    static_configs:\n      - targets: ['${target}']\n`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const launch = async (): Promise<void> => {
    const c = spawn(
      binary,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-remote-write-receiver',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = c;
    exited = new Promise<void>((resolve) => c.on('exit', () => resolve()));
    c.stderr?.setEncoding('utf8').on('data', (d: string) => (prom.log += d));
    await waitFor(`Prometheus on ${url} to be ready; log:\n${prom.log}`, async () =>
      (await fetch(`${url}/-/ready`)).status === 200 ? true : undefined,
    );
  };
  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const prom: TestPrometheus = {
    url,
    log: '',
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { data?: { result?: unknown } };
      const result = body.data?.result;
      return Array.isArray(result)
        ? (result as Array<{ metric: Record<string, string>; value: [number, string] }>)
        : [];
    },
    stop,
    restart: launch,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await launch();
  return prom;
}
