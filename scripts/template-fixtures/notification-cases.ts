/**
 * Notification-template cases for the differential corpus, rendered by the real
 * `amtool template render`. `data` names a file under test/fixtures/templates/notification/data
 * (without `.json`); absent means amtool's built-in example data, whose times are "now", so
 * those cases never print times.
 */

/** One notification case before amtool has produced its expected output. */
export interface NotificationCaseInput {
  name: string;
  template: string;
  type?: 'text' | 'html';
  data?: string;
  /** Extra template files, relative to test/fixtures/templates/notification/tmpl. */
  globs?: string[];
}

const DEFAULT_NAMES = [
  '__subject',
  '__description',
  '__text_alert_list',
  '__alertmanager',
  '__alertmanagerURL',
  'slack.default.title',
  'slack.default.username',
  'slack.default.fallback',
  'slack.default.callbackid',
  'slack.default.pretext',
  'slack.default.titlelink',
  'slack.default.iconemoji',
  'slack.default.iconurl',
  'slack.default.text',
  'slack.default.footer',
  'pagerduty.default.description',
  'pagerduty.default.client',
  'pagerduty.default.clientURL',
  'pagerduty.default.instances',
  'opsgenie.default.message',
  'opsgenie.default.description',
  'opsgenie.default.source',
  'wechat.default.message',
  'victorops.default.state_message',
  'victorops.default.entity_display_name',
  'victorops.default.monitoring_tool',
  'pushover.default.title',
  'pushover.default.message',
  'pushover.default.url',
  'sns.default.subject',
  'sns.default.message',
  'telegram.default.message',
  'discord.default.title',
  'discord.default.message',
  'webex.default.message',
  'email.default.subject',
];

function defaultTemplateCases(): NotificationCaseInput[] {
  const out: NotificationCaseInput[] = [];
  for (const name of DEFAULT_NAMES) {
    const arg = name === '__text_alert_list' || name === 'pagerduty.default.instances' ? '.Alerts' : '.';
    for (const data of ['firing', 'resolved', undefined]) {
      out.push({
        name: `default ${name} ${data ?? 'builtin'}`,
        template: `{{ template "${name}" ${arg} }}`,
        data,
      });
    }
  }
  out.push({
    name: 'default subject unicode',
    template: '{{ template "slack.default.fallback" . }}',
    data: 'unicode',
  });
  out.push({ name: 'default subject empty', template: '{{ template "__subject" . }}', data: 'empty' });
  out.push({
    name: 'default opsgenie empty',
    template: '{{ template "opsgenie.default.description" . }}',
    data: 'empty',
  });
  return out;
}

const F = 'firing';

/** Vigil's own HTML e-mail template, checked through Go's html/template via amtool. */
const VIGIL_EMAIL_TMPL = '../../../../../templates/email.tmpl';

/** Data-model access: fields, methods and printing. */
const modelCases: NotificationCaseInput[] = [
  { name: 'receiver status', template: '{{ .Receiver }}|{{ .Status }}|{{ .ExternalURL }}', data: F },
  {
    name: 'builtin receiver',
    template: '{{ .Receiver }}|{{ .Status }}|{{ .ExternalURL }}|{{ len .Alerts }}',
  },
  {
    name: 'alerts firing resolved',
    template: '{{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }}',
    data: F,
  },
  { name: 'builtin firing count', template: '{{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }}' },
  {
    name: 'range alerts fields',
    template: '{{ range .Alerts }}{{ .Status }} {{ .Fingerprint }} {{ .GeneratorURL }}\n{{ end }}',
    data: F,
  },
  {
    name: 'range firing labels',
    template: '{{ range .Alerts.Firing }}{{ .Labels.instance }};{{ end }}',
    data: F,
  },
  {
    name: 'range resolved annotations',
    template: '{{ range .Alerts.Resolved }}{{ .Annotations.description }}{{ end }}',
    data: F,
  },
  { name: 'print kv', template: '{{ .GroupLabels }}|{{ .CommonLabels }}|{{ .CommonAnnotations }}', data: F },
  { name: 'print kv builtin', template: '{{ .GroupLabels }}|{{ .CommonAnnotations }}' },
  {
    name: 'print empty kv',
    template: '[{{ .GroupLabels }}][{{ .CommonLabels }}][{{ .CommonAnnotations }}][{{ .Alerts }}]',
    data: 'empty',
  },
  {
    name: 'sortedpairs alertname first',
    template: '{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}',
    data: F,
  },
  { name: 'sortedpairs print', template: '{{ .GroupLabels.SortedPairs }}', data: F },
  {
    name: 'sortedpairs names values',
    template: '{{ .CommonLabels.SortedPairs.Names }}|{{ .CommonLabels.SortedPairs.Values }}',
    data: F,
  },
  { name: 'kv names values', template: '{{ .CommonLabels.Names }}|{{ .CommonLabels.Values }}', data: F },
  {
    name: 'kv join',
    template: '{{ .CommonLabels.Values | join ", " }}|{{ join "-" .GroupLabels.Names }}',
    data: F,
  },
  { name: 'kv remove', template: '{{ .CommonLabels.Remove .GroupLabels.Names }}', data: F },
  {
    name: 'kv remove stringSlice',
    template: '{{ (.CommonLabels.Remove (stringSlice "env" "severity")).SortedPairs.Values | join " " }}',
    data: F,
  },
  { name: 'kv remove nothing', template: '{{ .CommonLabels.Remove (stringSlice) }}', data: F },
  {
    name: 'kv index',
    template:
      '{{ index .CommonLabels "service" }}|{{ index .CommonLabels "nope" }}|{{ .CommonLabels.nope }}|',
    data: F,
  },
  {
    name: 'kv len',
    template: '{{ len .CommonLabels }} {{ len .GroupLabels }} {{ len .CommonAnnotations }}',
    data: F,
  },
  { name: 'range kv', template: '{{ range $k, $v := .CommonLabels }}{{ $k }}:{{ $v }} {{ end }}', data: F },
  { name: 'alert print', template: '{{ index .Alerts 2 }}', data: F },
  { name: 'alerts print', template: '{{ .Alerts.Resolved }}', data: F },
  {
    name: 'startsAt print',
    template: '{{ range .Alerts }}{{ .StartsAt }}|{{ .EndsAt }}\n{{ end }}',
    data: F,
  },
  {
    name: 'startsAt format',
    template:
      '{{ range .Alerts }}{{ .StartsAt.Format "2006-01-02T15:04:05Z07:00" }} {{ .StartsAt.Unix }}\n{{ end }}',
    data: F,
  },
  {
    name: 'startsAt format layouts',
    template:
      '{{ with index .Alerts 1 }}{{ .StartsAt.Format "Mon Jan _2 15:04:05 MST 2006" }}|{{ .StartsAt.Format "02/01/06 3:04PM .000" }}|{{ .EndsAt.Format "15:04:05.999999999" }}{{ end }}',
    data: F,
  },
  {
    name: 'endsAt zero',
    template: '{{ (index .Alerts 0).EndsAt.IsZero }} {{ (index .Alerts 2).EndsAt.IsZero }}',
    data: F,
  },
  { name: 'time utc', template: '{{ (index .Alerts 1).StartsAt.UTC }}', data: F },
  { name: 'time sub', template: '{{ with index .Alerts 2 }}{{ .EndsAt.Sub .StartsAt }}{{ end }}', data: F },
  {
    name: 'unicode data',
    template:
      '{{ .Receiver }}|{{ range .Alerts }}{{ .Labels.alertname }} {{ .Labels.zone }} {{ .Annotations.summary }}{{ end }}',
    data: 'unicode',
  },
  { name: 'unicode sorted', template: '{{ .CommonLabels.SortedPairs.Names }}', data: 'unicode' },
  {
    name: 'status eq',
    template: '{{ if eq .Status "firing" }}🔥 {{ len .Alerts.Firing }}{{ else }}✅{{ end }}',
    data: F,
  },
  {
    name: 'status eq resolved',
    template: '{{ if eq .Status "firing" }}🔥{{ else }}✅ resolved{{ end }}',
    data: 'resolved',
  },
  { name: 'missing field zero', template: '[{{ .CommonAnnotations.nope }}]', data: F },
  { name: 'unknown field error', template: '{{ .Nope }}', data: F },
  { name: 'unknown alert field', template: '{{ range .Alerts }}{{ .Value }}{{ end }}', data: F },
  { name: 'method with args error', template: '{{ .CommonLabels.Remove }}', data: F },
  { name: 'dot print', template: '{{ . }}', data: F },
  {
    name: 'printf T',
    template:
      '{{ printf "%T %T %T %T %T" . .Alerts .CommonLabels (index .Alerts 0) .CommonLabels.SortedPairs }}',
    data: F,
  },
  {
    name: 'printf v alert labels',
    template: '{{ printf "%v|%q" (index .Alerts 0).Labels .Receiver }}',
    data: F,
  },
  {
    name: 'json-ish',
    template: '{ "r": {{ printf "%q" .Receiver }}, "n": {{ len .Alerts }} }',
    data: 'unicode',
  },
];

/** Alertmanager 0.25's functions and the builtins, in text and HTML mode. */
const functionCases: NotificationCaseInput[] = [
  {
    name: 'toUpper toLower',
    template: '{{ .Status | toUpper }} {{ toLower "MiXeD Ünï" }} {{ toUpper "straße" }}',
    data: F,
  },
  { name: 'title', template: '{{ title "hello wORLD foo-bar x_y 1st don\'t a.b ünïcode" }}' },
  {
    name: 'title pipe',
    template: '{{ .CommonLabels.severity | title }} {{ title "HIGH latency" }}',
    data: F,
  },
  {
    name: 'join',
    template:
      '{{ join ", " (stringSlice "a" "b" "c") }}|{{ stringSlice "x" | join "+" }}|{{ join "" (stringSlice) }}',
  },
  { name: 'join non-slice', template: '{{ join "," "abc" }}' },
  {
    name: 'match',
    template: '{{ match "^api-[0-9]" (index .Alerts 0).Labels.instance }} {{ match "prod" .Receiver }}',
    data: F,
  },
  { name: 'match bad', template: '{{ match "a(" "x" }}' },
  {
    name: 'reReplaceAll',
    template:
      '{{ reReplaceAll ":[0-9]+$" "" (index .Alerts 0).Labels.instance }}|{{ reReplaceAll "(\\\\w+)@(\\\\w+)" "$2 at $1" "me@host" }}',
    data: F,
  },
  { name: 'reReplaceAll receiver', template: '{{ .Receiver | reReplaceAll "\\\\\\\\" "" }}', data: F },
  { name: 'reReplaceAll bad', template: '{{ reReplaceAll "[" "" "x" }}' },
  { name: 'safeHtml text', template: '{{ safeHtml "<b>x</b>" }}' },
  {
    name: 'stringSlice print',
    template:
      '{{ stringSlice "a" "b" }}|{{ len (stringSlice "a" "b" "c") }}|{{ index (stringSlice "a" "b") 1 }}',
  },
  {
    name: 'urlquery receiver',
    template: '{{ .Receiver | urlquery }}|{{ .ExternalURL | urlquery }}',
    data: 'unicode',
  },
  { name: 'html js builtins', template: '{{ html .Receiver }}|{{ js .Receiver }}', data: 'unicode' },
  {
    name: 'printf numbers',
    template: '{{ printf "%d alerts, %.1f%%, %5s|%-5s|%x" (len .Alerts) 12.345 "ab" "cd" "hi" }}',
    data: F,
  },
  { name: 'slice alerts', template: '{{ range slice .Alerts 1 }}{{ .Labels.instance }} {{ end }}', data: F },
  {
    name: 'and or',
    template: '{{ and .GroupLabels .CommonLabels.env }}|{{ or .CommonAnnotations.nope "fallback" }}',
    data: F,
  },
  {
    name: 'variables and range else',
    template:
      '{{ $r := .Receiver }}{{ range .Alerts }}{{ $r }}:{{ .Labels.instance }} {{ else }}none{{ end }}',
    data: 'empty',
  },
  {
    name: 'range index vars',
    template: '{{ range $i, $a := .Alerts }}{{ $i }}={{ $a.Status }} {{ end }}',
    data: F,
  },
  {
    name: 'with else',
    template: '{{ with .CommonAnnotations.description }}{{ . }}{{ else }}no description{{ end }}',
    data: F,
  },
  {
    name: 'define and call',
    template:
      '{{ define "x" }}<{{ .Status }}>{{ end }}{{ template "x" . }}{{ template "x" (index .Alerts 2) }}',
    data: F,
  },
  { name: 'trim', template: '  {{- .Status -}}  \n  {{- .Receiver }}', data: F },
  {
    name: 'html mode escaping',
    template:
      '<p>{{ .Receiver }}</p><a href="{{ .ExternalURL }}/#/?r={{ .Receiver }}" title="{{ .CommonAnnotations.summary }}">x</a>',
    type: 'html',
    data: 'unicode',
  },
  {
    name: 'html mode labels',
    template:
      '<ul>{{ range .Alerts }}{{ range .Labels.SortedPairs }}<li>{{ .Name }}={{ .Value }}</li>{{ end }}{{ end }}</ul>',
    type: 'html',
    data: 'unicode',
  },
  {
    name: 'html mode safeHtml',
    template:
      '<div>{{ .CommonAnnotations.summary }} {{ safeHtml "<b>ok</b>" }} {{ (index .Alerts 0).Annotations.html | safeHtml }}</div>',
    type: 'html',
    data: 'unicode',
  },
  {
    name: 'html mode javascript url',
    template:
      '<a href="{{ (index .Alerts 0).Annotations.link }}">l</a><a href="{{ (index .Alerts 0).GeneratorURL }}">g</a>',
    type: 'html',
    data: 'unicode',
  },
  {
    name: 'html mode default subject',
    template: '<h1>{{ template "__subject" . }}</h1>',
    type: 'html',
    data: 'unicode',
  },
  {
    name: 'html mode plain text',
    template: 'Status: {{ .Status }} & {{ .Receiver }}',
    type: 'html',
    data: F,
  },
  {
    name: 'html mode numbers',
    template: '<td>{{ len .Alerts }}</td><td>{{ printf "%.2f" 1.005 }}</td>',
    type: 'html',
    data: F,
  },
  {
    name: 'html mode attr unquoted',
    template: '<td class={{ .Status }}>{{ .Status }}</td>',
    type: 'html',
    data: F,
  },
  {
    name: 'html mode style',
    template: '<td style="color: {{ if eq .Status "firing" }}red{{ else }}green{{ end }}">x</td>',
    type: 'html',
    data: F,
  },
  {
    name: 'html mode text list',
    template: '<pre>{{ template "__text_alert_list" .Alerts }}</pre>',
    type: 'html',
    data: 'unicode',
  },
];

/** Unicode case mapping of Alertmanager's functions. */
const unicodeCases: NotificationCaseInput[] = [
  { name: 'title words', template: `{{ title "hello-world foo_bar o'neil mcDONALD 3rd x.y.z a..b c' d" }}` },
  { name: 'title unicode', template: '{{ title "école ǆungla αβγ ΣΊΣΥΦΟΣ straße ﬁne" }}' },
  { name: 'title spacing', template: '{{ title "  two  spaces\ttab\nnewline" }}' },
  { name: 'title digits', template: '{{ title "abc123def 123abc a1b2" }}' },
  { name: 'upper lower unicode', template: '{{ toUpper "ǆ ß ﬁ ı" }}|{{ toLower "ΑΣ İ K Ǆ" }}' },
  {
    name: 'title data',
    template:
      '{{ range .Alerts }}{{ .Labels.alertname | title }}|{{ .Annotations.summary | title }}{{ end }}',
    data: 'unicode',
  },
];

/** User template files loaded through --template.glob. */
const globCases: NotificationCaseInput[] = [
  { name: 'glob custom title', template: '{{ template "custom.title" . }}', globs: ['custom.tmpl'], data: F },
  { name: 'glob custom list', template: '{{ template "custom.list" . }}', globs: ['custom.tmpl'], data: F },
  {
    name: 'glob custom html text',
    template: '{{ template "custom.html" . }}',
    globs: ['custom.tmpl'],
    data: 'unicode',
  },
  {
    name: 'glob custom html html',
    template: '{{ template "custom.html" . }}',
    globs: ['custom.tmpl'],
    data: 'unicode',
    type: 'html',
  },
  {
    name: 'glob override subject',
    template: '{{ template "slack.default.title" . }}',
    globs: ['override.tmpl'],
    data: F,
  },
  {
    name: 'glob wildcard',
    template: '{{ template "custom.title" . }}|{{ template "__subject" . }}',
    globs: ['*.tmpl'],
    data: 'resolved',
  },
  { name: 'glob no match', template: '{{ .Status }}', globs: ['nothing-*.tmpl'], data: F },
  { name: 'glob broken file', template: '{{ .Status }}', globs: ['broken.tmpl.txt'], data: F },
  ...['firing', 'resolved', 'unicode', 'empty'].map((data) => ({
    name: `vigil email.default.html ${data}`,
    template: '{{ template "email.default.html" . }}',
    type: 'html' as const,
    data,
    globs: [VIGIL_EMAIL_TMPL],
  })),
];

/** Parse and execution errors: the verdict and message must match amtool's. */
const errorCases: NotificationCaseInput[] = [
  { name: 'err unclosed action', template: '{{ .Status ' },
  { name: 'err undefined function', template: '{{ humanize 1 }}' },
  { name: 'err undefined variable', template: '{{ $x }}' },
  { name: 'err unexpected end', template: 'a{{ end }}' },
  { name: 'err missing end', template: '{{ range .Alerts }}x' },
  { name: 'err undefined template', template: '{{ template "nope" . }}' },
  { name: 'err second line', template: 'ok\n{{ .Status }}\n{{ .Foo.Bar }}', data: F },
  { name: 'err index out of range', template: '{{ index .Alerts 9 }}', data: F },
  { name: 'err wrong arg type', template: '{{ toUpper 1 }}' },
  { name: 'err wrong arg count', template: '{{ join "," }}' },
  { name: 'err call non function', template: '{{ call .Status }}', data: F },
  { name: 'err range over string', template: '{{ range .Status }}x{{ end }}', data: F },
  { name: 'err html mode parse', template: '<a href="{{ .Status }}>', type: 'html', data: F },
  { name: 'empty template', template: '' },
  { name: 'text only', template: 'plain text ☃' },
];

/** Every notification case of the corpus, in a stable order. */
export const NOTIFICATION_CASES: NotificationCaseInput[] = [
  ...modelCases,
  ...functionCases,
  ...unicodeCases,
  ...globCases,
  ...errorCases,
  ...defaultTemplateCases(),
];
