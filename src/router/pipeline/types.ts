// The contracts of the notification pipeline, owned here (the consumer) and satisfied elsewhere.
import type { Alert } from '../../model/alert.js';
import type { Labels } from '../../model/labels.js';

/**
 * Something that can suppress an alert: the inhibitor (returns the fingerprints of the source
 * alerts that inhibit it) and the silencer (returns the IDs of the active silences matching it).
 * An empty array means "not muted". `now` is the flush tick time.
 */
export interface Muter {
  mutes(labels: Labels, now: number): readonly string[];
}

/** Evaluates named time intervals: returns the names among `names` whose interval contains `now`. */
export interface TimeIntervalChecker {
  containing(names: readonly string[], now: number): readonly string[];
}

/** Identifies one integration of one receiver for one group, the unit of dedup. */
export interface NflogKey {
  readonly groupKey: string;
  readonly receiver: string;
  /** Integration type, e.g. `webhook`. */
  readonly integration: string;
  /** Position of this integration among the receiver's integrations of the same type. */
  readonly index: number;
}

/** The last successful notification of one integration for one group. */
export interface NflogEntry {
  /** Fingerprints of the firing alerts that were notified. */
  readonly firing: readonly string[];
  /** Fingerprints of the resolved alerts that were notified. */
  readonly resolved: readonly string[];
  /** When the notification was recorded (epoch ms). */
  readonly timestamp: number;
}

/**
 * The notification log (H5b's nflog satisfies it, written through to the store). `log` replaces
 * the entry for the key; `expiresAt` is when it may be garbage-collected.
 */
export interface NotificationLog {
  query(key: NflogKey): NflogEntry | undefined | Promise<NflogEntry | undefined>;
  log(key: NflogKey, entry: NflogEntry, expiresAt: number): void | Promise<void>;
}

// The notifier contract lives with the notifiers (they sit above the router in the layering);
// the pipeline consumes it.
export type { Integration, Notifier, NotifyContext, SendResult } from '../../notifiers/types.js';
import type { Integration, NotifyContext } from '../../notifiers/types.js';

/** A receiver as the pipeline sees it: a name and its integrations (none = black hole). */
export interface Receiver {
  readonly name: string;
  readonly integrations: readonly Integration[];
}

/** Optional observer of suppression, so the API can show `silencedBy`/`inhibitedBy`/`mutedBy`. */
export interface SuppressionMarker {
  inhibited(fingerprint: string, by: readonly string[]): void;
  silenced(fingerprint: string, by: readonly string[]): void;
  groupMuted(routeId: string, groupKey: string, by: readonly string[]): void;
}

/** Observer of every send, for the notification history (who, what, when, outcome). */
export interface SendObserver {
  sent(
    key: NflogKey,
    alerts: readonly Alert[],
    at: number,
    outcome: { ok: boolean; error?: string; attempts: number },
  ): void;
}

/** The state a flush carries through the stages (Alertmanager puts the same in its context). */
export interface FlushContext extends NotifyContext {
  readonly routeId: string;
  readonly repeatIntervalMs: number;
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
}

/** The per-integration part of the context; dedup fills the hash sets that record writes. */
export interface IntegrationContext extends FlushContext {
  readonly integration: Integration;
  readonly key: NflogKey;
  firing: string[];
  resolved: string[];
}

/**
 * Every stage has this shape: take alerts, return the ones that go on (an empty list stops the
 * chain and counts as success); throw to fail the flush.
 */
export type Stage<C extends FlushContext = FlushContext> = (
  ctx: C,
  alerts: readonly Alert[],
) => Promise<readonly Alert[]>;
