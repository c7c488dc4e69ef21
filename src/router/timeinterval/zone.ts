// Wall-clock fields of an instant in an IANA time zone, through Intl (no tz database of our own).

/** The calendar fields of an instant as seen in one zone. */
export interface LocalTime {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  /** 1-31. */
  readonly day: number;
  /** 0 = Sunday. */
  readonly weekday: number;
  /** Minutes since local midnight. */
  readonly minuteOfDay: number;
  /** Days in this local month. */
  readonly daysInMonth: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Resolves Go's special names: `Local` is the host zone; `UTC` and empty are UTC. */
function resolveZone(zone: string): string {
  if (zone === '' || zone === 'UTC') return 'UTC';
  if (zone === 'Local') return Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromParts(year: number, month: number, day: number, minuteOfDay: number): LocalTime {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday, minuteOfDay, daysInMonth: daysIn(year, month) };
}

/** The local calendar fields of `ms` (epoch milliseconds) in `zone`. */
export function localTime(ms: number, zone: string): LocalTime {
  const z = resolveZone(zone);
  if (z === 'UTC') {
    const d = new Date(ms);
    return fromParts(
      d.getUTCFullYear(),
      d.getUTCMonth() + 1,
      d.getUTCDate(),
      d.getUTCHours() * 60 + d.getUTCMinutes(),
    );
  }
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const p of formatter(z).formatToParts(new Date(ms))) {
    if (p.type === 'year') year = Number(p.value);
    else if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'day') day = Number(p.value);
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return fromParts(year, month, day, hour * 60 + minute);
}
