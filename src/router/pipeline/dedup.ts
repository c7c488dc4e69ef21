// Dedup against the notification log (Alertmanager's `DedupStage.needsUpdate`).
import { ZERO_TIME } from '../../model/alert.js';
import type { IntegrationContext, NflogEntry, NotificationLog, Stage } from './types.js';

/** The decision table of upstream's `needsUpdate`, over fingerprint sets. */
export function needsUpdate(
  entry: NflogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): boolean {
  if (entry === undefined) return firing.size > 0;
  if (!isSubset(firing, entry.firing)) return true;
  if (firing.size === 0) return entry.firing.length > 0;
  if (sendResolved && !isSubset(resolved, entry.resolved)) return true;
  return entry.timestamp < now - repeatIntervalMs;
}

function isSubset(set: ReadonlySet<string>, of: readonly string[]): boolean {
  if (set.size > of.length) return false;
  const o = new Set(of);
  for (const x of set) if (!o.has(x)) return false;
  return true;
}

/**
 * Splits the alerts into firing and resolved fingerprints (kept in the context for the record
 * stage) and lets them through only when the log says a notification is due.
 */
export function dedupStage(nflog: NotificationLog): Stage<IntegrationContext> {
  return async (ctx, alerts) => {
    const firing: string[] = [];
    const resolved: string[] = [];
    for (const a of alerts) (a.endsAt === ZERO_TIME ? firing : resolved).push(a.fingerprint);
    ctx.firing = firing;
    ctx.resolved = resolved;
    const entry = await nflog.query(ctx.key);
    const due = needsUpdate(
      entry,
      new Set(firing),
      new Set(resolved),
      ctx.integration.sendResolved,
      ctx.repeatIntervalMs,
      ctx.now,
    );
    return due ? alerts : [];
  };
}
