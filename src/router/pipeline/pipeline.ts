// Composes the stages into the function the dispatcher calls on every flush.
import type { Alert } from '../../model/alert.js';
import type { Clock } from '../../model/clock.js';
import type { Logger } from '../../model/logger.js';
import type { Flush, FlushFn } from '../dispatch/group.js';
import { dedupStage } from './dedup.js';
import { muteStage, timeActiveStage, timeMuteStage } from './mute.js';
import { recordStage } from './record.js';
import type { Wait } from './retry.js';
import { DEFAULT_BACKOFF, retryStage, timerWait } from './retry.js';
import type {
  FlushContext,
  IntegrationContext,
  Muter,
  NotificationLog,
  Receiver,
  SendObserver,
  Stage,
  SuppressionMarker,
  TimeIntervalChecker,
} from './types.js';

/** Everything the pipeline needs, all behind consumer-owned interfaces. */
export interface PipelineDeps {
  readonly receivers: ReadonlyMap<string, Receiver>;
  readonly inhibitor: Muter;
  readonly silencer: Muter;
  readonly timeIntervals: TimeIntervalChecker;
  readonly nflog: NotificationLog;
  readonly clock: Clock;
  /** `--data.retention`, bounding how long nflog entries live. */
  readonly retentionMs: number;
  readonly marker?: SuppressionMarker;
  readonly observer?: SendObserver;
  readonly wait?: Wait;
  readonly backoff?: typeof DEFAULT_BACKOFF;
  /** Receives failed flushes (errors never carry credentials). */
  readonly logger?: Logger;
}

/** Runs stages in order; an empty list stops the chain (success). */
async function runChain<C extends FlushContext>(
  stages: readonly Stage<C>[],
  ctx: C,
  alerts: readonly Alert[],
): Promise<void> {
  let cur = alerts;
  for (const stage of stages) {
    if (cur.length === 0) return;
    cur = await stage(ctx, cur);
  }
}

/**
 * Builds the flush function: inhibit → time active → time mute → silence → for every
 * integration concurrently: dedup → retry → record. The flush succeeds only when no
 * integration failed, which is what lets the group delete its notified resolved alerts.
 */
export function buildPipeline(deps: PipelineDeps): FlushFn {
  const groupStages: Stage[] = [
    muteStage(deps.inhibitor, 'inhibited', deps.marker),
    timeActiveStage(deps.timeIntervals, deps.marker),
    timeMuteStage(deps.timeIntervals, deps.marker),
    muteStage(deps.silencer, 'silenced', deps.marker),
  ];
  const perIntegration: Stage<IntegrationContext>[] = [
    dedupStage(deps.nflog),
    retryStage(deps.wait ?? timerWait, deps.backoff ?? DEFAULT_BACKOFF, deps.observer),
    recordStage(deps.nflog, deps.clock, deps.retentionMs),
  ];
  const run = flushWith(deps, groupStages, perIntegration);
  return async (flush: Flush) => {
    try {
      return await run(flush);
    } catch (e) {
      deps.logger?.error('flush failed', {
        groupKey: flush.groupKey,
        receiver: flush.receiver,
        err: e instanceof Error ? e.message : String(e),
      });
      return false;
    }
  };
}

function flushWith(
  deps: PipelineDeps,
  groupStages: readonly Stage[],
  perIntegration: readonly Stage<IntegrationContext>[],
): FlushFn {
  return async (flush: Flush) => {
    const receiver = deps.receivers.get(flush.receiver);
    if (receiver === undefined) throw new Error(`unknown receiver ${JSON.stringify(flush.receiver)}`);
    const ctx: FlushContext = {
      groupKey: flush.groupKey,
      groupLabels: flush.groupLabels,
      receiver: flush.receiver,
      now: flush.now,
      signal: flush.signal,
      routeId: flush.route.id,
      repeatIntervalMs: flush.route.opts.repeatInterval,
      muteTimeIntervals: flush.route.opts.muteTimeIntervals,
      activeTimeIntervals: flush.route.opts.activeTimeIntervals,
    };
    let alerts: readonly Alert[] = flush.alerts;
    for (const stage of groupStages) {
      alerts = await stage(ctx, alerts);
      if (alerts.length === 0) return true;
    }
    const results = await Promise.allSettled(
      receiver.integrations.map((integration) => {
        const ictx: IntegrationContext = {
          ...ctx,
          integration,
          key: {
            groupKey: ctx.groupKey,
            receiver: receiver.name,
            integration: integration.type,
            index: integration.index,
          },
          firing: [],
          resolved: [],
        };
        return runChain(perIntegration, ictx, alerts);
      }),
    );
    let ok = true;
    for (const r of results) {
      if (r.status === 'fulfilled') continue;
      ok = false;
      const msg = r.reason instanceof Error ? r.reason.message : String(r.reason);
      deps.logger?.error('notify failed', { groupKey: ctx.groupKey, receiver: receiver.name, err: msg });
    }
    return ok;
  };
}
