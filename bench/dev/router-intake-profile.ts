// Private profiling driver for the router's intake (not part of the benchmark suite in bench/).
// Starts Vigil or Alertmanager with group_by [alertname, cluster], group_wait 30s and a webhook
// receiver to a local sink, posts N distinct alerts in batches of B over one keep-alive undici
// client, and prints the server's alerts per CPU-second and RSS bytes per active alert.
//
//   npx tsx bench/dev/router-intake-profile.ts --server vigil|am [--n 100000] [--batch 100]
//     [--bin bin/vigil.js] [--node-args "--cpu-prof --cpu-prof-dir=/tmp/prof"] [--conc 4]
//     [--get 0] [--latency 50]   (--latency K: group_wait 0s, K new groups, POST → webhook median)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';

const CLK_TCK = 100;
const PAGE = 4096;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

function sysSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) / CLK_TCK;
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function alert(i: number, startsAt: string): unknown {
  return {
    labels: {
      alertname: `Alert${i % 5}`,
      cluster: `cluster-${i % 10}`,
      instance: `host-${i}.example.org:9100`,
      job: 'node',
      severity: i % 3 === 0 ? 'critical' : 'warning',
      env: 'prod',
    },
    annotations: { summary: `Instance host-${i} is down`, description: `host-${i} has been down for 5m` },
    startsAt,
  };
}

async function waitReady(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) return;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error('server not ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function measureLatency(pool: Pool, k: number, hook: (fn: () => void) => void): Promise<void> {
  const ms: number[] = [];
  const resp: number[] = [];
  for (let i = 0; i < k; i++) {
    const body = JSON.stringify([{ labels: { alertname: `Lat${i}`, cluster: 'c', instance: 'x' } }]);
    const got = new Promise<number>((r) => hook(() => r(performance.now())));
    const t0 = performance.now();
    const res = await pool.request({
      path: '/api/v2/alerts',
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    await res.body.text();
    resp.push(performance.now() - t0);
    ms.push((await got) - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  ms.sort((a, b) => a - b);
  resp.sort((a, b) => a - b);
  const q = (f: number): string => (ms[Math.floor(f * (ms.length - 1))] ?? 0).toFixed(2);
  process.stdout.write(
    `latency POST→webhook over ${k}: median ${q(0.5)} ms, p10 ${q(0.1)}, p90 ${q(0.9)}; POST answered: median ${(resp[resp.length >> 1] ?? 0).toFixed(2)} ms\n`,
  );
}

async function main(): Promise<void> {
  const server = arg('server', 'vigil');
  const n = Number(arg('n', '100000'));
  const batch = Number(arg('batch', '100'));
  const conc = Number(arg('conc', '4'));
  const dir = mkdtempSync(join(tmpdir(), 'rip-'));
  let onWebhook: (() => void) | undefined;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.end();
      onWebhook?.();
    });
  });
  const latency = Number(arg('latency', '0'));
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkPort = (sink.address() as AddressInfo).port;
  const cfg = join(dir, 'cfg.yml');
  writeFileSync(
    cfg,
    `route:\n  receiver: sink\n  group_by: [alertname, cluster]\n  group_wait: ${latency > 0 ? '0s' : '30s'}\n  group_interval: 5m\n` +
      `receivers:\n  - name: sink\n    webhook_configs:\n      - url: http://127.0.0.1:${sinkPort}/\n`,
  );
  const port = await freePort();
  const listen = `127.0.0.1:${port}`;
  const store = join(dir, 'data');
  const child =
    server === 'am'
      ? spawn('/usr/bin/prometheus-alertmanager', [
          `--config.file=${cfg}`,
          `--storage.path=${store}`,
          `--web.listen-address=${listen}`,
          '--cluster.listen-address=',
        ])
      : spawn(
          'node',
          [
            ...arg('node-args', '').split(' ').filter(Boolean),
            arg('bin', 'bin/vigil.js'),
            'run',
            '--config',
            cfg,
            '--storage.path',
            store,
            '--web.listen-address',
            listen,
          ],
          { cwd: arg('cwd', process.cwd()) },
        );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  const url = `http://${listen}`;
  try {
    await waitReady(url, Date.now() + 20_000);
  } catch (e) {
    process.stderr.write(out);
    throw e;
  }
  const pid = child.pid ?? 0;
  const pool = new Pool(url, { connections: conc, pipelining: 1 });
  if (latency > 0) {
    await measureLatency(pool, latency, (fn) => (onWebhook = fn));
    await pool.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    sink.close();
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const startsAt = new Date().toISOString();
  const bodies: string[] = [];
  for (let i = 0; i < n; i += batch) {
    const items = [];
    for (let j = i; j < Math.min(n, i + batch); j++) items.push(alert(j, startsAt));
    bodies.push(JSON.stringify(items));
  }
  // Warm-up connections with an empty batch, then measure.
  await pool
    .request({
      path: '/api/v2/alerts',
      method: 'POST',
      body: '[]',
      headers: { 'content-type': 'application/json' },
    })
    .then((r) => r.body.text());
  await new Promise((r) => setTimeout(r, 300));
  const rss0 = rssBytes(pid);
  const cpu0 = cpuSeconds(pid);
  const sys0 = sysSeconds(pid);
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      const r = await pool.request({
        path: '/api/v2/alerts',
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      const text = await r.body.text();
      if (r.statusCode !== 200) throw new Error(`POST: ${r.statusCode} ${text}`);
    }
  };
  await Promise.all(Array.from({ length: conc }, worker));
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const sys = sysSeconds(pid) - sys0;
  await new Promise((r) => setTimeout(r, 1000));
  const rss1 = rssBytes(pid);
  let active = -1;
  if (arg('get', '1') === '1') {
    const got = await pool.request({ path: '/api/v2/alerts', method: 'GET' });
    active = ((await got.body.json()) as unknown[]).length;
  }
  const cpuAfterIdle = cpuSeconds(pid) - cpu0;
  process.stdout.write(
    `${server} n=${n} batch=${batch} conc=${conc}: active=${active} wall=${wall.toFixed(2)}s ` +
      `cpu=${cpu.toFixed(2)}s (sys ${sys.toFixed(2)}s) alerts/cpu-s=${Math.round(n / cpu)} alerts/s=${Math.round(n / wall)} ` +
      `rss0=${(rss0 / 2 ** 20).toFixed(1)}MiB rss1=${(rss1 / 2 ** 20).toFixed(1)}MiB ` +
      `bytes/alert=${Math.round((rss1 - rss0) / n)} total/alert=${Math.round(rss1 / n)} (cpu incl. GET ${cpuAfterIdle.toFixed(2)}s)\n`,
  );
  await pool.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  sink.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
