// In-memory implementations of the pipeline's collaborators, for tests and for running without a store.
import type { Muter, NflogEntry, NflogKey, NotificationLog, TimeIntervalChecker } from './types.js';

/** A notification log held in a Map (no persistence, no GC). */
export class MemoryNflog implements NotificationLog {
  readonly entries = new Map<string, { entry: NflogEntry; expiresAt: number }>();

  query(key: NflogKey): NflogEntry | undefined {
    return this.entries.get(keyString(key))?.entry;
  }

  log(key: NflogKey, entry: NflogEntry, expiresAt: number): void {
    this.entries.set(keyString(key), { entry, expiresAt });
  }
}

function keyString(k: NflogKey): string {
  return JSON.stringify([k.groupKey, k.receiver, k.integration, k.index]);
}

/** A muter that mutes nothing. */
export const noMuter: Muter = { mutes: () => [] };

/** A time-interval checker that knows no intervals (none contains any time). */
export const noTimeIntervals: TimeIntervalChecker = { containing: () => [] };
