// Records a successful notification in the log (Alertmanager's `SetNotifiesStage`).
import type { Clock } from '../../model/clock.js';
import type { IntegrationContext, NotificationLog, Stage } from './types.js';

/**
 * Logs every firing and resolved fingerprint seen by dedup (including resolved alerts that were
 * not sent because of `send_resolved: false`), stamped with the current time and kept for
 * `min(retention, 2 × repeat_interval)`.
 */
export function recordStage(
  nflog: NotificationLog,
  clock: Clock,
  retentionMs: number,
): Stage<IntegrationContext> {
  return async (ctx, alerts) => {
    const now = clock.now();
    let keep = 2 * ctx.repeatIntervalMs;
    if (retentionMs > 0 && keep > retentionMs) keep = retentionMs;
    await nflog.log(ctx.key, { firing: ctx.firing, resolved: ctx.resolved, timestamp: now }, now + keep);
    return alerts;
  };
}
