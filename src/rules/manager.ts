// Holds the running rule groups: start with restored state, reload keeping state, stop.
import type { Clock } from '../model/clock.js';
import { labelsEqual } from '../model/labels.js';
import type { RuleDef, RuleGroupDef } from '../model/rule.js';
import type { AlertMap } from './alerting.js';
import { labelsKey } from './labelset.js';
import { RuleGroup, groupKey, type GroupEnv } from './group.js';
import { GroupScheduler, type SetTimer } from './scheduler.js';
import type { ActiveAlert, StoredRuleState } from './types.js';

/** The manager's environment: a group's plus timers and whether to restore from the datasource. */
export interface ManagerEnv extends GroupEnv {
  readonly setTimer: SetTimer;
  readonly clock: Clock;
  /** Restore `for` state from `ALERTS_FOR_STATE` for rules the store knows nothing about; default true. */
  readonly restoreFromQuery?: boolean;
}

interface Running {
  readonly group: RuleGroup;
  readonly scheduler: GroupScheduler;
}

function ruleEqual(a: RuleDef, b: RuleDef): boolean {
  if (a.kind !== b.kind || a.expr !== b.expr || !labelsEqual(a.labels, b.labels)) return false;
  if (a.kind === 'recording' && b.kind === 'recording') return a.record === b.record;
  if (a.kind === 'alerting' && b.kind === 'alerting') {
    return a.alert === b.alert && a.for === b.for && a.keepFiringFor === b.keepFiringFor && labelsEqual(a.annotations, b.annotations);
  }
  return false;
}

/** Prometheus' `Group.Equals`: same settings and rules (positions ignored). */
export function groupDefsEqual(a: RuleGroupDef, b: RuleGroupDef): boolean {
  return (
    a.name === b.name &&
    a.file === b.file &&
    a.interval === b.interval &&
    a.limit === b.limit &&
    a.queryOffset === b.queryOffset &&
    labelsEqual(a.labels, b.labels) &&
    a.rules.length === b.rules.length &&
    a.rules.every((r, i) => {
      const o = b.rules[i];
      return o !== undefined && ruleEqual(r, o);
    })
  );
}

/** Copies state from the group a reload replaces; rules are matched by name + labels, first with first. */
export function copyGroupState(to: RuleGroup, from: RuleGroup): void {
  const byKey = new Map<string, number[]>();
  from.rules.forEach((r, i) => byKey.set(r.key, [...(byKey.get(r.key) ?? []), i]));
  const used = new Set<number>();
  for (const r of to.rules) {
    const list = byKey.get(r.key);
    const i = list?.shift();
    const old = i === undefined ? undefined : from.rules[i];
    if (i === undefined || !old) continue;
    used.add(i);
    Object.assign(r, {
      active: r.alerting && old.alerting ? old.active : r.active,
      prevSeries: old.prevSeries,
      health: old.health,
      lastError: old.lastError,
      lastEvaluationMs: old.lastEvaluationMs,
      evaluationTimeMs: old.evaluationTimeMs,
      restored: old.restored,
      savedSig: old.savedSig,
    });
  }
  to.pendingStale = [...from.pendingStale];
  from.rules.forEach((r, i) => {
    if (!used.has(i)) to.pendingStale.push(...r.prevSeries.values());
  });
  to.lastEvaluationMs = from.lastEvaluationMs;
  to.lastSlotMs = from.lastSlotMs;
  to.evaluationTimeMs = from.evaluationTimeMs;
  to.selfAlerts = from.selfAlerts;
}

function toMap(alerts: readonly ActiveAlert[]): AlertMap {
  return new Map(alerts.map((a) => [labelsKey(a.labels), a]));
}

/** The rule manager: one scheduler per group, keyed by `file;name`. */
export class RuleManager {
  readonly #groups = new Map<string, Running>();
  readonly #staleTimers = new Set<() => void>();
  #loaded = false;
  #stopped = false;
  #updating: Promise<void> = Promise.resolve();

  constructor(private readonly env: ManagerEnv) {}

  /** Applies a new set of groups: unchanged groups keep running, changed ones keep their rules' state. */
  update(defs: readonly RuleGroupDef[]): Promise<void> {
    // Reloads are serialised: each sees the groups the previous one left.
    const run = this.#updating.then(() => this.#update(defs));
    this.#updating = run.catch(() => undefined);
    return run;
  }

  async #update(defs: readonly RuleGroupDef[]): Promise<void> {
    const first = !this.#loaded;
    this.#loaded = true;
    const stored = first ? this.#loadStore() : undefined;
    const next = new Map<string, Running>();
    for (const def of defs) {
      const key = groupKey(def);
      const old = this.#groups.get(key);
      if (old && groupDefsEqual(old.group.def, def)) {
        next.set(key, old);
        continue;
      }
      const group = new RuleGroup(def, this.env);
      if (old) {
        await old.scheduler.stop();
        copyGroupState(group, old.group);
      } else if (stored) {
        this.#restore(group, stored);
      }
      const scheduler = new GroupScheduler(group, this.env.clock, this.env.setTimer, this.env.metrics);
      next.set(key, { group, scheduler });
      if (!this.#stopped) scheduler.start();
    }
    for (const [key, old] of this.#groups) {
      if (next.has(key)) continue;
      await old.scheduler.stop();
      this.#markRemovedStale(old.group);
      this.env.store?.deleteGroup(key);
    }
    this.#groups.clear();
    for (const [k, v] of next) this.#groups.set(k, v);
    if (stored) this.#forgetRemoved(stored, next);
  }

  /** At start, stored state of groups no longer configured is deleted. */
  #forgetRemoved(stored: Map<string, StoredRuleState>, next: Map<string, Running>): void {
    const gone = new Set([...stored.values()].map((s) => s.groupKey).filter((k) => !next.has(k)));
    for (const key of gone) {
      try {
        this.env.store?.deleteGroup(key);
      } catch (err) {
        this.env.log?.('Deleting alert state failed', { group: key, err: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  #loadStore(): Map<string, StoredRuleState> | undefined {
    const out = new Map<string, StoredRuleState>();
    try {
      for (const s of this.env.store?.loadAll() ?? []) out.set(`${s.groupKey}\n${s.ruleKey}`, s);
    } catch (err) {
      this.env.log?.('Loading alert state failed', { err: err instanceof Error ? err.message : String(err) });
    }
    return out;
  }

  #restore(group: RuleGroup, stored: Map<string, StoredRuleState>): void {
    for (const r of group.rules) {
      if (!r.alerting) continue;
      const s = stored.get(`${group.key}\n${r.key}`);
      if (s) {
        r.active = toMap(s.alerts);
        continue;
      }
      if (this.env.restoreFromQuery !== false && this.env.rangeQuery && r.alerting.forMs > 0) {
        r.restored = false;
        group.needsForStateRestore = true;
      }
    }
  }

  /** A removed group's series go stale after two intervals, so a rule moved elsewhere writes first. */
  #markRemovedStale(group: RuleGroup): void {
    const series = group.rules.flatMap((r) => [...r.prevSeries.values()]);
    if (series.length === 0 || this.#stopped) return;
    const delay = 2 * group.def.interval;
    const at = this.env.clock.now() + delay - group.def.queryOffset;
    const cancel = this.env.setTimer(() => {
      this.#staleTimers.delete(cancel);
      const out = series.map((labels) => ({ labels, samples: [{ value: NaN, timestampMs: at, stale: true }] }));
      this.env.write(out).catch(() => this.env.metrics?.staleRejected.inc({ rule_group: group.key }));
    }, delay);
    this.#staleTimers.add(cancel);
  }

  /** The running groups, sorted by file then name (the rules API order). */
  groups(): RuleGroup[] {
    return [...this.#groups.values()]
      .map((r) => r.group)
      .sort((a, b) => (a.def.file === b.def.file ? (a.def.name < b.def.name ? -1 : 1) : a.def.file < b.def.file ? -1 : 1));
  }

  /** Stops every group after its in-flight iteration; writes no stale markers (as Prometheus). */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const cancel of this.#staleTimers) cancel();
    this.#staleTimers.clear();
    await Promise.all([...this.#groups.values()].map((g) => g.scheduler.stop()));
  }
}
