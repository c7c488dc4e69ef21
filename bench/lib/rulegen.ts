// Generated rule files for the ruler benchmarks: realistic alerting rules over the synthetic
// series (rates over 5m windows, aggregations by instance, `for`), in warning/critical pairs that
// differ only in threshold, grouped `perGroup` rules to a group.
import { jobName } from './series.js';

/** One generated alerting rule. */
export interface GenRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'warning' | 'critical';
}

/** One rule group. */
export interface GenGroup {
  readonly name: string;
  readonly rules: GenRule[];
}

interface Template {
  readonly name: string;
  /** The expression without its comparison, for job selector `sel` and window `w`. */
  readonly expr: (sel: string, w: string) => string;
  readonly cmp: '>' | '<';
  readonly warning: string;
  readonly critical: string;
}

const TEMPLATES: Template[] = [
  {
    name: 'HighErrorRatio',
    expr: (s, w) => `sum by (instance) (rate(http_requests_total{${s},code="500"}[${w}])) / sum by (instance) (rate(http_requests_total{${s}}[${w}]))`,
    cmp: '>',
    warning: '0.05',
    critical: '0.2',
  },
  {
    name: 'HighLatencyP99',
    expr: (s, w) => `histogram_quantile(0.99, sum by (le, instance) (rate(http_request_duration_seconds_bucket{${s}}[${w}])))`,
    cmp: '>',
    warning: '0.5',
    critical: '1',
  },
  {
    name: 'HighCpu',
    expr: (s, w) => `1 - avg by (instance) (rate(node_cpu_seconds_total{${s},mode="idle"}[${w}]))`,
    cmp: '>',
    warning: '0.8',
    critical: '0.9',
  },
  {
    name: 'HighMemory',
    expr: (s, w) => `max by (instance) (max_over_time(process_resident_memory_bytes{${s}}[${w}]))`,
    cmp: '>',
    warning: '1e9',
    critical: '2e9',
  },
  {
    name: 'QueueBacklog',
    expr: (s, w) => `avg by (instance) (avg_over_time(queue_depth{${s}}[${w}]))`,
    cmp: '>',
    warning: '100',
    critical: '500',
  },
  {
    name: 'TargetFlapping',
    expr: (s, w) => `avg_over_time(up{${s}}[${w}])`,
    cmp: '<',
    warning: '0.9',
    critical: '0.5',
  },
  {
    name: 'LowTraffic',
    expr: (s, w) => `sum by (instance) (rate(http_requests_total{${s},method="GET"}[${w}]))`,
    cmp: '<',
    warning: '5',
    critical: '1',
  },
  {
    name: 'SlowAverageResponse',
    expr: (s, w) => `sum by (instance) (rate(http_request_duration_seconds_sum{${s}}[${w}])) / sum by (instance) (rate(http_request_duration_seconds_count{${s}}[${w}]))`,
    cmp: '>',
    warning: '0.3',
    critical: '0.6',
  },
];

const WINDOWS = ['5m', '10m', '15m', '30m', '1h', '20m', '3m', '45m'];

/** `n` rules (pairs of warning/critical) over `jobs` jobs, `perGroup` rules per group. */
export function generateRules(n: number, jobs: number, perGroup: number): GenGroup[] {
  const rules: GenRule[] = [];
  for (let k = 0; k < n; k++) {
    const pair = Math.floor(k / 2);
    const job = pair % jobs;
    const tpl = TEMPLATES[Math.floor(pair / jobs) % TEMPLATES.length] as Template;
    const variant = Math.floor(pair / (jobs * TEMPLATES.length));
    const w = WINDOWS[variant % WINDOWS.length] as string;
    const critical = k % 2 === 1;
    const sel = `job="${jobName(job)}"`;
    rules.push({
      alert: `${tpl.name}${variant > 0 ? `_${w}` : ''}`,
      expr: `${tpl.expr(sel, w)} ${tpl.cmp} ${critical ? tpl.critical : tpl.warning}`,
      for: critical ? '5m' : '1m',
      severity: critical ? 'critical' : 'warning',
    });
  }
  const groups: GenGroup[] = [];
  for (let g = 0; g * perGroup < n; g++) {
    groups.push({ name: `bench-${String(g).padStart(4, '0')}`, rules: rules.slice(g * perGroup, (g + 1) * perGroup) });
  }
  return groups;
}

/** Renders groups as a Prometheus rule file (YAML); `interval` sets each group's interval. */
export function renderRuleFile(groups: readonly GenGroup[], interval?: string): string {
  const out: string[] = ['groups:'];
  for (const g of groups) {
    out.push(`  - name: ${g.name}`);
    if (interval !== undefined) out.push(`    interval: ${interval}`);
    out.push('    rules:');
    for (const r of g.rules) {
      out.push(
        `      - alert: ${r.alert}`,
        `        expr: '${r.expr.replace(/'/g, "''")}'`,
        `        for: ${r.for}`,
        '        labels:',
        `          severity: ${r.severity}`,
        '        annotations:',
        `          summary: '{{ $labels.instance }} of {{ $labels.job }}: ${r.alert} is {{ $value | humanize }}'`,
        `          description: 'Alert ${r.alert} ({{ $labels.severity }}) fired for {{ $labels.instance }}.'`,
      );
    }
  }
  return out.join('\n') + '\n';
}

/** The expression of every rule, in group order (for the plain query client). */
export function ruleExprs(groups: readonly GenGroup[]): string[][] {
  return groups.map((g) => g.rules.map((r) => r.expr));
}
