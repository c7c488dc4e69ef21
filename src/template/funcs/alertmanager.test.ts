// Alertmanager functions newer than the installed amtool 0.25 (so outside the differential
// corpus): expectations from Alertmanager's own template_test.go.
import { describe, expect, it } from 'vitest';
import { TemplateSet } from '../engine.js';
import { GoTime } from '../gotime.js';
import { alertmanagerFuncs } from './alertmanager.js';
import { buildTemplateData, templateDataFromJSON } from './am-build.js';

const NOW = Date.UTC(2024, 0, 1, 9, 15, 30);

function render(text: string, data: unknown = null, mode: 'text' | 'html' = 'text'): string {
  const set = new TemplateSet({ funcs: alertmanagerFuncs({ now: () => NOW }), missingKey: 'zero', mode });
  set.parse('', text);
  return set.execute('', data);
}

const T = GoTime.utc(2024, 1, 1, 8, 15, 30);

describe('alertmanager functions', () => {
  it.each([
    ['{{ " a b c " | trimSpace }}', null, 'a b c'],
    ['{{ "\\t\\n abc \\u00a0" | trimSpace }}', null, 'abc'],
    ['{{ "search?q=test%20foo" | urlUnescape }}', null, 'search?q=test foo'],
    ['{{ "a+b%C3%A9" | urlUnescape }}', null, 'a bé'],
    ['{{ . | date "2006-01-02" }}', T, '2024-01-01'],
    ['{{ . | date "Mon, 02 Jan 2006 15:04:05 MST" }}', T, 'Mon, 01 Jan 2024 08:15:30 UTC'],
    ['{{ . | tz "Europe/Paris" }}', T, '2024-01-01 09:15:30 +0100 CET'],
    ['{{ . | tz "America/New_York" | date "15:04 MST" }}', T, '03:15 EST'],
    ['{{ . | tz "UTC" }}', T, '2024-01-01 08:15:30 +0000 UTC'],
    ['{{ . | since | humanizeDuration }}', T, '1h 0m 0s'],
    [
      '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
      [0, 1, 60, 3600, 86400, 90000, -183845, 899.99],
      '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:',
    ],
    [
      '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
      ['.1', '.0001', '.12345', '60.1', '1.2345'],
      '100ms:100us:123.5ms:1m 0s:1.234s:',
    ],
    ['{{ "test" | toJson }}', null, '"test"'],
    ['{{ 42 | toJson }}|{{ 1.5 | toJson }}|{{ true | toJson }}', null, '42|1.5|true'],
    ['{{ "<a&b>" | toJson }}', null, '"\\u003ca\\u0026b\\u003e"'],
    ['{{- $test := dict -}}{{ $test }}', null, 'map[]'],
    ['{{- $test := dict "a" 1 "b" 2 "c" 3 -}}{{ $test }}', null, 'map[a:1 b:2 c:3]'],
    ['{{- $test := list -}}{{ $test }}', null, '[]'],
    ['{{- $test := list "a" "b" "c" -}}{{ $test }}', null, '[a b c]'],
    ['{{- $test := list "a" "b" -}}{{ $test = append $test "c" "d" -}}{{ $test }}', null, '[a b c d]'],
    ['{{ now | date "2006" }}', null, '2024'],
    ['{{ title "hello wORLD" }} {{ toUpper "é" }}', null, 'Hello World É'],
    ['{{ join "," (stringSlice "a" "b") }}', null, 'a,b'],
  ])('%s', (text, data, expected) => {
    expect(render(text, data)).toBe(expected);
  });

  it('marks safeUrl values as trusted in HTML mode', () => {
    expect(render('<a href="/search?{{ "q=test%20foo" | safeUrl }}"></a>', null, 'html')).toBe(
      '<a href="/search?q=test%20foo"></a>',
    );
  });

  it.each([
    ['{{ dict "a" }}', 'dict requires an even number of arguments'],
    ['{{ dict 1 "value" }}', 'dict keys must be strings'],
    ['{{ . | tz "Invalid/Timezone" }}', 'error calling tz: unknown time zone Invalid/Timezone'],
    ['{{ humanizeDuration "one" }}', 'strconv.ParseFloat: parsing "one": invalid syntax'],
    ['{{ "%zz" | urlUnescape }}', 'invalid URL escape "%zz"'],
  ])('%s fails', (text, message) => {
    expect(() => render(text, T)).toThrow(message);
  });

  it('encodes the data model as Alertmanager JSON', () => {
    const data = templateDataFromJSON({
      status: 'firing',
      alerts: [{ status: 'firing', labels: { alertname: 'test' } }, { status: 'resolved' }],
      commonLabels: { severity: 'critical', job: 'foo' },
    });
    expect(render('{{ .CommonLabels | toJson }}', data)).toBe('{"job":"foo","severity":"critical"}');
    expect(render('{{ .Alerts.Firing | toJson }}', data)).toBe(
      '[{"status":"firing","labels":{"alertname":"test"},"annotations":{},"startsAt":"0001-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":""}]',
    );
    expect(
      render(
        '{{- $l := list -}}{{ range .Alerts }}{{ $l = append $l (dict "status" .Status) }}{{ end }}{{ toJson $l }}',
        data,
      ),
    ).toBe('[{"status":"firing"},{"status":"resolved"}]');
  });
});

describe('buildTemplateData', () => {
  const data = buildTemplateData({
    receiver: 'team.a(b)',
    groupLabels: { alertname: 'Down' },
    externalURL: 'http://am:9093',
    alerts: [
      {
        labels: { alertname: 'Down', job: 'a', zone: 'z1' },
        annotations: { summary: 's' },
        startsAt: NOW,
        endsAt: 0,
        generatorURL: 'g',
        fingerprint: 'f1',
        resolved: false,
      },
      {
        labels: { alertname: 'Down', job: 'a', zone: 'z2' },
        annotations: { summary: 's', x: '1' },
        startsAt: NOW,
        endsAt: NOW,
        generatorURL: 'g',
        fingerprint: 'f2',
        resolved: true,
      },
    ],
  });

  it.each([
    ['{{ .Receiver }}', 'team\\.a\\(b\\)'],
    ['{{ .Status }} {{ len .Alerts.Firing }} {{ len .Alerts.Resolved }}', 'firing 1 1'],
    ['{{ .CommonLabels }} {{ .CommonAnnotations }}', 'map[alertname:Down job:a] map[summary:s]'],
    ['{{ (index .Alerts 0).EndsAt.IsZero }} {{ (index .Alerts 1).EndsAt.Unix }}', `true ${NOW / 1000}`],
    ['{{ (.CommonLabels.Remove .GroupLabels.Names).SortedPairs }}', '[{job a}]'],
  ])('%s', (text, expected) => {
    expect(render(text, data)).toBe(expected);
  });
});
