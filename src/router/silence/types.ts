// The silence model and its errors, shared by the silence store, the silencer and the API.
import type { Matcher } from '../../model/matcher.js';

/** A silence's state at an instant: before `startsAt`, between, or from `endsAt` on. */
export type SilenceState = 'pending' | 'active' | 'expired';

/** One silence; times are epoch milliseconds. */
export interface Silence {
  /** A UUIDv4. */
  readonly id: string;
  /** All must match for the silence to apply. */
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly updatedAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** What a client submits: no `id` creates, a known `id` updates or replaces. */
export interface SilenceInput {
  readonly id?: string;
  readonly matchers: readonly Matcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Stable codes of silence errors; the API maps them to HTTP statuses. */
export type SilenceErrorCode = 'silence.not_found' | 'silence.invalid' | 'silence.limit';

/** A refused silence operation; `message` is Alertmanager's text. */
export class SilenceError extends Error {
  override readonly name = 'SilenceError';
  constructor(
    readonly code: SilenceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The state of `s` at `now`, as the API computes it (expired from `endsAt` on). */
export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now < s.startsAt) return 'pending';
  if (now < s.endsAt) return 'active';
  return 'expired';
}
