// Periodic garbage collection of the router's state: silences, the notification log and
// resolved alerts, all driven by one recurring task on the router's scheduler.
import type { Alert } from '../model/alert.js';
import type { Clock } from '../model/clock.js';
import type { Logger } from '../model/logger.js';
import type { Task } from '../router/dispatch/scheduler.js';

/** Alertmanager's `--alerts.gc-interval` and silence/nflog maintenance interval are of this order. */
export const DEFAULT_MAINTENANCE_INTERVAL_MS = 15 * 60_000;

/** The parts that collect garbage; each is a small function so tests pass plain fakes. */
export interface MaintenanceTargets {
  /** Drops expired silences past retention; returns how many. */
  gcSilences(): number;
  /** Drops expired notification-log entries; returns how many. */
  gcNflog(): number;
  /** Drops resolved alerts from the alert store; returns the removed alerts. */
  gcAlerts(now: number): Alert[];
  /** Tells the inhibitor, silencer and repository that these alerts are gone. */
  forgetAlerts(alerts: readonly Alert[]): void;
}

/** What one run removed, for logs and tests. */
export interface MaintenanceResult {
  readonly silences: number;
  readonly nflog: number;
  readonly alerts: number;
}

/** Runs every collection once at `now`; a failure in one does not stop the others. */
export function runMaintenance(t: MaintenanceTargets, now: number, logger: Logger): MaintenanceResult {
  const attempt = <T>(what: string, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      logger.error('Maintenance failed', { what, err });
      return fallback;
    }
  };
  const silences = attempt('silences', () => t.gcSilences(), 0);
  const nflog = attempt('nflog', () => t.gcNflog(), 0);
  const removed = attempt('alerts', () => t.gcAlerts(now), [] as Alert[]);
  if (removed.length > 0) attempt('alerts', () => t.forgetAlerts(removed), undefined);
  const result = { silences, nflog, alerts: removed.length };
  logger.debug('Maintenance done', result);
  return result;
}

/** Schedules `fn(now)` at a time; the router's `Scheduler.at` satisfies it. */
export type ScheduleAt = (at: number, fn: (now: number) => void) => Task;

/** Re-arms itself every `intervalMs` on the given scheduler; returns a stop function. */
export function startMaintenance(
  t: MaintenanceTargets,
  opts: { schedule: ScheduleAt; clock: Clock; logger: Logger; intervalMs?: number },
): () => void {
  const every = opts.intervalMs ?? DEFAULT_MAINTENANCE_INTERVAL_MS;
  let task: Task | undefined;
  let stopped = false;
  const arm = (): void => {
    if (stopped) return;
    task = opts.schedule(opts.clock.now() + every, (now) => {
      runMaintenance(t, now, opts.logger);
      arm();
    });
  };
  arm();
  return () => {
    stopped = true;
    task?.cancel();
  };
}
