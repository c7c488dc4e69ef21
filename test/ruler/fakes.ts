// Fakes implementing the rules engine's interfaces: a datasource that answers queries from
// scripted functions and records writes, and a notification sink.
import { ManualClock } from '../../src/model/clock.js';
import type { Labels } from '../../src/model/labels.js';
import type { AlertingRuleDef, RecordingRuleDef, RuleDef, RuleGroupDef } from '../../src/model/rule.js';
import { referencedMetrics } from '../../src/promql/metrics.js';
import type { GroupEnv } from '../../src/rules/group.js';
import { DEFAULT_RESTORE_OPTIONS } from '../../src/rules/restore.js';
import type { ExpandTemplate, NotifyAlert, OutSeries, RangeSeries, Sample } from '../../src/rules/types.js';

type Handler = (atMs: number) => Sample[] | Promise<Sample[]>;

/** A scripted datasource: `on(expr, fn)` answers that expression; writes are recorded and acked. */
export class FakeDatasource {
  readonly handlers = new Map<string, Handler>();
  readonly queries: Array<{ expr: string; atMs: number }> = [];
  readonly writes: OutSeries[][] = [];
  readonly rangeQueries: string[] = [];
  rangeResult: RangeSeries[] = [];
  /** When set, writes wait for this promise before they are acknowledged. */
  writeGate: Promise<void> | undefined;
  failWith: Error | undefined;

  on(expr: string, fn: Handler): this {
    this.handlers.set(expr, fn);
    return this;
  }

  readonly query = async (expr: string, atMs: number): Promise<Sample[]> => {
    this.queries.push({ expr, atMs });
    if (this.failWith) throw this.failWith;
    const h = this.handlers.get(expr);
    if (!h) throw new Error(`no handler for ${expr}`);
    return h(atMs);
  };

  readonly rangeQuery = async (expr: string): Promise<RangeSeries[]> => {
    this.rangeQueries.push(expr);
    return this.rangeResult;
  };

  readonly write = async (series: readonly OutSeries[]): Promise<void> => {
    if (this.writeGate) await this.writeGate;
    this.writes.push([...series]);
  };

  /** The latest written value of a series with exactly these labels at or before `atMs`. */
  latest(labels: Labels, atMs: number): number | undefined {
    const key = JSON.stringify(Object.entries(labels).sort());
    let best: { t: number; v: number } | undefined;
    for (const w of this.writes)
      for (const s of w) {
        if (JSON.stringify(Object.entries(s.labels).sort()) !== key) continue;
        for (const p of s.samples)
          if (p.timestampMs <= atMs && (!best || p.timestampMs >= best.t))
            best = { t: p.timestampMs, v: p.value };
      }
    return best?.v;
  }

  /** Every written sample flattened as `name{labels} value @ts` for compact assertions. */
  flat(): string[] {
    return this.writes.flatMap((w) =>
      w.flatMap((s) =>
        s.samples.map((p) => {
          const { __name__, ...rest } = s.labels;
          const ls = Object.entries(rest)
            .sort()
            .map(([k, v]) => `${k}="${v}"`)
            .join(',');
          return `${__name__ ?? ''}{${ls}} ${p.stale ? 'stale' : p.value} @${p.timestampMs}`;
        }),
      ),
    );
  }
}

/** Collects notifications. */
export class Sink {
  readonly batches: NotifyAlert[][] = [];
  readonly notify = (alerts: readonly NotifyAlert[]): void => {
    this.batches.push([...alerts]);
  };
  all(): NotifyAlert[] {
    return this.batches.flat();
  }
}

/** Replaces `{{ $labels.x }}` and `{{ $value }}`: enough Go template for these tests. */
export const simpleExpand: ExpandTemplate = (text, data) =>
  text.replace(/\{\{\s*\$(labels|value)(?:\.(\w+))?\s*\}\}/g, (_m, v: string, k?: string) =>
    v === 'value' ? String(data.value) : (data.labels[k ?? ''] ?? ''),
  );

/** A recording rule definition. */
export function rec(record: string, expr: string, labels: Labels = {}): RecordingRuleDef {
  return { kind: 'recording', record, expr, labels, source: { file: 'f.yml' } };
}

/** An alerting rule definition. */
export function alert(
  name: string,
  expr: string,
  over: Partial<Omit<AlertingRuleDef, 'kind'>> = {},
): AlertingRuleDef {
  return {
    kind: 'alerting',
    alert: name,
    expr,
    for: 0,
    keepFiringFor: 0,
    labels: {},
    annotations: {},
    source: { file: 'f.yml' },
    ...over,
  };
}

/** A group definition. */
export function group(name: string, rules: RuleDef[], over: Partial<RuleGroupDef> = {}): RuleGroupDef {
  return {
    name,
    file: 'f.yml',
    interval: 10_000,
    intervalSet: true,
    limit: 0,
    queryOffset: 0,
    labels: {},
    rules,
    source: { file: 'f.yml' },
    ...over,
  };
}

/** A group's environment for tests: their query, write and notify, the usual rest (fake clock at 0). */
export function testGroupEnv(
  parts: Pick<GroupEnv, 'query' | 'write' | 'notify'> & Partial<GroupEnv>,
): GroupEnv {
  return {
    expandTemplate: simpleExpand,
    referencedMetrics,
    externalLabels: {},
    externalURL: 'http://vigil',
    resendDelayMs: 60_000,
    clock: new ManualClock(0),
    restore: DEFAULT_RESTORE_OPTIONS,
    ...parts,
  };
}
