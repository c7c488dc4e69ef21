// Synthetic series for the ruler benchmark, written as OpenMetrics text for
// `promtool tsdb create-blocks-from openmetrics`: a few thousand series of HTTP, CPU, memory
// and queue metrics over `jobs` x `instances` targets, covering a window that extends into the
// future so that rules evaluated "now" during the whole benchmark find 5m of samples.
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { BIN } from './tools.js';

/** The shape of the synthetic data set. */
export interface SeriesOptions {
  readonly jobs: number;
  readonly instances: number;
  /** Seconds before now the data starts, and after now it ends. */
  readonly pastSec: number;
  readonly futureSec: number;
  readonly stepSec: number;
}

/** Default data set: 40 jobs x 5 instances x 18 series = 3,600 series, 1-minute step. */
export const DEFAULT_SERIES: SeriesOptions = { jobs: 40, instances: 5, pastSec: 1800, futureSec: 3 * 3600, stepSec: 60 };

/** The job label of job number j (shared with the rule generator). */
export function jobName(j: number): string {
  return `svc${String(j).padStart(2, '0')}`;
}

interface Target {
  readonly job: string;
  readonly instance: string;
  /** A per-target factor in [0, 1) that makes some targets breach thresholds. */
  readonly heat: number;
}

function targets(o: SeriesOptions): Target[] {
  const out: Target[] = [];
  for (let j = 0; j < o.jobs; j++) {
    for (let i = 0; i < o.instances; i++) {
      const heat = ((j * 7 + i * 13) % 17) / 17;
      out.push({ job: jobName(j), instance: `10.0.${j}.${i + 1}:8080`, heat });
    }
  }
  return out;
}

/** One series: its labels (without the name) and its value at time t (seconds since start). */
interface SeriesDef {
  readonly labels: string;
  readonly value: (t: number) => number;
}

function families(ts: Target[]): Map<string, SeriesDef[]> {
  const fam = new Map<string, SeriesDef[]>();
  const push = (name: string, def: SeriesDef): void => {
    const list = fam.get(name) ?? [];
    list.push(def);
    fam.set(name, list);
  };
  const les = ['0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
  for (const tg of ts) {
    const base = `job="${tg.job}",instance="${tg.instance}"`;
    const rps = 5 + 20 * tg.heat;
    for (const method of ['GET', 'POST']) {
      const share = method === 'GET' ? 0.7 : 0.3;
      push('http_requests_total', { labels: `${base},method="${method}",code="200"`, value: (t) => rps * share * (1 - tg.heat / 4) * t });
      push('http_requests_total', { labels: `${base},method="${method}",code="500"`, value: (t) => ((rps * share * tg.heat) / 4) * t });
    }
    les.forEach((le, k) => {
      const frac = le === '+Inf' ? 1 : Math.min(1, (k + 1) / (les.length - 1 + 2 * tg.heat));
      push('http_request_duration_seconds_bucket', { labels: `${base},le="${le}"`, value: (t) => rps * frac * t });
    });
    push('http_request_duration_seconds_sum', { labels: base, value: (t) => rps * (0.1 + 0.8 * tg.heat) * t });
    push('http_request_duration_seconds_count', { labels: base, value: (t) => rps * t });
    const busy = 0.2 + 0.78 * tg.heat;
    push('node_cpu_seconds_total', { labels: `${base},mode="idle"`, value: (t) => (1 - busy) * t });
    push('node_cpu_seconds_total', { labels: `${base},mode="user"`, value: (t) => busy * 0.7 * t });
    push('node_cpu_seconds_total', { labels: `${base},mode="system"`, value: (t) => busy * 0.3 * t });
    push('process_resident_memory_bytes', { labels: base, value: (t) => 2e8 + 2.2e9 * tg.heat + (t % 600) * 1e4 });
    push('queue_depth', { labels: base, value: (t) => 600 * tg.heat * (1 + Math.sin(t / 300)) });
    push('up', { labels: base, value: (t) => (tg.heat > 0.9 && t % 1200 < 300 ? 0 : 1) });
  }
  return fam;
}

/** Writes the OpenMetrics file; returns the number of series. */
export async function writeOpenMetrics(path: string, o: SeriesOptions, nowSec: number): Promise<number> {
  const out = createWriteStream(path);
  const start = Math.floor((nowSec - o.pastSec) / o.stepSec) * o.stepSec;
  const end = nowSec + o.futureSec;
  let series = 0;
  for (const [name, defs] of families(targets(o))) {
    out.write(`# TYPE ${name} unknown\n`);
    for (const def of defs) {
      series++;
      const lines: string[] = [];
      for (let t = start; t <= end; t += o.stepSec) {
        lines.push(`${name}{${def.labels}} ${def.value(t - start + 3600).toFixed(3)} ${t}\n`);
      }
      if (!out.write(lines.join(''))) await once(out, 'drain');
    }
  }
  out.end('# EOF\n');
  await once(out, 'finish');
  return series;
}

/** Backfills the OpenMetrics file into a Prometheus data dir with promtool. */
export async function backfill(openMetricsFile: string, dataDir: string): Promise<void> {
  await promisify(execFile)(BIN.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, dataDir], {
    maxBuffer: 64 * 2 ** 20,
  });
}
