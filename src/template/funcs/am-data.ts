/**
 * Alertmanager's notification template data (`template.Data`) for the Go template engine:
 * KV label maps with SortedPairs/Names/Values/Remove, Alerts with Firing/Resolved, and the
 * builders from Vigil's alerts or from Alertmanager's template-data JSON.
 */
import type { GoTime } from '../gotime.js';
import { TemplateFuncError } from '../errors.js';
import { goType, goTypeName, kindOf, stringOf, withSignature } from '../values.js';

function tag(target: object, name: string, kind: 'map' | 'struct' | 'slice', elemZero?: unknown): void {
  const info = elemZero === undefined ? { name, kind } : { name, kind, elemZero };
  Object.defineProperty(target, goType, { value: info, enumerable: false, configurable: true });
}

function method<F extends (...args: never[]) => unknown>(fn: F, params: number): F {
  return withSignature(fn, { params: Array.from({ length: params }, () => 'any' as const) });
}

/** Go's `[]string`, as Names/Values/stringSlice return it. */
export function stringSlice(items: readonly string[]): string[] {
  const arr = [...items];
  tag(arr, '[]string', 'slice');
  return arr;
}

/** Reads a `[]string` argument, failing like Go's argument conversion would. */
export function asStringSlice(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v) && v.every((x) => kindOf(x) === 'string')) return v.map((x) => stringOf(x));
  throw new TemplateFuncError(`wrong type for value; expected []string; got ${goTypeName(v)}`);
}

/** One label or annotation (`template.Pair`). */
export class Pair {
  constructor(
    readonly Name: string,
    readonly Value: string,
  ) {}
}
tag(Pair.prototype, 'template.Pair', 'struct');

/** `template.Pairs`: sorted pairs with the Names and Values methods. */
export class Pairs extends Array<Pair> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  /** The names, in order. */
  Names(): string[] {
    return stringSlice(this.map((p) => p.Name));
  }
  /** The values, in order. */
  Values(): string[] {
    return stringSlice(this.map((p) => p.Value));
  }
}
tag(Pairs.prototype, 'template.Pairs', 'slice');
method(Pairs.prototype.Names, 0);
method(Pairs.prototype.Values, 0);

function pairs(list: Pair[]): Pairs {
  const out = new Pairs();
  out.push(...list);
  return out;
}

/** Alertmanager's `template.KV`: a label map whose methods templates call. */
export class KV extends Map<string, string> {
  /** Pairs sorted by name, with `alertname` first. */
  SortedPairs(): Pairs {
    const keys = [...this.keys()]
      .filter((k) => k !== 'alertname')
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (this.has('alertname')) keys.unshift('alertname');
    return pairs(keys.map((k) => new Pair(k, this.get(k) ?? '')));
  }
  /** A copy without the given names. */
  Remove(names: unknown): KV {
    const drop = new Set(asStringSlice(names));
    return new KV([...this].filter(([k]) => !drop.has(k)));
  }
  /** Names in SortedPairs order. */
  Names(): string[] {
    return this.SortedPairs().Names();
  }
  /** Values in SortedPairs order. */
  Values(): string[] {
    return this.SortedPairs().Values();
  }
  /** The map as a plain object, for JSON and Handlebars. */
  toObject(): Record<string, string> {
    return Object.fromEntries([...this].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
tag(KV.prototype, 'template.KV', 'map', '');
for (const [name, n] of [
  ['SortedPairs', 0],
  ['Remove', 1],
  ['Names', 0],
  ['Values', 0],
] as const) {
  const fn = (KV.prototype as unknown as Record<string, (...a: never[]) => unknown>)[name];
  if (fn) method(fn, n);
}

/** Builds a KV from a plain label object (null or undefined gives an empty map). */
export function kv(labels: Readonly<Record<string, string>> | null | undefined): KV {
  return new KV(Object.entries(labels ?? {}));
}

/** One alert of a notification (`template.Alert`). */
export class Alert {
  constructor(
    readonly Status: string,
    readonly Labels: KV,
    readonly Annotations: KV,
    readonly StartsAt: GoTime,
    readonly EndsAt: GoTime,
    readonly GeneratorURL: string,
    readonly Fingerprint: string,
  ) {}
}
tag(Alert.prototype, 'template.Alert', 'struct');

function alertSlice(list: Alert[]): Alert[] {
  tag(list, '[]template.Alert', 'slice');
  return list;
}

/** `template.Alerts`, with the Firing and Resolved methods. */
export class Alerts extends Array<Alert> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  /** The firing alerts (Go returns a plain `[]Alert`). */
  Firing(): Alert[] {
    return alertSlice(this.filter((a) => a.Status === 'firing'));
  }
  /** The resolved alerts. */
  Resolved(): Alert[] {
    return alertSlice(this.filter((a) => a.Status === 'resolved'));
  }
}
tag(Alerts.prototype, 'template.Alerts', 'slice');
method(Alerts.prototype.Firing, 0);
method(Alerts.prototype.Resolved, 0);

/** Builds `template.Alerts` from a list. */
export function alerts(list: readonly Alert[]): Alerts {
  const out = new Alerts();
  out.push(...list);
  return out;
}

/** Alertmanager's `template.Data`, the dot of every notification template. */
export class TemplateData {
  constructor(
    readonly Receiver: string,
    readonly Status: string,
    readonly Alerts: Alerts,
    readonly GroupLabels: KV,
    readonly CommonLabels: KV,
    readonly CommonAnnotations: KV,
    readonly ExternalURL: string,
  ) {}
}
tag(TemplateData.prototype, 'template.Data', 'struct');
