// The silencer: answers "is this alert silenced, and by which silences" fast, with a per-alert
// cache keyed by the silences' version, like Alertmanager's marker (`silence.Silencer.Mutes`).
import type { Clock } from '../../model/clock.js';
import { fingerprint } from '../../model/fingerprint.js';
import type { Labels } from '../../model/labels.js';
import type { Muter } from '../pipeline/types.js';
import type { Silences } from './silences.js';
import { silenceState } from './types.js';

interface CacheEntry {
  version: number;
  active: string[];
  pending: string[];
}

/** The silence status of one alert. */
export interface SilenceStatus {
  /** IDs of the active silences muting the alert, sorted. */
  readonly silencedBy: readonly string[];
  /** IDs of pending silences that will mute it once they start, sorted. */
  readonly pendingSilences: readonly string[];
}

const NONE: SilenceStatus = { silencedBy: [], pendingSilences: [] };

/** Mutes alerts that an active silence matches; the pipeline's silence `Muter`. */
export class Silencer implements Muter {
  private readonly cache = new Map<string, CacheEntry>();
  private cacheVersion = -1;
  /** Label sets are immutable and travel with their alert, so their fingerprint is remembered. */
  private readonly fps = new WeakMap<Labels, string>();

  constructor(
    private readonly silences: Silences,
    private readonly clock: Clock,
  ) {}

  /** The IDs of the active silences muting `labels` at `now` (empty: not silenced). */
  mutes(labels: Labels, now: number = this.clock.now()): readonly string[] {
    return this.status(labels, now).silencedBy;
  }

  /**
   * The silences muting `labels` at `now`. When no silence changed since the last call for this
   * alert, only the cached IDs are re-checked (a pending one may have started, an active one
   * ended); any change to the silences means a fresh indexed lookup.
   */
  status(
    labels: Labels,
    now: number = this.clock.now(),
    fp: string = this.fingerprintOf(labels),
  ): SilenceStatus {
    const version = this.silences.version;
    if (version !== this.cacheVersion) {
      // Every entry is stale once any silence changed; dropping them all bounds the cache.
      this.cache.clear();
      this.cacheVersion = version;
    }
    const cached = this.cache.get(fp);
    let active: string[];
    let pending: string[];
    if (cached && cached.version === version) {
      if (cached.active.length === 0 && cached.pending.length === 0) return NONE;
      active = [];
      pending = [];
      for (const id of [...cached.active, ...cached.pending]) {
        const s = this.silences.byID(id);
        const st = s && silenceState(s, now);
        if (st === 'active') active.push(id);
        else if (st === 'pending') pending.push(id);
      }
      active.sort();
    } else {
      const found = this.silences.matching(labels, now);
      active = found.active.map((s) => s.id).sort();
      pending = found.pending.map((s) => s.id).sort();
    }
    this.cache.set(fp, { version, active, pending });
    return { silencedBy: active, pendingSilences: pending };
  }

  private fingerprintOf(labels: Labels): string {
    let fp = this.fps.get(labels);
    if (fp === undefined) {
      fp = fingerprint(labels);
      this.fps.set(labels, fp);
    }
    return fp;
  }

  /** Drops the cache entry of an alert that left the router. */
  forget(fp: string): void {
    this.cache.delete(fp);
  }
}
