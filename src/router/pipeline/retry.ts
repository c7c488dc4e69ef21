// Sends with exponential backoff until success, a permanent error, or the flush deadline.
import type { Alert } from '../../model/alert.js';
import { ZERO_TIME } from '../../model/alert.js';
import type { IntegrationContext, SendObserver, Stage } from './types.js';

/** Waits `ms` or until the signal aborts (then rejects); injected so tests control time. */
export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

/** A `setTimeout`-based wait (fake timers in tests drive it). */
export const timerWait: Wait = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Backoff shape: upstream uses cenkalti's defaults (500ms, ×1.5, ±50% jitter, 60s cap). */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly multiplier: number;
  readonly jitter: number;
  readonly maxMs: number;
  readonly random: () => number;
}

/** Alertmanager's retry backoff. */
export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  multiplier: 1.5,
  jitter: 0.5,
  maxMs: 60_000,
  random: Math.random,
};

/** The delay before attempt `n + 1` (n ≥ 1 attempts made so far). */
export function backoffDelay(n: number, o: BackoffOptions): number {
  const base = Math.min(o.initialMs * o.multiplier ** (n - 1), o.maxMs);
  return base * (1 - o.jitter + 2 * o.jitter * o.random());
}

/** Builds the retry stage; `observer` hears every final outcome (for the notification history). */
export function retryStage(
  wait: Wait = timerWait,
  backoff = DEFAULT_BACKOFF,
  observer?: SendObserver,
): Stage<IntegrationContext> {
  return async (ctx, alerts) => {
    let sent: readonly Alert[] = alerts;
    if (!ctx.integration.sendResolved) {
      // Only resolved alerts: report success without sending, so record still clears firing.
      if (ctx.firing.length === 0) return alerts;
      sent = alerts.filter((a) => a.endsAt === ZERO_TIME);
    }
    const name = `${ctx.receiver}/${ctx.integration.type}[${ctx.integration.index}]`;
    let lastError: Error | undefined;
    for (let attempt = 1; ; attempt++) {
      if (ctx.signal.aborted) {
        const why = lastError?.message ?? 'context deadline exceeded';
        observer?.sent(ctx.key, sent, ctx.now, { ok: false, error: why, attempts: attempt - 1 });
        throw new Error(`${name}: notify retry canceled after ${attempt - 1} attempts: ${why}`);
      }
      const r = await ctx.integration.notifier.send(ctx, sent);
      if (r.error === undefined) {
        observer?.sent(ctx.key, sent, ctx.now, { ok: true, attempts: attempt });
        return alerts;
      }
      lastError = r.error;
      if (!r.retry) {
        observer?.sent(ctx.key, sent, ctx.now, { ok: false, error: r.error.message, attempts: attempt });
        throw new Error(
          `${name}: notify retry canceled due to unrecoverable error after ${attempt} attempts: ${r.error.message}`,
        );
      }
      const delay = Math.max(backoffDelay(attempt, backoff), r.retryAfterMs ?? 0);
      try {
        await wait(delay, ctx.signal);
      } catch {
        // Deadline reached while waiting; the loop head reports it.
      }
    }
  };
}
