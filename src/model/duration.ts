/** A duration in milliseconds, as Prometheus' `model.Duration` holds it. */
export type DurationMs = number;

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Parses a Prometheus duration (`1h30m`, `5m`, `0`, `2w`): units in decreasing order, each at
 * most once. Returns the milliseconds, or an error message shaped like Prometheus' own.
 */
export function parseDuration(text: string): { ok: true; ms: DurationMs } | { ok: false; error: string } {
  if (text === '0') return { ok: true, ms: 0 };
  const m = text === '' ? null : DURATION_RE.exec(text);
  if (!m) return { ok: false, error: `not a valid duration string: ${JSON.stringify(text)}` };
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * (UNITS[i]?.[1] ?? 0);
  }
  if (!Number.isSafeInteger(ms))
    return { ok: false, error: `duration out of range: ${JSON.stringify(text)}` };
  return { ok: true, ms };
}

/** Formats milliseconds the way Prometheus' `model.Duration.String()` does (`1h30m`, `0s`). */
export function formatDuration(ms: DurationMs): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
