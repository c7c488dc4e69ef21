// Persistence of the router's active alerts: fingerprint → alert JSON, written through in batches.
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

/** Serialises an alert with exactly the fields of `Alert`. */
export function encodeAlert(a: Alert): string {
  return JSON.stringify({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    generatorURL: a.generatorURL,
    updatedAt: a.updatedAt,
    timeout: a.timeout,
    fingerprint: a.fingerprint,
  });
}

/**
 * The alerts table as the router's alert store uses it: `save` and `delete` queue writes that
 * commit together (one transaction per burst) and resolve once committed; `loadAll` at start.
 */
export class AlertRepository {
  constructor(private readonly table: JsonTable) {}

  /** Writes the current version of each alert; resolves when committed. */
  save(alerts: Iterable<Alert>): Promise<void> {
    const rows: Array<{ key: string; value: string }> = [];
    for (const a of alerts) rows.push({ key: a.fingerprint, value: encodeAlert(a) });
    return this.table.putMany(rows);
  }

  /** Removes alerts by fingerprint (after the store's GC); resolves when committed. */
  delete(fingerprints: Iterable<string>): Promise<void> {
    return this.table.deleteMany(fingerprints);
  }

  /** Every stored alert, for reloading the router after a restart. */
  loadAll(): Alert[] {
    const out: Alert[] = [];
    for (const rec of this.table.all()) {
      const a = decodeAlert(rec.value);
      if (a) out.push(a);
    }
    return out;
  }
}
