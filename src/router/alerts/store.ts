// The in-memory alert store keyed by fingerprint (Alertmanager's `provider/mem` + `store`).
import type { Alert } from '../../model/alert.js';
import { isResolved, mergeAlerts } from '../../model/alert.js';

/** Called synchronously for every stored alert, after merging; the dispatcher subscribes. */
export type AlertListener = (alert: Alert) => void;

/**
 * Holds the current version of every alert by fingerprint. `put` applies Alertmanager's rule:
 * merge with the stored alert when their activity ranges overlap, replace otherwise; then
 * notifies subscribers. Nothing here keeps timers; `gc(now)` is called by the owner.
 */
export class AlertStore {
  readonly #alerts = new Map<string, Alert>();
  readonly #listeners = new Set<AlertListener>();

  /** Stores (merging as upstream) and publishes each alert; returns the stored versions. */
  put(alerts: readonly Alert[], now: number): Alert[] {
    const stored: Alert[] = [];
    for (const incoming of alerts) {
      const old = this.#alerts.get(incoming.fingerprint);
      const alert = old !== undefined && overlaps(old, incoming) ? mergeAlerts(old, incoming, now) : incoming;
      this.#alerts.set(alert.fingerprint, alert);
      stored.push(alert);
    }
    for (const alert of stored) for (const l of this.#listeners) l(alert);
    return stored;
  }

  /** The stored alert with this fingerprint, if any. */
  get(fp: string): Alert | undefined {
    return this.#alerts.get(fp);
  }

  /** Every stored alert, resolved ones included (callers filter by `endsAt`). */
  list(): IterableIterator<Alert> {
    return this.#alerts.values();
  }

  /** Number of stored alerts. */
  get size(): number {
    return this.#alerts.size;
  }

  /** Registers a listener for future puts; returns the unsubscribe function. */
  subscribe(listener: AlertListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Drops alerts resolved at `now` (upstream's `--alerts.gc-interval` sweep); returns them. */
  gc(now: number): Alert[] {
    const removed: Alert[] = [];
    for (const [fp, a] of this.#alerts) {
      if (isResolved(a, now)) {
        this.#alerts.delete(fp);
        removed.push(a);
      }
    }
    return removed;
  }
}

/** Upstream's overlap test: the new alert's end or start lies strictly inside the old range. */
function overlaps(old: Alert, incoming: Alert): boolean {
  return (
    (incoming.endsAt > old.startsAt && incoming.endsAt < old.endsAt) ||
    (incoming.startsAt > old.startsAt && incoming.startsAt < old.endsAt)
  );
}
