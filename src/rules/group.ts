// One rule group: its rules' runtime state and one evaluation iteration at a slot time.
import type { Clock } from '../model/clock.js';
import type { Labels } from '../model/labels.js';
import type { RuleDef, RuleGroupDef } from '../model/rule.js';
import { alertsToSend, evaluateAlerting, RESOLVED_RETENTION_MS, type AlertingRule, type AlertMap } from './alerting.js';
import { BatchPlanner, batchableExprs, buildBatchQuery, splitBatchResult, type QueryBatchOptions } from './batch.js';
import { buildDependencies } from './deps.js';
import { labelsKey } from './labelset.js';
import type { RuleMetrics } from './metrics.js';
import { evaluateRecording, type RecordingRule } from './recording.js';
import { forStateSelector, restoreFromForState, type RestoreOptions } from './restore.js';
import { SELF_ALERT_NAME, updateSelfAlerts } from './self-alert.js';
import { isInstantVector } from './expr-type.js';
import { applyThreshold, planFolding, type ParseThreshold, type ThresholdExpr } from './threshold.js';
import type { ExpandTemplate, NotifyAlert, NotifyFn, OutSeries, QueryFn, RangeQueryFn, ReferencedMetrics, RuleStateStore, Sample, WriteFn } from './types.js';

/** What a group needs from outside: data in and out, templates, time, options. */
export interface GroupEnv {
  readonly query: QueryFn;
  readonly rangeQuery?: RangeQueryFn;
  readonly write: WriteFn;
  readonly notify: NotifyFn;
  readonly expandTemplate: ExpandTemplate;
  readonly referencedMetrics: ReferencedMetrics;
  readonly externalLabels: Labels;
  readonly externalURL: string;
  readonly resendDelayMs: number;
  /** Rules of one group evaluated at the same time, at most; default 4. */
  readonly maxConcurrency?: number;
  readonly clock: Clock;
  readonly store?: RuleStateStore;
  readonly metrics?: RuleMetrics;
  readonly restore: RestoreOptions;
  readonly log?: (msg: string, fields: Record<string, unknown>) => void;
  /** Recognises `<expr> <cmp> <number>` so rules sharing `<expr>` are answered from one query. */
  readonly parseThreshold?: ParseThreshold;
  /**
   * Sends several distinct instant-vector expressions of an iteration as one query (split
   * locally); absent means one query per distinct expression.
   */
  readonly queryBatch?: QueryBatchOptions;
}

/** Health as the rules API reports it. */
export type RuleHealth = 'unknown' | 'ok' | 'err';

/** A rule with its evaluation state. */
export interface RuleRuntime {
  readonly def: RuleDef;
  readonly name: string;
  readonly expr: string;
  /** Group labels merged with the rule's own (rule wins). */
  readonly labels: Labels;
  /** Name + raw labels: how rules are matched on reload and in the store. */
  readonly key: string;
  readonly alerting?: AlertingRule;
  readonly recording?: RecordingRule;
  health: RuleHealth;
  lastError: string;
  lastEvaluationMs: number;
  evaluationTimeMs: number;
  active: AlertMap;
  prevSeries: Map<string, Labels>;
  restored: boolean;
  savedSig: string;
}

/** The `file;name` key of a group, as Prometheus keys groups and labels their metrics. */
export function groupKey(def: Pick<RuleGroupDef, 'file' | 'name'>): string {
  return `${def.file};${def.name}`;
}

function makeRuntime(def: RuleDef, groupLabels: Labels): RuleRuntime {
  const labels = { ...groupLabels, ...def.labels };
  const name = def.kind === 'alerting' ? def.alert : def.record;
  const base = { def, name, expr: def.expr, labels, key: `${name}\xfe${labelsKey(labels)}` };
  const state = { health: 'unknown' as const, lastError: '', lastEvaluationMs: 0, evaluationTimeMs: 0, active: new Map(), prevSeries: new Map(), restored: true, savedSig: '' };
  if (def.kind === 'recording') return { ...base, ...state, recording: { name, expr: def.expr, labels } };
  const alerting: AlertingRule = { name, expr: def.expr, forMs: def.for, keepFiringForMs: def.keepFiringFor, labels, annotations: def.annotations };
  return { ...base, ...state, alerting };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function stateSig(active: AlertMap): string {
  const parts: string[] = [];
  for (const [k, a] of active) parts.push(`${k}|${a.state}|${a.activeAtMs}|${a.firedAtMs}|${a.resolvedAtMs}|${a.lastSentAtMs}|${a.keepFiringSinceMs}`);
  return parts.sort().join('\n');
}

/** True for an alerting rule whose templates may call `query` (the app prefetches those by the rule's expression). */
function hasTemplateQueries(r: RuleRuntime): boolean {
  const a = r.alerting;
  if (!a) return false;
  for (const t of Object.values(a.labels)) if (t.includes('query')) return true;
  for (const t of Object.values(a.annotations)) if (t.includes('query')) return true;
  return false;
}

type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

/** One iteration's queries: the evaluation time, the concurrency slots, each expression's result. */
interface Iteration {
  readonly atMs: number;
  readonly run: Limiter;
  readonly results: Map<string, Promise<readonly Sample[]>>;
  queries: number;
}

function limiter(max: number): Limiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** A rule group: rules in file order; a rule that reads an earlier recording rule waits for its write. */
export class RuleGroup {
  readonly key: string;
  readonly rules: RuleRuntime[];
  readonly deps: number[][];
  readonly #folds: Array<ThresholdExpr | undefined>;
  #planner: BatchPlanner | undefined;
  #plannerOpts: QueryBatchOptions | undefined;
  lastEvaluationMs = 0;
  lastSlotMs = 0;
  evaluationTimeMs = 0;
  /** Datasource queries the last iteration sent (one per distinct, possibly folded, expression). */
  lastQueries = 0;
  selfAlerts: AlertMap = new Map();
  /** Series of rules removed by a reload; they get stale markers at the next evaluation. */
  pendingStale: Labels[] = [];
  /** Set on the first load when `for` state must come from `ALERTS_FOR_STATE`. */
  needsForStateRestore = false;

  constructor(
    readonly def: RuleGroupDef,
    private readonly env: GroupEnv,
  ) {
    this.key = groupKey(def);
    this.rules = def.rules.map((r) => makeRuntime(r, def.labels));
    this.deps = buildDependencies(
      this.rules.map((r) => ({ kind: r.alerting ? 'alerting' : 'recording', name: r.name, expr: r.expr })),
      env.referencedMetrics,
    );
    this.#folds = planFolding(
      this.rules.map((r) => r.expr),
      env.parseThreshold,
    );
    env.metrics?.groupRules.set({ rule_group: this.key }, this.rules.length);
    env.metrics?.groupInterval.set({ rule_group: this.key }, def.interval / 1000);
  }

  /** Runs every rule once at slot time `tsMs`; never throws. */
  async evaluate(tsMs: number): Promise<void> {
    const start = this.env.clock.now();
    // Each distinct expression is queried once per iteration; rules sharing an expression share
    // its dependencies too, so the shared result is never older than what either rule must see.
    const it: Iteration = { atMs: tsMs - this.def.queryOffset, run: limiter(Math.max(1, this.env.maxConcurrency ?? 4)), results: new Map(), queries: 0 };
    const batched = this.#startBatches(it);
    const done: Promise<number>[] = [];
    this.rules.forEach((r, i) => {
      const deps = (this.deps[i] ?? []).map((j) => done[j]);
      const fold = this.#folds[i];
      const task = (): Promise<number> => this.#runRule(r, tsMs, it, fold);
      // A batched rule waits for its batch without holding a slot: the slots are the queries'.
      done[i] = Promise.all(deps).then(() => (batched.has(fold ? fold.inner : r.expr) ? task() : it.run(task)));
    });
    const samples = (await Promise.all(done)).reduce((a, b) => a + b, 0);
    await this.#writeStale(this.pendingStale, tsMs - this.def.queryOffset);
    this.pendingStale = [];
    if (this.needsForStateRestore) await this.#restoreForState();
    this.#sendSelfAlerts(tsMs);
    this.lastEvaluationMs = start;
    this.lastSlotMs = tsMs;
    this.evaluationTimeMs = this.env.clock.now() - start;
    this.lastQueries = it.queries;
    const m = this.env.metrics;
    const g = { rule_group: this.key };
    m?.groupQueries.set(g, it.queries);
    m?.lastEvalTimestamp.set(g, tsMs / 1000);
    m?.lastDuration.set(g, this.evaluationTimeMs / 1000);
    m?.groupDuration.observe(g, this.evaluationTimeMs / 1000);
    m?.lastSamples.set(g, samples);
  }

  /** The batch planner, built at the first iteration (not at load, to keep start-up cheap). */
  #batchPlanner(): BatchPlanner | undefined {
    const opts = this.env.queryBatch;
    if (!opts) return undefined;
    // A reload that changes the options (a new object) re-plans; the same object keeps the plan.
    if (this.#planner === undefined || this.#plannerOpts !== opts) {
      this.#plannerOpts = opts;
      const candidates = this.rules.map((r, i) => ({
        queryExpr: this.#folds[i]?.inner ?? r.expr,
        hasDeps: (this.deps[i]?.length ?? 0) > 0,
        templateQueries: hasTemplateQueries(r),
      }));
      this.#planner = new BatchPlanner(batchableExprs(candidates, opts.isInstantVector ?? isInstantVector), opts);
    }
    return this.#planner;
  }

  /** Sends this iteration's batched queries; returns the expressions they answer. */
  #startBatches(it: Iteration): Set<string> {
    const planner = this.#batchPlanner();
    const batched = new Set<string>();
    for (const chunk of planner?.next() ?? []) {
      const whole = it.run(() => this.#send(it, buildBatchQuery(chunk))).then((s) => splitBatchResult(s, chunk.length));
      // On any error every expression is queried alone: each rule gets its own result or error.
      const parts = chunk.map((e, i) => whole.then((r) => r[i] ?? [], () => it.run(() => this.#send(it, e))));
      chunk.forEach((e, i) => {
        const p = parts[i];
        if (p === undefined) return;
        it.results.set(e, p);
        batched.add(e);
      });
      whole.catch((err: unknown) => {
        this.env.metrics?.batchFallbacks.inc({ rule_group: this.key });
        this.env.log?.('Batched query failed; querying its expressions one by one', { group: this.key, exprs: chunk.length, err: errorText(err) });
        void Promise.allSettled(parts).then((rs) => planner?.failed(chunk, rs.map((r) => r.status === 'rejected')));
      });
    }
    return batched;
  }

  #send(it: Iteration, expr: string): Promise<readonly Sample[]> {
    it.queries++;
    this.env.metrics?.queries.inc({ rule_group: this.key });
    return this.env.query(expr, it.atMs);
  }

  /** The pending result of `expr` in this iteration, querying it when no rule did yet. */
  #result(it: Iteration, expr: string): Promise<readonly Sample[]> {
    let pending = it.results.get(expr);
    if (!pending) {
      it.results.set(expr, (pending = this.#send(it, expr)));
      const planner = this.#planner;
      if (planner) pending.catch(() => planner.stillFailing(expr));
    }
    return pending;
  }

  #fail(r: RuleRuntime, err: unknown): void {
    r.health = 'err';
    r.lastError = errorText(err);
    this.env.metrics?.evalFailures.inc({ rule_group: this.key });
    this.env.log?.('Evaluating rule failed', { group: this.key, rule: r.name, err: r.lastError });
  }

  async #runRule(r: RuleRuntime, tsMs: number, it: Iteration, fold: ThresholdExpr | undefined): Promise<number> {
    const start = this.env.clock.now();
    const atMs = it.atMs;
    this.env.metrics?.evaluations.inc({ rule_group: this.key });
    try {
      const pending = this.#result(it, fold ? fold.inner : r.expr);
      const samples = fold ? applyThreshold(fold, await pending) : await pending;
      const series = r.alerting ? this.#alerting(r, r.alerting, samples, tsMs) : this.#recording(r, samples, atMs);
      if (!series) return 0;
      let ok = true;
      try {
        await this.env.write(series);
        this.env.metrics?.samplesWritten.inc({ rule_group: this.key }, series.length);
      } catch (err) {
        ok = false;
        this.#fail(r, err);
      }
      const current = new Map(series.map((s) => [labelsKey(s.labels), s.labels]));
      const vanished = [...r.prevSeries].filter(([k]) => !current.has(k)).map(([, l]) => l);
      r.prevSeries = current;
      await this.#writeStale(vanished, atMs);
      if (ok) {
        r.health = 'ok';
        r.lastError = '';
      }
      return series.length;
    } catch (err) {
      this.#fail(r, err);
      return 0;
    } finally {
      r.lastEvaluationMs = start;
      r.evaluationTimeMs = this.env.clock.now() - start;
      this.env.metrics?.evalDuration.observe({ rule_group: this.key }, r.evaluationTimeMs / 1000);
    }
  }

  #recording(r: RuleRuntime, samples: Parameters<typeof evaluateRecording>[1], atMs: number): OutSeries[] | undefined {
    if (!r.recording) return undefined;
    const res = evaluateRecording(r.recording, samples, atMs, this.def.limit);
    if ('error' in res) throw new Error(res.error);
    return res.series;
  }

  #alerting(r: RuleRuntime, rule: AlertingRule, samples: Parameters<typeof evaluateAlerting>[2], tsMs: number): OutSeries[] {
    const env = this.env;
    const res = evaluateAlerting(
      rule,
      { tsMs, queryOffsetMs: this.def.queryOffset, limit: this.def.limit, externalLabels: env.externalLabels, externalURL: env.externalURL, expandTemplate: env.expandTemplate, restored: r.restored },
      samples,
      r.active,
    );
    if (res.templateFailures > 0) env.metrics?.templateFailures.inc(res.templateFailures);
    r.active = res.active;
    if (res.error !== undefined) {
      this.#persist(r);
      throw new Error(res.error);
    }
    const sent = alertsToSend(rule, r.active, tsMs, { resendDelayMs: env.resendDelayMs, intervalMs: this.def.interval, externalURL: env.externalURL });
    r.active = sent.active;
    this.#persist(r);
    if (sent.alerts.length > 0) this.#notify(sent.alerts);
    return res.series;
  }

  #notify(alerts: NotifyAlert[]): void {
    try {
      this.env.notify(alerts);
    } catch (err) {
      this.env.log?.('Sending alerts failed', { group: this.key, err: errorText(err) });
    }
  }

  #persist(r: RuleRuntime): void {
    const store = this.env.store;
    if (!store) return;
    const sig = stateSig(r.active);
    if (sig === r.savedSig) return;
    try {
      store.saveRule(this.key, r.key, [...r.active.values()]);
      r.savedSig = sig;
    } catch (err) {
      this.env.log?.('Saving alert state failed', { group: this.key, rule: r.name, err: errorText(err) });
    }
  }

  async #writeStale(labels: readonly Labels[], atMs: number): Promise<void> {
    if (labels.length === 0) return;
    const series = labels.map((l) => ({ labels: l, samples: [{ value: NaN, timestampMs: atMs, stale: true }] }));
    try {
      await this.env.write(series);
    } catch (err) {
      this.env.metrics?.staleRejected.inc({ rule_group: this.key });
      this.env.log?.('Writing stale markers failed', { group: this.key, err: errorText(err) });
    }
  }

  async #restoreForState(): Promise<void> {
    this.needsForStateRestore = false;
    const start = this.env.clock.now();
    for (const r of this.rules) {
      if (r.restored || !r.alerting) continue;
      r.restored = true;
      if (r.alerting.forMs < this.env.restore.gracePeriodMs || !this.env.rangeQuery) continue;
      try {
        const series = await this.env.rangeQuery(forStateSelector(r.alerting, this.env.restore.outageToleranceMs), start);
        r.active = restoreFromForState(r.alerting, r.active, series, start, this.env.restore);
        this.#persist(r);
      } catch (err) {
        this.env.log?.('Restoring alert state failed', { group: this.key, rule: r.name, err: errorText(err) });
      }
    }
    this.env.metrics?.restoreDuration.set({ rule_group: this.key }, (this.env.clock.now() - start) / 1000);
  }

  #sendSelfAlerts(tsMs: number): void {
    const failing = this.rules.filter((r) => r.health === 'err').map((r) => ({ ruleName: r.name, error: r.lastError }));
    if (failing.length === 0 && this.selfAlerts.size === 0) return;
    this.selfAlerts = updateSelfAlerts(this.selfAlerts, this.def.name, failing, tsMs, RESOLVED_RETENTION_MS);
    const pseudo: AlertingRule = { name: SELF_ALERT_NAME, expr: '', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {} };
    const sent = alertsToSend(pseudo, this.selfAlerts, tsMs, { resendDelayMs: this.env.resendDelayMs, intervalMs: this.def.interval, externalURL: this.env.externalURL });
    this.selfAlerts = sent.active;
    if (sent.alerts.length > 0) this.#notify(sent.alerts);
  }
}
