// The dedup decision of Alertmanager's DedupStage (`notify.go` needsUpdate), as a pure function.
import type { NflogEntry } from '../pipeline/types.js';

/** Why a notification goes out (Alertmanager's `notification_reason`). */
export type NotifyReason =
  | 'first notification'
  | 'new alerts added'
  | 'all alerts resolved'
  | 'some alerts resolved'
  | 'repeat interval elapsed';

function isSubset(sub: ReadonlySet<string>, of: readonly string[]): boolean {
  if (sub.size === 0) return true;
  const set = new Set(of);
  for (const x of sub) if (!set.has(x)) return false;
  return true;
}

/**
 * Whether a group must be notified now, given the last logged notification `entry`, the current
 * firing and resolved fingerprints (after muting), the integration's `send_resolved`, the
 * route's repeat interval and the flush's tick time. Returns the reason, or null for "no".
 */
export function needsUpdate(
  entry: NflogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  sendResolved: boolean,
  repeatIntervalMs: number,
  now: number,
): NotifyReason | null {
  if (entry === undefined) return firing.size > 0 ? 'first notification' : null;
  if (!isSubset(firing, entry.firing)) {
    return entry.firing.length === 0 ? 'first notification' : 'new alerts added';
  }
  // Sent even without send_resolved, so that logging it clears the firing set.
  if (firing.size === 0) return entry.firing.length > 0 ? 'all alerts resolved' : null;
  if (sendResolved && !isSubset(resolved, entry.resolved)) return 'some alerts resolved';
  return entry.timestamp < now - repeatIntervalMs ? 'repeat interval elapsed' : null;
}
