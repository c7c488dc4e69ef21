// Inhibition (`inhibit/inhibit.go`): a firing source alert mutes target alerts that share the
// rule's `equal` labels. Source alerts are indexed per rule by their `equal` label values, so a
// lookup costs one map access however many alerts there are.
import type { Alert } from '../../model/alert.js';
import { isResolved } from '../../model/alert.js';
import type { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import { matchesLabels } from '../../model/matcher.js';
import type { Muter } from '../pipeline/types.js';

/** One inhibition rule; legacy `*_match(_re)` forms already folded into the matcher lists. */
export interface InhibitRuleDef {
  readonly source_matchers: readonly Matcher[];
  readonly target_matchers: readonly Matcher[];
  readonly equal: readonly string[];
}

class Rule {
  /** equal-values key → fingerprint → source alert. */
  private readonly sources = new Map<string, Map<string, Alert>>();

  constructor(readonly def: InhibitRuleDef) {}

  /** The lookup key: the values of the `equal` labels, a missing label counting as "". */
  key(labels: Labels): string {
    if (this.def.equal.length === 0) return '';
    return JSON.stringify(this.def.equal.map((n) => labels[n] ?? ''));
  }

  observe(a: Alert): void {
    if (!matchesLabels(this.def.source_matchers, a.labels)) return;
    const k = this.key(a.labels);
    let bucket = this.sources.get(k);
    if (!bucket) {
      bucket = new Map();
      this.sources.set(k, bucket);
    }
    bucket.set(a.fingerprint, a);
  }

  remove(a: Alert): void {
    const k = this.key(a.labels);
    const bucket = this.sources.get(k);
    if (!bucket?.delete(a.fingerprint)) return;
    if (bucket.size === 0) this.sources.delete(k);
  }

  /** The fingerprint of a firing source inhibiting `labels`, if any. */
  inhibitor(labels: Labels, now: number): string | undefined {
    if (!matchesLabels(this.def.target_matchers, labels)) return undefined;
    const bucket = this.sources.get(this.key(labels));
    if (!bucket) return undefined;
    // An alert on both sides may not be inhibited by a source that is itself a target.
    const twoSided = matchesLabels(this.def.source_matchers, labels);
    for (const s of bucket.values()) {
      if (isResolved(s, now)) continue;
      if (twoSided && matchesLabels(this.def.target_matchers, s.labels)) continue;
      return s.fingerprint;
    }
    return undefined;
  }

  gc(now: number): number {
    let n = 0;
    for (const [k, bucket] of this.sources) {
      for (const [fp, a] of bucket) {
        if (isResolved(a, now)) {
          bucket.delete(fp);
          n++;
        }
      }
      if (bucket.size === 0) this.sources.delete(k);
    }
    return n;
  }

  get size(): number {
    let n = 0;
    for (const b of this.sources.values()) n += b.size;
    return n;
  }
}

/**
 * Mutes target alerts of the configured rules while a matching source alert fires. Feed it
 * every alert the router receives (silenced ones too: a silenced source still inhibits).
 */
export class Inhibitor implements Muter {
  private readonly rules: Rule[];

  constructor(rules: readonly InhibitRuleDef[]) {
    this.rules = rules.map((r) => new Rule(r));
  }

  /** Records a new or updated alert as a possible source; usable as an `AlertStore` listener. */
  readonly observe = (alert: Alert): void => {
    for (const r of this.rules) r.observe(alert);
  };

  /** Forgets an alert the store garbage-collected. */
  remove(alert: Alert): void {
    for (const r of this.rules) r.remove(alert);
  }

  /** Drops resolved source alerts from the index; returns how many entries went. */
  gc(now: number): number {
    return this.rules.reduce((n, r) => n + r.gc(now), 0);
  }

  /**
   * The fingerprint of the source alert inhibiting `labels` at `now` (first matching rule
   * wins, as in Alertmanager), or an empty list when the alert is not inhibited.
   */
  mutes(labels: Labels, now: number): readonly string[] {
    for (const r of this.rules) {
      const fp = r.inhibitor(labels, now);
      if (fp !== undefined) return [fp];
    }
    return [];
  }

  /** How many (rule, source alert) entries are indexed; for metrics and tests. */
  get indexedSources(): number {
    return this.rules.reduce((n, r) => n + r.size, 0);
  }
}
