// Mute stages: inhibition and silences (per alert), active/mute time intervals (per group).
import type { FlushContext, Muter, Stage, SuppressionMarker, TimeIntervalChecker } from './types.js';

/** Drops every alert the muter mutes (resolved ones too), reporting who muted it to the marker. */
export function muteStage(muter: Muter, kind: 'inhibited' | 'silenced', marker?: SuppressionMarker): Stage {
  return async (ctx, alerts) =>
    alerts.filter((a) => {
      const by = muter.mutes(a.labels, ctx.now);
      marker?.[kind](a.fingerprint, by);
      return by.length === 0;
    });
}

/** Drops all alerts when the route has active intervals and `now` is in none of them. */
export function timeActiveStage(checker: TimeIntervalChecker, marker?: SuppressionMarker): Stage {
  return async (ctx: FlushContext, alerts) => {
    const names = ctx.activeTimeIntervals;
    if (names.length === 0) return alerts;
    if (checker.containing(names, ctx.now).length > 0) return alerts;
    marker?.groupMuted(ctx.routeId, ctx.groupKey, names);
    return [];
  };
}

/** Drops all alerts when `now` lies in any of the route's mute intervals. */
export function timeMuteStage(checker: TimeIntervalChecker, marker?: SuppressionMarker): Stage {
  return async (ctx: FlushContext, alerts) => {
    const names = ctx.muteTimeIntervals;
    if (names.length === 0) return alerts;
    const hit = checker.containing(names, ctx.now);
    if (hit.length === 0) return alerts;
    marker?.groupMuted(ctx.routeId, ctx.groupKey, hit);
    return [];
  };
}
