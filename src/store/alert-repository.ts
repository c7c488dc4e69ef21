// Persistence of the router's active alerts: one row per alert, written through in batches.
import type { Alert } from '../model/alert.js';
import type { JsonTable } from './table.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** Parses a stored alert; undefined when the row is unreadable (it is then skipped). */
export function decodeAlert(text: string): Alert | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v) || !isStringRecord(v['labels']) || !isStringRecord(v['annotations'])) return undefined;
  const { startsAt, endsAt, updatedAt, generatorURL, timeout, fingerprint } = v;
  if (typeof startsAt !== 'number' || typeof endsAt !== 'number' || typeof updatedAt !== 'number')
    return undefined;
  if (typeof generatorURL !== 'string' || typeof timeout !== 'boolean' || typeof fingerprint !== 'string') {
    return undefined;
  }
  return {
    labels: v['labels'],
    annotations: v['annotations'],
    startsAt,
    endsAt,
    generatorURL,
    updatedAt,
    timeout,
    fingerprint,
  };
}

/**
 * Serialises an alert with exactly the fields of `Alert`, the same text `JSON.stringify` of those
 * fields gives, without building the intermediate object.
 */
export function encodeAlert(a: Alert): string {
  return (
    `{"labels":${JSON.stringify(a.labels)},"annotations":${JSON.stringify(a.annotations)},` +
    `"startsAt":${num(a.startsAt)},"endsAt":${num(a.endsAt)},"generatorURL":${JSON.stringify(a.generatorURL)},` +
    `"updatedAt":${num(a.updatedAt)},"timeout":${a.timeout ? 'true' : 'false'},"fingerprint":${JSON.stringify(a.fingerprint)}}`
  );
}

/** A number as JSON writes it (`null` for NaN and infinities). */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

// Row keys of this process: `s`, the start time and a sequence number, each fixed-width base 36.
const KEY_PREFIX = 's';
const EPOCH_WIDTH = 9;
const SEQ_WIDTH = 6;
const KEY_LENGTH = KEY_PREFIX.length + EPOCH_WIDTH + SEQ_WIDTH;

/**
 * The alerts table as the router's alert store uses it. Rows are keyed by an increasing sequence
 * (not by the random fingerprint), so a burst of new alerts appends to the B-tree instead of
 * dirtying one random page per alert. `save` buffers until the end of the current microtask run
 * and hands the burst to the table at once: one promise per burst, settled when committed.
 */
export class AlertRepository {
  /** Sequence number of each alert saved by this process, by fingerprint. */
  readonly #seqs = new Map<string, number>();
  /** Keys of rows written by earlier processes (or with other key shapes), by fingerprint. */
  readonly #foreign = new Map<string, string>();
  #epoch: string;
  #next = 0;
  #buffer = new Map<string, Alert>();
  #pending: Promise<void> | undefined;
  #settle: { resolve(): void; reject(e: unknown): void } | undefined;
  /** The commit of the last burst handed to the table. */
  #handedOver: Promise<void> = Promise.resolve();

  /** `startedAt` (epoch ms) makes this process' row keys sort after earlier processes' keys. */
  constructor(
    private readonly table: JsonTable,
    startedAt: number = Date.now(),
  ) {
    this.#epoch = epochPart(startedAt);
  }

  /** Writes the current version of each alert; resolves when committed. */
  save(alerts: Iterable<Alert>): Promise<void> {
    for (const a of alerts) this.#buffer.set(a.fingerprint, a);
    if (this.#pending !== undefined) return this.#pending;
    const p = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#pending = p;
    queueMicrotask(() => void this.#drain());
    return p;
  }

  /** Resolves once everything saved so far is committed (at once when nothing is pending). */
  flushed(): Promise<void> {
    return this.#pending ?? this.#handedOver;
  }

  /** Removes alerts by fingerprint (after the store's GC); resolves when committed. */
  delete(fingerprints: Iterable<string>): Promise<void> {
    void this.#drain();
    const keys: string[] = [];
    for (const fp of fingerprints) {
      keys.push(this.#keyOf(fp));
      this.#seqs.delete(fp);
      this.#foreign.delete(fp);
    }
    return this.table.deleteMany(keys);
  }

  /** Every stored alert, for reloading the router after a restart. */
  loadAll(): Alert[] {
    void this.#drain();
    const out: Alert[] = [];
    let newestEpoch = '';
    for (const rec of this.table.all()) {
      const a = decodeAlert(rec.value);
      if (a === undefined) continue;
      out.push(a);
      if (this.#seqs.has(a.fingerprint)) continue;
      this.#foreign.set(a.fingerprint, rec.key);
      if (rec.key.length === KEY_LENGTH && rec.key.startsWith(KEY_PREFIX)) {
        const epoch = rec.key.slice(KEY_PREFIX.length, KEY_PREFIX.length + EPOCH_WIDTH);
        if (epoch > newestEpoch) newestEpoch = epoch;
      }
    }
    // A clock that went backwards must not make this process reuse an earlier process' keys.
    if (newestEpoch >= this.#epoch) {
      this.#epoch = epochPart(parseInt(newestEpoch, 36) + 1);
      this.#next = 0;
    }
    return out;
  }

  /** Hands the buffered alerts to the table; the burst's promise follows the commit. */
  #drain(): Promise<void> | undefined {
    const settle = this.#settle;
    if (settle === undefined) return undefined;
    const rows: Array<{ key: string; value: string }> = [];
    for (const [fp, a] of this.#buffer) rows.push({ key: this.#keyOf(fp), value: encodeAlert(a) });
    this.#buffer = new Map();
    this.#pending = undefined;
    this.#settle = undefined;
    const done = this.table.putMany(rows);
    done.then(settle.resolve, settle.reject);
    this.#handedOver = done;
    return done;
  }

  #keyOf(fp: string): string {
    const foreign = this.#foreign.get(fp);
    if (foreign !== undefined) return foreign;
    let seq = this.#seqs.get(fp);
    if (seq === undefined) {
      seq = this.#next++;
      this.#seqs.set(fp, seq);
    }
    return KEY_PREFIX + this.#epoch + seq.toString(36).padStart(SEQ_WIDTH, '0');
  }
}

function epochPart(ms: number): string {
  return Math.max(0, Math.floor(ms)).toString(36).padStart(EPOCH_WIDTH, '0');
}
