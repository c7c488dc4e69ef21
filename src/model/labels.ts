/** A label set: name → value. Treated as immutable once built. */
export type Labels = Readonly<Record<string, string>>;

/** One label, as Go templates see it in `.Labels.SortedPairs`. */
export interface LabelPair {
  readonly name: string;
  readonly value: string;
}

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Prometheus' legacy label-name rule (`model.LabelName.IsValid`). */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME_RE.test(name);
}

/** Prometheus' legacy metric-name rule (`model.IsValidMetricName`). */
export function isValidMetricName(name: string): boolean {
  return METRIC_NAME_RE.test(name);
}

/** Label names in byte order, the order Prometheus and Alertmanager sort them in. */
export function sortedNames(labels: Labels): string[] {
  return Object.keys(labels).sort(compareStrings);
}

/** The pairs of a label set sorted by name. */
export function sortedPairs(labels: Labels): LabelPair[] {
  return sortedNames(labels).map((name) => ({ name, value: labels[name] ?? '' }));
}

/** Byte-wise (UTF-16 code unit) comparison, matching Go's string ordering for BMP text. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when both label sets hold exactly the same names and values. */
export function labelsEqual(a: Labels, b: Labels): boolean {
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) if (a[k] !== b[k]) return false;
  return true;
}

/** Prometheus' text form of a label set: `{a="1", b="2"}`, sorted, values Go-quoted. */
export function formatLabels(labels: Labels): string {
  return `{${sortedPairs(labels)
    .map((p) => `${p.name}=${JSON.stringify(p.value)}`)
    .join(', ')}}`;
}
