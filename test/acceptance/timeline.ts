// Timeline scenarios: alerts posted at given seconds, notifications expected in time windows.
import type { PostedAlert, Target } from './targets.js';
import { startSink } from './sink.js';
import type { Received } from './sink.js';

/** An alert to post; `startsAt`/`endsAt` are seconds relative to the scenario start. */
export interface TimedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: number;
  endsAt?: number;
}

/** A silence to create; times in seconds relative to the scenario start. */
export interface TimedSilence {
  /** Name the step's `expire` refers to. */
  ref: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean }>;
  startsAt: number;
  endsAt: number;
}

/** What happens at one instant: alerts posted, a silence created or expired. */
export interface Step {
  at: number;
  alerts?: TimedAlert[];
  silence?: TimedSilence;
  expire?: string;
  reload?: true;
}

/** One notification the sink must receive. */
export interface Expectation {
  /** Window in seconds from the scenario start, inclusive. */
  from: number;
  to: number;
  /** Request path at the sink (`/` by default). */
  path?: string;
  /** `alertname:status` of every alert in the payload, in payload order. */
  alerts: string[];
}

/** A whole scenario; `${SINK}` in the config is replaced by the sink's base URL. */
export interface Scenario {
  name: string;
  config: string;
  posts: Step[];
  expect: Expectation[];
  /** Seconds to keep watching after the last expectation (to catch extra notifications). */
  end: number;
  /** Sink answers per request index (default 200). */
  statuses?: number[];
  /** Sink response delays in seconds per request index (default none). */
  delays?: number[];
}

/** What went wrong, as readable lines (empty = the target met the scenario). */
export type Report = string[];

function summary(r: Received, t0: number): { at: number; path: string; alerts: string[] } {
  const body = r.body as { alerts?: Array<{ labels: Record<string, string>; status: string }> };
  return {
    at: (r.at - t0) / 1000,
    path: r.path,
    alerts: (body.alerts ?? []).map((a) => `${a.labels['alertname'] ?? ''}:${a.status}`),
  };
}

function sleepUntil(t: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));
}

async function runStep(p: Step, target: Target, t0: number, ids: Map<string, string>): Promise<void> {
  const iso = (rel: number): string => new Date(t0 + rel * 1000).toISOString();
  if (p.silence !== undefined) {
    const { ref, matchers, startsAt, endsAt } = p.silence;
    const id = await target.silence({
      matchers,
      startsAt: iso(startsAt),
      endsAt: iso(endsAt),
      createdBy: 'acceptance',
      comment: ref,
    });
    ids.set(ref, id);
  }
  if (p.expire !== undefined) await target.expire(ids.get(p.expire) ?? 'unknown');
  if (p.reload) await target.reload();
  if (p.alerts === undefined) return;
  const alerts: PostedAlert[] = p.alerts.map((a) => ({
    labels: a.labels,
    ...(a.annotations !== undefined ? { annotations: a.annotations } : {}),
    ...(a.startsAt !== undefined ? { startsAt: iso(a.startsAt) } : {}),
    ...(a.endsAt !== undefined ? { endsAt: iso(a.endsAt) } : {}),
  }));
  await target.post(alerts);
}

/** Runs one scenario against a freshly started target; returns the mismatches. */
export async function runScenario(s: Scenario, start: (yaml: string) => Promise<Target>): Promise<Report> {
  const sink = await startSink();
  const statuses = s.statuses ?? [];
  const delays = s.delays ?? [];
  sink.respond = (_r, i) => {
    const d = delays[i];
    return d === undefined
      ? { status: statuses[i] ?? 200 }
      : { status: statuses[i] ?? 200, delayMs: d * 1000 };
  };
  const target = await start(s.config.replaceAll('${SINK}', sink.url));
  const t0 = Date.now();
  try {
    const ids = new Map<string, string>();
    for (const p of s.posts) {
      await sleepUntil(t0 + p.at * 1000);
      await runStep(p, target, t0, ids);
    }
    await sleepUntil(t0 + s.end * 1000);
  } finally {
    await target.stop();
    await sink.close();
  }
  return compare(
    s.expect,
    sink.received.map((r) => summary(r, t0)),
    target.name,
  );
}

function compare(expected: Expectation[], got: ReturnType<typeof summary>[], who: string): Report {
  const left = [...got];
  const report: Report = [];
  for (const e of expected) {
    const i = left.findIndex(
      (g) =>
        g.path === (e.path ?? '/') &&
        g.at >= e.from &&
        g.at <= e.to &&
        JSON.stringify(g.alerts) === JSON.stringify(e.alerts),
    );
    if (i < 0) report.push(`${who}: missing ${JSON.stringify(e)}`);
    else left.splice(i, 1);
  }
  for (const g of left) report.push(`${who}: unexpected ${JSON.stringify(g)}`);
  if (report.length > 0) report.push(`${who}: received ${JSON.stringify(got)}`);
  return report;
}
