// Data and rules for the folding comparison test: an exporter serving every metric a rule set
// names (values crossing thresholds, with NaN, negative values, -0 and +Inf), and a generated
// benchmark-like rule set (warning/critical pairs, one ratio in several rules, bool, number on the left).

const COUNTER_RATES = [0, 0.5, 3, 20] as const;
const BUCKETS = ['0.1', '0.5', '1', '+Inf'] as const;
const BUCKET_FRACTIONS = [
  [0.9, 1, 1, 1],
  [0.5, 0.8, 0.95, 1],
  [0.1, 0.3, 0.6, 1],
  [0, 0.1, 0.2, 1],
] as const;
const ERROR_SHARES = [0.5, 0.05, 0.15, 0.6] as const;
const CYCLE = [0, 0.5, 0.9, 1, 5, 50, 85, 95, 600, 0.99] as const;

function seriesLabels(k: number, code?: string): string {
  const odd = k % 2 === 1;
  const labels: Record<string, string> = {
    instance: `i${k}`,
    job: `job${k % 2}`,
    status: code ?? (odd ? '500' : '200'),
    code: code ?? (odd ? '500' : '200'),
    response_code: code ?? (odd ? '500' : '200'),
    mode: odd ? 'user' : 'idle',
    event: odd ? 'failure' : 'success',
    source_app: k < 2 ? 'istio-gateway' : 'web',
    container: 'app',
    namespace: `ns${k % 2}`,
    cluster: `c${k % 2}`,
    command_group: 'g',
    command_name: `cmd${k % 2}`,
    destination_service_name: `svc${k % 2}`,
    fstype: 'ext4',
    mountpoint: '/',
  };
  return Object.entries(labels)
    .map(([n, v]) => `${n}="${v}"`)
    .join(',');
}

function isCounter(name: string): boolean {
  return /(_total|_count|_sum|_bucket)$/.test(name);
}

/** A gauge value for series `k` at scrape `n`: NaN, negative and -0, a wide cycle, +Inf. */
function gaugeValue(k: number, n: number): string {
  if (k === 0) return n % 4 === 0 ? 'NaN' : String(95 - n);
  if (k === 1) return n % 3 === 0 ? '-0' : String(-(n % 5) * 1.5);
  if (k === 2) return String(CYCLE[n % CYCLE.length]);
  return n % 5 === 0 ? '+Inf' : String((n % 10) / 10);
}

/**
 * The exposition text at scrape `n` for `names`: four series each (counters grow, buckets
 * cumulate, `*requests_total` split into 500 and 200 codes with a per-series error share).
 */
export function exposition(names: readonly string[], n: number): string {
  const lines: string[] = [];
  for (const name of names)
    for (let k = 0; k < 4; k++) {
      const labels = seriesLabels(k);
      const counter = (COUNTER_RATES[k] ?? 0) * n + Math.floor(n / 2) * k;
      if (name.endsWith('requests_total')) {
        const errors = counter * (ERROR_SHARES[k] ?? 0);
        lines.push(
          `${name}{${seriesLabels(k, '500')}} ${errors}`,
          `${name}{${seriesLabels(k, '200')}} ${counter - errors}`,
        );
      } else if (name.endsWith('_bucket'))
        BUCKETS.forEach((le, i) =>
          lines.push(`${name}{${labels},le="${le}"} ${counter * (BUCKET_FRACTIONS[k]?.[i] ?? 1)}`),
        );
      else lines.push(`${name}{${labels}} ${isCounter(name) ? counter : gaugeValue(k, n)}`);
    }
  // Two metrics whose series differ only by name: `> bool` on both must fail as in Prometheus.
  lines.push(`fold_dup_a{instance="i0"} ${n % 3}`, `fold_dup_b{instance="i0"} ${n % 4}`);
  return `${lines.join('\n')}\n`;
}

/** Metric names the generated rule set reads (besides `fold_dup_*`, always served). */
export const GENERATED_METRICS = [
  'fold_http_requests_total',
  'fold_http_request_duration_seconds_bucket',
  'fold_node_cpu_seconds_total',
  'fold_queue_depth',
] as const;

interface GenRule {
  readonly kind: 'alert' | 'record';
  readonly name: string;
  readonly expr: string;
  readonly forSec?: number;
  readonly severity?: string;
}

function families(job: string): GenRule[] {
  const sel = `job="${job}"`;
  const ratio = `sum by (instance) (rate(fold_http_requests_total{${sel},code=~"5.."}[5m])) / sum by (instance) (rate(fold_http_requests_total{${sel}}[5m]))`;
  const p99 = `histogram_quantile(0.99, sum by (le, instance) (rate(fold_http_request_duration_seconds_bucket{${sel}}[5m])))`;
  const cpu = `1 - avg by (instance) (rate(fold_node_cpu_seconds_total{${sel},mode="idle"}[5m]))`;
  const queue = `max by (instance) (fold_queue_depth{${sel}})`;
  const raw = `fold_queue_depth{${sel}}`;
  return [
    { kind: 'alert', name: 'HighErrorRatio', expr: `${ratio} > 0.05`, severity: 'warning' },
    { kind: 'alert', name: 'HighErrorRatio', expr: `${ratio} > 0.2`, forSec: 2, severity: 'critical' },
    { kind: 'alert', name: 'ErrorRatioSpike', expr: `0.5 < ${ratio}` },
    { kind: 'record', name: 'instance:error_ratio_high:bool', expr: `${ratio} > bool 0.1` },
    { kind: 'record', name: 'instance:error_ratio_low:bool', expr: `0.1 >= bool ${ratio}` },
    { kind: 'alert', name: 'HighLatencyP99', expr: `${p99} > 0.5`, severity: 'warning' },
    { kind: 'alert', name: 'HighLatencyP99', expr: `${p99} > 1`, forSec: 2, severity: 'critical' },
    { kind: 'alert', name: 'HighCpu', expr: `${cpu} > 0.8`, severity: 'warning' },
    { kind: 'alert', name: 'HighCpu', expr: `${cpu} > 0.9`, forSec: 3, severity: 'critical' },
    { kind: 'alert', name: 'CpuNegative', expr: `(${cpu}) < -1` },
    { kind: 'alert', name: 'QueueDeep', expr: `${queue} > 50`, severity: 'warning' },
    { kind: 'alert', name: 'QueueDeep', expr: `${queue} >= 90`, forSec: 2, severity: 'critical' },
    { kind: 'alert', name: 'QueueZero', expr: `${raw} == 0` },
    { kind: 'alert', name: 'QueueNonZero', expr: `${raw} != 0` },
    { kind: 'alert', name: 'QueueBelow', expr: `0 >= ${raw}` },
    { kind: 'record', name: 'queue:nonempty:bool', expr: `${raw} >= bool 1` },
    { kind: 'record', name: 'queue:nan:bool', expr: `${raw} != bool NaN` },
    { kind: 'alert', name: 'QueueIsNaN', expr: `${raw} == NaN` },
  ];
}

function ruleYaml(r: GenRule): string {
  const head = r.kind === 'alert' ? `      - alert: ${r.name}` : `      - record: ${r.name}`;
  const lines = [head, `        expr: ${JSON.stringify(r.expr)}`];
  if (r.forSec !== undefined) lines.push(`        for: ${r.forSec}s`);
  if (r.severity) lines.push('        labels:', `          severity: ${r.severity}`);
  if (r.kind === 'alert')
    lines.push('        annotations:', '          summary: "{{ $labels.instance }} at {{ $value }}"');
  return lines.join('\n');
}

/** A benchmark-like rule file: per job a group of the families above, plus the duplicate-labels group. */
export function generatedRuleFile(): { yaml: string; rules: number } {
  const groups: Array<[string, GenRule[]]> = [
    ['bench-job0', families('job0')],
    ['bench-job1', families('job1')],
    [
      'bench-dup',
      [
        { kind: 'record', name: 'dup:bool', expr: '{__name__=~"fold_dup_a|fold_dup_b"} > bool 1' },
        { kind: 'alert', name: 'DupHigh', expr: '{__name__=~"fold_dup_a|fold_dup_b"} > 1' },
        // Fails in Prometheus (two job0 series match the one left series): a batch holding it
        // fails, and every rule must then get what it gets unbatched.
        { kind: 'record', name: 'dup:join', expr: 'fold_dup_a + on() fold_queue_depth{job="job0"}' },
        { kind: 'record', name: 'dup:b', expr: 'fold_dup_b' },
      ],
    ],
  ];
  const yaml = [
    'groups:',
    ...groups.map(([name, rules]) =>
      [`  - name: ${name}`, '    interval: 1s', '    rules:', ...rules.map(ruleYaml)].join('\n'),
    ),
  ].join('\n');
  return { yaml: `${yaml}\n`, rules: groups.reduce((a, [, r]) => a + r.length, 0) };
}
