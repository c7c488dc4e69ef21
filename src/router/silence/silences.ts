// The silence store: create, update (keeping or replacing the ID as Alertmanager does), expire,
// query and garbage-collect silences, held in memory and written through to SQLite.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../model/clock.js';
import type { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import { matchesLabels } from '../../model/matcher.js';
import type { JsonTable } from '../../store/table.js';
import { SilenceMatchIndex } from './match-index.js';
import { decodeSilence, encodeSilence } from './codec.js';
import type { Silence, SilenceInput, SilenceState } from './types.js';
import { SilenceError, silenceState } from './types.js';
import { validateSilence } from './validate.js';

/** Default `--data.retention`: expired silences stay visible this long. */
export const DEFAULT_SILENCE_RETENTION_MS = 120 * 3600 * 1000;

/** Options of {@link Silences}. */
export interface SilencesOptions {
  readonly clock: Clock;
  /** How long after `endsAt` a silence is kept (default 120h). */
  readonly retentionMs?: number;
  /** Where silences are written through and loaded from; omit for memory only. */
  readonly table?: JsonTable;
  /** `--silences.max-silences`: at most this many silences, expired included; 0 = no limit. */
  readonly maxSilences?: number;
  /** Makes IDs; tests pass a deterministic one. */
  readonly newId?: () => string;
}

/** A silence query; every given criterion must hold. */
export interface SilenceQuery {
  readonly ids?: readonly string[];
  readonly states?: readonly SilenceState[];
  /** Silences that match this label set. */
  readonly matchesLabels?: Labels;
  /** API `filter`: for each, the silence has a matcher with the same name, type and value. */
  readonly filter?: readonly Matcher[];
}

/** A silence together with its state at query time. */
export interface SilenceView extends Silence {
  readonly state: SilenceState;
}

function sameMatchers(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.name === b[i]?.name && m.type === b[i]?.type && m.value === b[i]?.value)
  );
}

/** Alertmanager's `canUpdate`: may `next` overwrite `prev` in place at `now`? */
function canUpdate(prev: Silence, next: SilenceInput, now: number): boolean {
  if (!sameMatchers(prev.matchers, next.matchers)) return false;
  switch (silenceState(prev, now)) {
    case 'active':
      return Math.floor(prev.startsAt / 1000) === Math.floor(next.startsAt / 1000) && next.endsAt >= now;
    case 'pending':
      return next.startsAt >= now;
    case 'expired':
      return false;
  }
}

/** The silences of one router, with a version that changes whenever any silence changes. */
export class Silences {
  private readonly byId = new Map<string, Silence>();
  private readonly index = new SilenceMatchIndex();
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private readonly table: JsonTable | undefined;
  private readonly maxSilences: number;
  private readonly newId: () => string;
  private ver = 0;

  constructor(opts: SilencesOptions) {
    this.clock = opts.clock;
    this.retentionMs = opts.retentionMs ?? DEFAULT_SILENCE_RETENTION_MS;
    this.table = opts.table;
    this.maxSilences = opts.maxSilences ?? 0;
    this.newId = opts.newId ?? randomUUID;
    if (this.table) this.load(this.table);
  }

  private load(table: JsonTable): void {
    const now = this.clock.now();
    for (const rec of table.all()) {
      const s = decodeSilence(rec.value);
      if (s === undefined || s.endsAt + this.retentionMs <= now) continue;
      this.byId.set(s.id, s);
      if (silenceState(s, now) !== 'expired') this.index.add(s);
    }
    this.ver++;
  }

  /** Increments on every change; the silencer's per-alert cache compares against it. */
  get version(): number {
    return this.ver;
  }

  /** How many silences are held, expired ones included. */
  get size(): number {
    return this.byId.size;
  }

  /** Stores `s` in memory and the table; resolves when committed. */
  private put(s: Silence): Promise<void> {
    this.byId.set(s.id, s);
    if (silenceState(s, this.clock.now()) === 'expired') this.index.remove(s.id);
    else this.index.add(s);
    this.ver++;
    return this.table
      ? this.table.put(s.id, encodeSilence(s), s.endsAt + this.retentionMs)
      : Promise.resolve();
  }

  /**
   * Creates or updates a silence and resolves with its ID once committed. An update that
   * changes history (matchers, the start of an active silence, an expired silence) expires the
   * old silence and creates a new one with a new ID, as Alertmanager does.
   */
  async set(input: SilenceInput): Promise<string> {
    const now = this.clock.now();
    const prev = input.id ? this.byId.get(input.id) : undefined;
    if (input.id && !prev) throw new SilenceError('silence.not_found', 'silence not found');
    if (prev && canUpdate(prev, input, now)) {
      this.check(input);
      await this.put(this.build(prev.id, input, input.startsAt, now));
      return prev.id;
    }
    const startsAt = Math.max(input.startsAt, now);
    this.check({ ...input, startsAt });
    if (this.maxSilences > 0 && this.byId.size >= this.maxSilences) {
      throw new SilenceError(
        'silence.limit',
        `exceeded maximum number of silences: ${this.byId.size} (limit: ${this.maxSilences})`,
      );
    }
    const writes: Promise<void>[] = [];
    if (prev && silenceState(prev, now) !== 'expired') writes.push(this.put(this.expired(prev, now)));
    const id = this.newId();
    writes.push(this.put(this.build(id, input, startsAt, now)));
    await Promise.all(writes);
    return id;
  }

  private check(s: SilenceInput): void {
    const err = validateSilence(s);
    if (err !== undefined) throw new SilenceError('silence.invalid', `silence invalid: ${err}`);
  }

  private build(id: string, input: SilenceInput, startsAt: number, now: number): Silence {
    return {
      id,
      matchers: [...input.matchers],
      startsAt,
      endsAt: input.endsAt,
      updatedAt: now,
      createdBy: input.createdBy,
      comment: input.comment,
      ...(input.annotations && { annotations: { ...input.annotations } }),
    };
  }

  private expired(s: Silence, now: number): Silence {
    const state = silenceState(s, now);
    if (state === 'pending') return { ...s, startsAt: now, endsAt: now, updatedAt: now };
    return { ...s, endsAt: now, updatedAt: now };
  }

  /** Expires a silence now (a pending one never starts); expiring an expired one is a no-op. */
  async expire(id: string): Promise<void> {
    const s = this.byId.get(id);
    if (!s) throw new SilenceError('silence.not_found', 'silence not found');
    const now = this.clock.now();
    if (silenceState(s, now) === 'expired') return;
    await this.put(this.expired(s, now));
  }

  /** One silence with its current state, or undefined. */
  get(id: string): SilenceView | undefined {
    const s = this.byId.get(id);
    return s && { ...s, state: silenceState(s, this.clock.now()) };
  }

  /** The silences meeting every criterion of `q`, with their current state, in no set order. */
  query(q: SilenceQuery = {}): SilenceView[] {
    const now = this.clock.now();
    const pool: Iterable<Silence> = q.ids
      ? q.ids.flatMap((id) => this.byId.get(id) ?? [])
      : q.matchesLabels && q.states && !q.states.includes('expired')
        ? this.index.candidates(q.matchesLabels)
        : this.byId.values();
    const out: SilenceView[] = [];
    for (const s of pool) {
      const state = silenceState(s, now);
      if (q.states && !q.states.includes(state)) continue;
      if (q.matchesLabels && !matchesLabels(s.matchers, q.matchesLabels)) continue;
      if (
        q.filter &&
        !q.filter.every((f) =>
          s.matchers.some((m) => m.name === f.name && m.type === f.type && m.value === f.value),
        )
      ) {
        continue;
      }
      out.push({ ...s, state });
    }
    return out;
  }

  /**
   * The active and pending silences whose matchers match `labels`, found through the index;
   * used by the silencer. Silences found expired leave the index for good.
   */
  matching(labels: Labels, now: number = this.clock.now()): { active: Silence[]; pending: Silence[] } {
    const active: Silence[] = [];
    const pending: Silence[] = [];
    const gone: string[] = [];
    for (const s of this.index.candidates(labels)) {
      const state = silenceState(s, now);
      if (state === 'expired') gone.push(s.id);
      else if (matchesLabels(s.matchers, labels)) (state === 'active' ? active : pending).push(s);
    }
    for (const id of gone) this.index.remove(id);
    return { active, pending };
  }

  /** Raw access by ID for the silencer's cache checks. */
  byID(id: string): Silence | undefined {
    return this.byId.get(id);
  }

  /** Deletes silences whose retention has passed, in memory and in the store; returns how many. */
  gc(): number {
    const now = this.clock.now();
    let n = 0;
    for (const [id, s] of this.byId) {
      if (s.endsAt + this.retentionMs <= now) {
        this.byId.delete(id);
        this.index.remove(id);
        n++;
      }
    }
    this.table?.deleteExpired(now);
    return n;
  }
}
