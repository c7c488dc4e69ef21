/**
 * Renders per second for a compiled Go template: parse once, execute a typical alert annotation
 * many times. Usage: npx tsx bench/template-render.ts [iterations]
 */
import { TemplateSet } from '../src/template/engine.js';

const PRELUDE =
  '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';
const TEXT = PRELUDE + '{{ $labels.instance }} is {{ $value | printf "%.2f" }} ({{ $labels.job | toUpper }})';

const iterations = Number(process.argv[2] ?? 200_000);
const set = new TemplateSet({
  missingKey: 'zero',
  funcs: { toUpper: (s: unknown) => String(s).toUpperCase() },
});
set.parse('__alert_HighLatency', TEXT);
const data = {
  Labels: { instance: 'a.example.com:9100', job: 'api', severity: 'critical' },
  ExternalLabels: { cluster: 'eu1' },
  ExternalURL: 'http://prometheus.example.com',
  Value: 0.98765,
};

let out = '';
for (let i = 0; i < 10_000; i++) out = set.execute('__alert_HighLatency', data); // warm-up
const start = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) out = set.execute('__alert_HighLatency', { ...data, Value: i / 7 });
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`output: ${out}`);
console.log(`${iterations} renders in ${secs.toFixed(3)}s: ${Math.round(iterations / secs)} renders/sec`);
