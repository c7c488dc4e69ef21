// The notification log: what was last sent for each (group, receiver, integration, index), so
// the dedup stage notifies once per change and restarts do not notify again (`nflog/nflog.go`).
import type { Clock } from '../../model/clock.js';
import type { JsonTable } from '../../store/table.js';
import type { NflogEntry, NflogKey, NotificationLog as PipelineNotificationLog } from '../pipeline/types.js';

/** A logged notification with its key and expiry, as stored. */
export interface StoredNflogEntry extends NflogEntry, NflogKey {
  /** When the entry is forgotten (epoch ms). */
  readonly expiresAt: number;
  /** Per-integration data to remember between notifications (e.g. a Slack thread id). */
  readonly receiverData?: Readonly<Record<string, unknown>>;
}

/** Options of {@link NotificationLog}. */
export interface NotificationLogOptions {
  readonly clock: Clock;
  /** `--data.retention`; entries live at most this long after they were logged (default 120h). */
  readonly retentionMs?: number;
  /** Where entries are written through; omit for an in-memory log. */
  readonly table?: JsonTable;
}

/** Default `--data.retention`. */
export const DEFAULT_RETENTION_MS = 120 * 3600 * 1000;

/** The composite key an entry is stored under, as Alertmanager's `stateKey`. */
export function entryKey(k: NflogKey): string {
  return `${k.groupKey}:${k.receiver}/${k.integration}/${k.index}`;
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isEntry(v: unknown): v is StoredNflogEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o['groupKey'] === 'string' &&
    typeof o['receiver'] === 'string' &&
    typeof o['integration'] === 'string' &&
    typeof o['index'] === 'number' &&
    typeof o['timestamp'] === 'number' &&
    typeof o['expiresAt'] === 'number' &&
    isStrings(o['firing']) &&
    isStrings(o['resolved'])
  );
}

/**
 * The in-memory notification log, written through to the store and reloaded at start; it is
 * the pipeline's `NotificationLog`.
 */
export class NotificationLog implements PipelineNotificationLog {
  private readonly entries = new Map<string, StoredNflogEntry>();
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private readonly table: JsonTable | undefined;

  constructor(opts: NotificationLogOptions) {
    this.clock = opts.clock;
    this.retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
    this.table = opts.table;
    if (this.table) this.load(this.table);
  }

  private load(table: JsonTable): void {
    const now = this.clock.now();
    for (const rec of table.all()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rec.value);
      } catch {
        continue;
      }
      if (isEntry(parsed) && parsed.expiresAt > now) this.entries.set(rec.key, parsed);
    }
  }

  /** The entry for this group and integration, or undefined (also once it has expired). */
  query(key: NflogKey): StoredNflogEntry | undefined {
    const e = this.entries.get(entryKey(key));
    if (!e || e.expiresAt <= this.clock.now()) return undefined;
    return e;
  }

  /** Every live entry, for the API and tests. */
  list(): StoredNflogEntry[] {
    const now = this.clock.now();
    return [...this.entries.values()].filter((e) => e.expiresAt > now);
  }

  /**
   * Records a notification (or the decision not to send a resolved-only one), replacing the
   * key's entry. It expires at `expiresAt` (the pipeline passes now + 2 × repeat_interval) but
   * never later than the retention after its timestamp. Resolves once committed to the store.
   */
  log(
    key: NflogKey,
    entry: NflogEntry,
    expiresAt: number,
    receiverData?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const stored: StoredNflogEntry = {
      groupKey: key.groupKey,
      receiver: key.receiver,
      integration: key.integration,
      index: key.index,
      firing: [...entry.firing],
      resolved: [...entry.resolved],
      timestamp: entry.timestamp,
      expiresAt: Math.min(expiresAt, entry.timestamp + this.retentionMs),
      ...(receiverData && { receiverData }),
    };
    const k = entryKey(key);
    this.entries.set(k, stored);
    return this.table ? this.table.put(k, JSON.stringify(stored), stored.expiresAt) : Promise.resolve();
  }

  /** Forgets expired entries in memory and in the store; returns how many were in memory. */
  gc(): number {
    const now = this.clock.now();
    let n = 0;
    for (const [k, e] of this.entries) {
      if (e.expiresAt <= now) {
        this.entries.delete(k);
        n++;
      }
    }
    this.table?.deleteExpired(now);
    return n;
  }
}
