// Prometheus metrics of notification attempts, registered on the registry the app passes in.
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/** Why an attempt failed, as Alertmanager labels `notifications_failed_total{reason}`. */
export type FailureReason = 'clientError' | 'serverError' | 'contextDeadlineExceeded' | 'other';

function getOrCreate<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** `vigil_notifications_total`, `vigil_notifications_failed_total`, `vigil_notification_latency_seconds`. */
export class NotificationMetrics {
  private readonly total: Counter<'integration'>;
  private readonly failed: Counter<'integration' | 'reason'>;
  private readonly latency: Histogram<'integration'>;

  constructor(registry: Registry) {
    this.total = getOrCreate(
      registry,
      'vigil_notifications_total',
      () =>
        new Counter({
          name: 'vigil_notifications_total',
          help: 'The total number of attempted notifications.',
          labelNames: ['integration'],
          registers: [registry],
        }),
    );
    this.failed = getOrCreate(
      registry,
      'vigil_notifications_failed_total',
      () =>
        new Counter({
          name: 'vigil_notifications_failed_total',
          help: 'The total number of failed notifications.',
          labelNames: ['integration', 'reason'],
          registers: [registry],
        }),
    );
    this.latency = getOrCreate(
      registry,
      'vigil_notification_latency_seconds',
      () =>
        new Histogram({
          name: 'vigil_notification_latency_seconds',
          help: 'The latency of notifications in seconds.',
          labelNames: ['integration'],
          buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
          registers: [registry],
        }),
    );
  }

  /** Initialises the series of an integration at 0, as Alertmanager does at start-up. */
  init(integration: string): void {
    this.total.inc({ integration }, 0);
  }

  /** Counts one attempt; `reason` is set when it failed. */
  observe(integration: string, seconds: number, reason?: FailureReason): void {
    this.total.inc({ integration });
    this.latency.observe({ integration }, seconds);
    if (reason !== undefined) this.failed.inc({ integration, reason });
  }
}

/** Classifies a failed attempt by the status in its error text, or the deadline. */
export function failureReason(message: string, aborted: boolean): FailureReason {
  if (aborted) return 'contextDeadlineExceeded';
  const m = /status code (\d{3})/.exec(message);
  if (m) return Number(m[1]) >= 500 ? 'serverError' : 'clientError';
  return 'other';
}
