// The datasource of the ruler benchmarks: a real Prometheus whose TSDB is backfilled with the
// synthetic series, plus a plain concurrent instant-query client that measures how fast it
// answers the rules' expressions on its own.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keepAlivePool, parseMetric, scrape } from './http.js';
import { cpuSeconds, secondsSince } from './measure.js';
import type { Service } from './proc.js';
import { backfill, writeOpenMetrics } from './series.js';
import type { SeriesOptions } from './series.js';
import { startPrometheus } from './tools.js';

/** A running, backfilled Prometheus and the file its config lives in (for reloads). */
export interface Datasource {
  readonly prom: Service;
  readonly configFile: string;
  readonly series: number;
  /** Rewrites prometheus.yml (with or without rule files, alerts to `alertUrl`) and reloads. */
  reload(ruleFiles: readonly string[], interval: string, alertUrl?: string): Promise<void>;
}

function promConfig(ruleFiles: readonly string[], interval: string, alertUrl?: string): string {
  const lines = [
    'global:',
    `  evaluation_interval: ${interval}`,
    // The backfilled blocks reach into the future; without an out-of-order window Prometheus
    // would reject ALERTS samples (its own rules and remote writes) as "out of bounds".
    'storage:',
    '  tsdb:',
    '    out_of_order_time_window: 12h',
  ];
  if (ruleFiles.length > 0) lines.push('rule_files:', ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`));
  if (alertUrl !== undefined) {
    const u = new URL(alertUrl);
    lines.push('alerting:', '  alertmanagers:', '    - static_configs:', `        - targets: ['${u.host}']`);
  }
  return lines.join('\n') + '\n';
}

/** Generates the series, backfills them into `dir`, and starts Prometheus on them. */
export async function startDatasource(dir: string, series: SeriesOptions, interval: string): Promise<Datasource> {
  const om = join(dir, 'series.om');
  const dataDir = join(dir, 'prom-data');
  const count = await writeOpenMetrics(om, series, Math.floor(Date.now() / 1000));
  await backfill(om, dataDir);
  await rm(om, { force: true });
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, promConfig([], interval));
  const prom = await startPrometheus({ configFile, dataDir });
  return {
    prom,
    configFile,
    series: count,
    async reload(ruleFiles, iv, alertUrl) {
      await writeFile(configFile, promConfig(ruleFiles, iv, alertUrl));
      const res = await fetch(`${prom.url}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(120_000) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`prometheus reload: ${res.status} ${text}`);
    },
  };
}

/** Instant queries Prometheus has answered over HTTP so far (from its own metrics). */
export async function httpQueryCount(promUrl: string): Promise<number> {
  const text = (await scrape(promUrl)) ?? '';
  return parseMetric(text, 'prometheus_http_requests_total')
    .filter((s) => s.labels.handler === '/api/v1/query')
    .reduce((a, s) => a + s.value, 0);
}

/** One pass of the plain query client: wall seconds and Prometheus CPU-ms per query. */
export interface QueryPass {
  readonly wallSec: number;
  readonly cpuMsPerQuery: number;
  readonly errors: number;
}

/** Runs every expression once as an instant query, one worker per group (as evaluators do). */
export async function queryPass(prom: Service, groups: readonly string[][]): Promise<QueryPass> {
  const pool = keepAlivePool(prom.url, Math.max(1, groups.length));
  const time = (Date.now() / 1000).toFixed(3);
  let errors = 0;
  let total = 0;
  const cpu0 = cpuSeconds(prom.pid);
  const t0 = process.hrtime.bigint();
  try {
    await Promise.all(
      groups.map(async (exprs) => {
        for (const expr of exprs) {
          const body = new URLSearchParams({ query: expr, time }).toString();
          const res = await pool.request({
            method: 'POST',
            path: '/api/v1/query',
            body,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          await res.body.arrayBuffer();
          total++;
          if (res.statusCode !== 200) errors++;
        }
      }),
    );
  } finally {
    await pool.close();
  }
  const wallSec = secondsSince(t0);
  return { wallSec, cpuMsPerQuery: ((cpuSeconds(prom.pid) - cpu0) / Math.max(1, total)) * 1000, errors };
}
