// The narrow contract every notifier implements (STYLE practice 4): send, and say whether a
// failure is retryable. The router's pipeline consumes it.
import type { Alert } from '../model/alert.js';
import type { Labels } from '../model/labels.js';

/** What a notifier learns about the flush it is sending for. */
export interface NotifyContext {
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly receiver: string;
  /** Tick time of the flush. */
  readonly now: number;
  /** Aborted at the flush deadline; pass it on to HTTP requests. */
  readonly signal: AbortSignal;
}

/** The outcome of one send attempt. */
export interface SendResult {
  /** True when the attempt failed and may succeed if repeated (5xx, 429, network). */
  readonly retry: boolean;
  /** Set on failure; its message never contains credentials. */
  readonly error?: Error;
  /** A server-requested delay (Retry-After) before the next attempt. */
  readonly retryAfterMs?: number;
}

/** The narrow contract every integration implements: send, and say whether a failure is retryable. */
export interface Notifier {
  send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendResult>;
}

/** One configured integration of a receiver (one `webhook_configs` entry, one email, ...). */
export interface Integration {
  readonly type: string;
  readonly index: number;
  readonly sendResolved: boolean;
  readonly notifier: Notifier;
}
