// A Notifier wrapper that records every attempt in the history and the metrics, so the pipeline stays unchanged.
import type { Alert } from '../../model/alert.js';
import { isResolved } from '../../model/alert.js';
import type { Clock } from '../../model/clock.js';
import type { Logger } from '../../model/logger.js';
import type { Notifier, NotifyContext, SendResult } from '../types.js';
import type { AttemptOutcome, NotificationAttempt } from '../../store/notification-history.js';
import type { NotificationMetrics } from './metrics.js';
import { failureReason } from './metrics.js';

/** Where attempts go (the SQLite history satisfies it). */
export interface AttemptSink {
  record(a: NotificationAttempt): unknown;
}

/** What the recorder needs; every part optional except the clock. */
export interface RecorderDeps {
  readonly clock: Clock;
  readonly sink?: AttemptSink;
  readonly metrics?: NotificationMetrics;
  readonly logger?: Logger;
  /** A monotonic millisecond source for latency; defaults to `performance.now`. */
  readonly elapsed?: () => number;
}

/** Which integration a wrapped notifier is. */
export interface IntegrationId {
  readonly receiver: string;
  readonly type: string;
  readonly index: number;
}

function outcomeOf(r: SendResult): AttemptOutcome {
  if (r.error === undefined) return 'success';
  return r.retry ? 'retry' : 'failed';
}

/** Wraps a notifier: times each send, stores the attempt, counts it, logs failures. */
export function recordingNotifier(inner: Notifier, id: IntegrationId, deps: RecorderDeps): Notifier {
  const elapsed = deps.elapsed ?? (() => performance.now());
  deps.metrics?.init(id.type);
  return {
    async send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendResult> {
      const time = deps.clock.now();
      const started = elapsed();
      let r: SendResult;
      try {
        r = await inner.send(ctx, alerts);
      } catch (e) {
        // A notifier must not throw; if one does, treat it as a retryable failure.
        r = { retry: true, error: e instanceof Error ? e : new Error(String(e)) };
      }
      const latencyMs = Math.max(0, elapsed() - started);
      const resolved = alerts.filter((a) => isResolved(a, ctx.now)).length;
      const attempt: NotificationAttempt = {
        time,
        receiver: id.receiver,
        integration: id.type,
        index: id.index,
        groupKey: ctx.groupKey,
        fingerprints: alerts.map((a) => a.fingerprint),
        firing: alerts.length - resolved,
        resolved,
        outcome: outcomeOf(r),
        ...(r.error !== undefined ? { error: r.error.message } : {}),
        latencyMs,
      };
      try {
        deps.sink?.record(attempt);
      } catch (e) {
        deps.logger?.error('recording notification attempt failed', {
          err: e instanceof Error ? e.message : String(e),
        });
      }
      const reason = r.error !== undefined ? failureReason(r.error.message, ctx.signal.aborted) : undefined;
      deps.metrics?.observe(id.type, latencyMs / 1000, reason);
      if (r.error !== undefined) {
        deps.logger?.warn('notify attempt failed', {
          receiver: id.receiver,
          integration: `${id.type}[${id.index}]`,
          retry: r.retry,
          err: r.error.message,
        });
      }
      return r;
    },
  };
}

/** The `wrap` hook of `buildIntegrations` that records every notifier it builds. */
export function recordingWrap(
  deps: RecorderDeps,
): (receiver: string, type: string, index: number, n: Notifier) => Notifier {
  return (receiver, type, index, n) => recordingNotifier(n, { receiver, type, index }, deps);
}
