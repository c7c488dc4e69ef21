// Silence validation with Alertmanager's messages (`silence.go` validateSilence).
import { isValidLabelName } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { SilenceInput } from './types.js';

/** Whether a matcher accepts the empty string, as Alertmanager's `matchesEmpty` decides it. */
function matchesEmpty(m: Matcher): boolean {
  // Only `=` and `=~` count: a lone `foo!="bar"` is allowed although it matches absent labels.
  if (m.type === '=' || m.type === '=~') return m.matches('');
  return false;
}

function validateMatcher(m: Matcher): string | undefined {
  if (!isValidLabelName(m.name)) return `invalid label name ${JSON.stringify(m.name)}`;
  return undefined;
}

/**
 * The first problem with a silence, or undefined when it is valid. Matchers arrive compiled, so
 * regex errors are reported where they are built (`newMatcher`).
 */
export function validateSilence(
  s: Pick<SilenceInput, 'matchers' | 'startsAt' | 'endsAt'>,
): string | undefined {
  if (s.matchers.length === 0) return 'at least one matcher required';
  let allMatchEmpty = true;
  for (const [i, m] of s.matchers.entries()) {
    const err = validateMatcher(m);
    if (err !== undefined) return `invalid label matcher ${i}: ${err}`;
    allMatchEmpty = allMatchEmpty && matchesEmpty(m);
  }
  if (allMatchEmpty) return 'at least one matcher must not match the empty string';
  if (!Number.isFinite(s.startsAt) || s.startsAt <= 0) return 'invalid zero start timestamp';
  if (!Number.isFinite(s.endsAt) || s.endsAt <= 0) return 'invalid zero end timestamp';
  if (s.endsAt < s.startsAt) return 'end time must not be before start time';
  return undefined;
}
