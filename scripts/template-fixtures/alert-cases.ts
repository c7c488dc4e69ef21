/**
 * Alert-template cases for the differential corpus: each becomes an alerting rule whose `out`
 * annotation is checked by `promtool test rules`. Series values use promtool's notation.
 */

/** One alert-template case before promtool has produced its expected output. */
export interface AlertCaseInput {
  name: string;
  template: string;
  /** Labels of the alert's series (without `__name__`, which the script adds). */
  labels?: Record<string, string>;
  /** The series value in promtool notation (`1`, `NaN`, `-Inf`, `-0`, `1e21`). */
  value?: string;
}

/** Series every case may query with `query "<metric name>"`. */
export const QUERY_SERIES: ReadonlyArray<{ metric: string; labels: Record<string, string>; value: string }> =
  [
    { metric: 'q_up', labels: { instance: 'b.example.com:9100', job: 'api' }, value: '0' },
    { metric: 'q_up', labels: { instance: 'a.example.com:9100', job: 'api' }, value: '1' },
    { metric: 'q_up', labels: { instance: 'c.example.com:9100', job: 'db' }, value: '1' },
    { metric: 'q_mem', labels: { instance: 'a.example.com:9100' }, value: '1234567890' },
    { metric: 'q_ratio', labels: { zone: 'z2' }, value: '0.25' },
    { metric: 'q_ratio', labels: { zone: 'z1' }, value: '0.0125' },
  ];

const L = { instance: 'web-1.example.com:9100', job: 'node', severity: 'critical' };

function num(fn: string, values: string[]): AlertCaseInput[] {
  return values.map((value) => ({ name: `${fn}(${value})`, template: `{{ $value | ${fn} }}`, value }));
}

const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '0.12',
  '999.5',
  '1000',
  '1234567',
  '-1234567',
  '1e-9',
  '1e21',
  '1e-30',
  '9.2233720368547758e18',
  '1.8446744073709552e19',
  'NaN',
  'Inf',
  '-Inf',
  '0.0001',
  '123.456',
  '12345.5',
];
const DURATIONS = [
  '0',
  '-0',
  '1',
  '60',
  '3600',
  '86400',
  '-183845',
  '899.99',
  '0.1',
  '0.0001',
  '0.12345',
  '60.5',
  '1.2345',
  '12.345',
  '1234567',
  'NaN',
  'Inf',
  '-Inf',
  '1e-9',
  '1e21',
  '-0.5',
];

/** Number formatting through every humanize* function and printf. */
const numberCases: AlertCaseInput[] = [
  ...num('humanize', NUMBERS),
  ...num('humanize1024', [
    '0',
    '-0',
    '0.12',
    '1',
    '1.5',
    '1024',
    '1048576',
    '1234567',
    '-1234567',
    '9.2233720368547758e18',
    'NaN',
    'Inf',
    '-Inf',
    '1e21',
    '1e30',
  ]),
  ...num('humanizeDuration', DURATIONS),
  ...num('humanizePercentage', [
    '0',
    '-0',
    '-0.22222',
    '0.1234567',
    '1.23456',
    '1234567',
    'NaN',
    'Inf',
    '1e-9',
    '0.5',
  ]),
  ...num('humanizeTimestamp', [
    '0',
    '-0',
    '1435065584.128',
    '1435065584.1',
    '-1',
    '-1.5',
    'NaN',
    'Inf',
    '-Inf',
    '1e10',
    '1e20',
    '1.0000001e9',
  ]),
  { name: 'value plain NaN', template: '{{ $value }}', value: 'NaN' },
  { name: 'value plain Inf', template: '{{ $value }}', value: 'Inf' },
  { name: 'value plain -Inf', template: '{{ $value }}', value: '-Inf' },
  { name: 'value plain -0', template: '{{ $value }}', value: '-0' },
  { name: 'value plain 1e21', template: '{{ $value }}', value: '1e21' },
  { name: 'value plain 1e20', template: '{{ $value }}', value: '1e20' },
  { name: 'value plain 1e-9', template: '{{ $value }}', value: '1e-9' },
  { name: 'value plain 0.1', template: '{{ $value }}', value: '0.1' },
  { name: 'value plain 123456789', template: '{{ $value }}', value: '123456789' },
  { name: 'value plain 0.00001', template: '{{ $value }}', value: '0.00001' },
  { name: 'printf %.2f', template: '{{ printf "%.2f" $value }}', value: '0.8734' },
  { name: 'printf %.0f half', template: '{{ printf "%.0f|%.0f|%.1f" 0.5 1.5 0.25 }}' },
  { name: 'printf %g NaN', template: '{{ printf "%g %v %f %e" $value $value $value $value }}', value: 'NaN' },
  {
    name: 'printf %g Inf',
    template: '{{ printf "%g %v %f %e %5.1f" $value $value $value $value $value }}',
    value: 'Inf',
  },
  {
    name: 'printf -0',
    template: '{{ printf "%g %v %.2f %e %d" $value $value $value $value 0 }}',
    value: '-0',
  },
  { name: 'printf 1e21', template: '{{ printf "%g %v %f %e" $value $value $value $value }}', value: '1e21' },
  {
    name: 'printf 1e-9',
    template: '{{ printf "%g %v %.3f %e %.3e" $value $value $value $value $value }}',
    value: '1e-9',
  },
  {
    name: 'printf width',
    template: '[{{ printf "%8.3f|%-8.2f|%08.3f|%+.1f" $value $value $value $value }}]',
    value: '3.14159',
  },
  { name: 'printf %d int', template: '{{ printf "%d %5d %-5d| %x %X %o %b" 42 42 42 255 255 8 5 }}' },
  { name: 'printf %d float', template: '{{ printf "%d" $value }}', value: '2' },
  { name: 'printf %s value', template: '{{ printf "%s" $value }}', value: '2.5' },
  { name: 'printf %q', template: '{{ printf "%q %q" "a\\"b" $labels.instance }}', labels: L },
  { name: 'printf %v labels', template: '{{ printf "%v" $labels }}', labels: L },
  { name: 'printf %T', template: '{{ printf "%T %T %T %T" $value 1 "s" $labels }}' },
  { name: 'print mixed', template: '{{ print 1 2 "a" "b" 3.5 $value }}', value: '7' },
  { name: 'println', template: '{{ println "a" 1 $value }}', value: '0.5' },
  {
    name: 'humanize string arg',
    template: '{{ humanize "1234.5" }}|{{ humanize1024 "2048" }}|{{ humanizeDuration "90" }}',
  },
  {
    name: 'humanize int arg',
    template: '{{ humanize 1000000 }}|{{ humanizeDuration 3661 }}|{{ humanizePercentage 1 }}',
  },
  { name: 'humanize bad string', template: '{{ humanize "abc" }}' },
  { name: 'humanize bool', template: '{{ humanize true }}' },
  { name: 'humanizePercentage bad', template: '{{ humanizePercentage "x1" }}' },
  {
    name: 'humanize string NaN',
    template: '{{ humanize "NaN" }}|{{ humanize "-Inf" }}|{{ humanize "1e3" }}|{{ humanize "0x10" }}',
  },
  { name: 'arith compare', template: '{{ if gt $value 0.5 }}high{{ else }}low{{ end }}', value: '0.8734' },
  {
    name: 'compare NaN',
    template: '{{ if gt $value 0.5 }}gt{{ else if lt $value 0.5 }}lt{{ else }}neither{{ end }}',
    value: 'NaN',
  },
  { name: 'compare int float', template: '{{ gt $value 1 }}', value: '2' },
  { name: 'eq value', template: '{{ eq $value 1.0 }} {{ ne $value 2.0 }}', value: '1' },
];

/** Every other Prometheus template function. */
const functionCases: AlertCaseInput[] = [
  {
    name: 'labels access',
    template: '{{ $labels.instance }} {{ $labels.job }} {{ .Labels.severity }} [{{ $labels.missing }}]',
    labels: L,
  },
  { name: 'labels index', template: '{{ index $labels "instance" }}|{{ index $labels "nope" }}|', labels: L },
  { name: 'range labels', template: '{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}', labels: L },
  {
    name: 'externalLabels',
    template:
      '{{ $externalLabels.cluster }}/{{ $externalLabels.region }} {{ range $externalLabels }}{{ . }},{{ end }}',
  },
  { name: 'externalURL var', template: '{{ $externalURL }}|{{ .ExternalURL }}' },
  { name: 'graphLink', template: '{{ graphLink "rate(http_requests_total{job=\\"api\\"}[5m]) > 0.5 & 1" }}' },
  { name: 'tableLink', template: '{{ tableLink "up == 0" }}|{{ tableLink "" }}' },
  { name: 'graphLink unicode', template: '{{ graphLink "sum(x{a=\'é ☃\'})" }}' },
  { name: 'title', template: '{{ title "hello wORLD foo-bar x_y 1st ünïcode" }}' },
  { name: 'title empty', template: '[{{ title "" }}]{{ "aa bb CC" | title }}' },
  { name: 'toUpper toLower', template: '{{ toUpper "abc Éé ß" }}|{{ toLower "ABC Éé İ" }}' },
  { name: 'match true', template: '{{ match "^web-[0-9]+" $labels.instance }}', labels: L },
  {
    name: 'match unanchored',
    template: '{{ match "example" $labels.instance }} {{ match "^example" $labels.instance }}',
    labels: L,
  },
  {
    name: 'match in if',
    template: '{{ if match "(?i)WEB" $labels.instance }}yes{{ else }}no{{ end }}',
    labels: L,
  },
  { name: 'match bad regexp', template: '{{ match "(" "x" }}' },
  { name: 'match bad bracket', template: '{{ match "[a" "x" }}' },
  { name: 'match bad repeat', template: '{{ match "*a" "x" }}' },
  { name: 'reReplaceAll basic', template: '{{ reReplaceAll ":[0-9]+$" "" $labels.instance }}', labels: L },
  {
    name: 'reReplaceAll groups',
    template: '{{ reReplaceAll "^([^.]+)\\\\.(.*)$" "$2 <- $1" $labels.instance }}',
    labels: L,
  },
  {
    name: 'reReplaceAll named',
    template: '{{ reReplaceAll "(?P<host>[a-z]+)-(?P<n>[0-9])" "${n}_${host}" "web-1 db-2" }}',
  },
  {
    name: 'reReplaceAll dollar',
    template:
      '{{ reReplaceAll "a" "$$" "banana" }}|{{ reReplaceAll "(a)" "$1x" "banana" }}|{{ reReplaceAll "(a)" "${1}x" "banana" }}',
  },
  {
    name: 'reReplaceAll empty match',
    template: '{{ reReplaceAll "b*" "-" "abc" }}|{{ reReplaceAll "" "." "héllo" }}',
  },
  { name: 'reReplaceAll pipe', template: '{{ $labels.job | reReplaceAll "o" "0" }}', labels: L },
  { name: 'reReplaceAll bad', template: '{{ reReplaceAll "(" "" "x" }}' },
  { name: 'reReplaceAll unicode', template: '{{ reReplaceAll "." "[$0]" "a☃😀" }}' },
  { name: 'safeHtml', template: '{{ safeHtml "<b>x</b>" }}|{{ "<i>" | safeHtml }}' },
  {
    name: 'stripPort',
    template:
      '{{ stripPort "host.example.com:9100" }}|{{ stripPort "host" }}|{{ stripPort "[2001:db8::1]:1" }}|{{ stripPort "2001:db8::1" }}|{{ stripPort ":80" }}',
  },
  {
    name: 'stripDomain',
    template:
      '{{ stripDomain "foo.example.com:12345" }}|{{ stripDomain "foo.example.com" }}|{{ stripDomain "192.168.0.1:80" }}|{{ stripDomain "[2001:db8::1]:1" }}|{{ stripDomain "localhost" }}',
  },
  {
    name: 'parseDuration',
    template:
      '{{ parseDuration "1h2m10ms" }}|{{ parseDuration "0" }}|{{ parseDuration "1y" }}|{{ parseDuration "90s" | humanizeDuration }}',
  },
  { name: 'parseDuration bad', template: '{{ parseDuration "1x" }}' },
  { name: 'parseDuration empty', template: '{{ parseDuration "" }}' },
  { name: 'parseDuration negative', template: '{{ parseDuration "-1h" }}' },
  {
    name: 'toTime',
    template:
      '{{ toTime 1435065584.128 }}|{{ (toTime 0).Unix }}|{{ (1700000000 | toTime).Format "2006-01-02T15:04:05Z07:00" }}',
  },
  { name: 'toTime value', template: '{{ $value | toTime }}', value: '1700000000.5' },
  { name: 'toTime NaN', template: '{{ toTime $value }}', value: 'NaN' },
  { name: 'toTime overflow', template: '{{ toTime 1e20 }}' },
  { name: 'toTime string', template: '{{ toTime "12.5" }}' },
  {
    name: 'args',
    template:
      '{{ define "two" }}{{ .arg0 }}+{{ .arg1 }}{{ end }}{{ template "two" args 1 "x" }}|{{ args }}|{{ (args 1 2).arg1 }}',
  },
  {
    name: 'query first value',
    template: '{{ with query "q_mem" }}{{ . | first | value | humanize1024 }}{{ end }}',
  },
  {
    name: 'query range',
    template:
      '{{ range query "q_up" | sortByLabel "instance" }}{{ .Labels.instance }}={{ .Value }};{{ end }}',
  },
  {
    name: 'query label',
    template:
      '{{ range sortByLabel "instance" (query "q_up") }}{{ label "job" . }}/{{ label "nope" . }};{{ end }}',
  },
  {
    name: 'query sortByLabel',
    template: '{{ range sortByLabel "instance" (query "q_up") }}{{ .Labels.instance }} {{ end }}',
  },
  {
    name: 'query sortByLabel pipe',
    template:
      '{{ range query "q_ratio" | sortByLabel "zone" }}{{ .Labels.zone }}:{{ .Value | humanizePercentage }} {{ end }}',
  },
  { name: 'query strvalue', template: '[{{ query "q_mem" | first | strvalue }}]' },
  { name: 'query empty first', template: '{{ query "q_nothing" | first }}' },
  { name: 'query empty with', template: '{{ with query "q_nothing" }}some{{ else }}none{{ end }}' },
  { name: 'query len', template: '{{ len (query "q_up") }}' },
  { name: 'query scalar', template: '{{ query "scalar(q_mem)" | first | value }}' },
  { name: 'query print sample', template: '{{ query "q_mem" | first }}' },
  { name: 'query index', template: '{{ (index (query "q_up" | sortByLabel "instance") 2).Labels.job }}' },
];

/** Language constructs inside an alert annotation, with the prelude's variables. */
const constructCases: AlertCaseInput[] = [
  {
    name: 'unicode text',
    template: 'Ünïcödé ☃ 😀 → {{ $labels.instance }} 日本語',
    labels: { instance: 'hôte-☃:80' },
  },
  { name: 'unicode len', template: '{{ len "héllo☃" }} {{ slice "héllo" 0 3 }}' },
  { name: 'escapes', template: '{{ "tab\\there\\nnew" }} {{ `raw\\n` }} {{ \'x\' }}' },
  {
    name: 'html js urlquery',
    template: '{{ html "<a href=\'x\'>&</a>" }}|{{ js "it\'s \\"q\\" <x>" }}|{{ urlquery "a b&c=d/é" }}',
  },
  { name: 'trim markers', template: 'a  {{- $labels.job -}}  b', labels: L },
  { name: 'comment', template: 'x{{/* a comment */}}y{{- /* trimmed */ -}} z' },
  {
    name: 'variables',
    template: '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}{{ $y := $labels.job }}{{ $y }}',
    labels: L,
  },
  {
    name: 'if else chain',
    template:
      '{{ if eq $labels.severity "warning" }}W{{ else if eq $labels.severity "critical" }}C{{ else }}?{{ end }}',
    labels: L,
  },
  {
    name: 'and or not',
    template: '{{ and 1 0 }} {{ or 0 "" "x" }} {{ not 0 }} {{ and $labels.job "y" }}',
    labels: L,
  },
  {
    name: 'range break continue',
    template:
      '{{ range $i, $e := query "q_up" }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ if eq $i 0 }}{{ continue }}{{ end }}{{ $i }}{{ end }}',
  },
  { name: 'missing key zero', template: '[{{ .Labels.nope }}][{{ .Nope }}]' },
  { name: 'nil data value', template: '{{ $labels.nope | len }}' },
  { name: 'index out of range', template: '{{ index (query "q_up") 10 }}' },
  { name: 'call non-func', template: '{{ call $labels.job }}', labels: L },
  { name: 'wrong arg count', template: '{{ humanize }}' },
  { name: 'wrong arg type', template: '{{ title 1 }}' },
  { name: 'undefined template', template: '{{ template "nope" . }}' },
  {
    name: 'slice string',
    template: '{{ slice $labels.instance 0 5 }}|{{ slice $labels.instance 4 }}',
    labels: L,
  },
  { name: 'block define', template: '{{ block "b" . }}[{{ .Value }}]{{ end }}', value: '3' },
  { name: 'len labels', template: '{{ len $labels }} {{ len .ExternalLabels }}', labels: L },
];

/** Unicode case mapping and more number edges. */
const edgeCases: AlertCaseInput[] = [
  { name: 'toUpper special', template: '{{ toUpper "ǆ ß ŉ ﬁ ΐ straße" }}' },
  { name: 'toLower special', template: '{{ toLower "ΑΣ İ K Ǆ ÅNGSTRÖM" }}' },
  { name: 'title special', template: '{{ title "ǆemal élan ñu 日本 x.y a-b a_b" }}' },
  { name: 'title labels', template: '{{ $labels.job | title }} {{ $labels.instance | toUpper }}', labels: L },
  {
    name: 'humanize negative tiny',
    template: '{{ humanize -1e-30 }}|{{ humanize -0.000123 }}|{{ humanize 1e-27 }}',
  },
  { name: 'humanize huge', template: '{{ humanize 1e27 }}|{{ humanize 1e300 }}|{{ humanize1024 1e300 }}' },
  {
    name: 'humanize rounding',
    template: '{{ humanize 999999 }}|{{ humanize 999950 }}|{{ humanize 0.99995 }}|{{ humanize 1.0005 }}',
  },
  {
    name: 'humanizeDuration rounding',
    template:
      '{{ humanizeDuration 59.99999 }}|{{ humanizeDuration 0.0009999 }}|{{ humanizeDuration 86399.9 }}',
  },
  {
    name: 'humanizePercentage rounding',
    template:
      '{{ humanizePercentage 0.99995 }}|{{ humanizePercentage 0.000012345 }}|{{ humanizePercentage -1 }}',
  },
  {
    name: 'value arithmetic print',
    template: '{{ $value }} {{ printf "%.3e" $value }} {{ printf "%08.2f" $value }}',
    value: '-1234.5678',
  },
  { name: 'value tiny', template: '{{ $value }} {{ humanize $value }}', value: '5e-324' },
  {
    name: 'value max',
    template: '{{ $value }} {{ humanize $value }} {{ humanize1024 $value }}',
    value: '1.7976931348623157e308',
  },
  {
    name: 'regexp unicode class',
    template: '{{ reReplaceAll "\\\\pL+" "W" "héllo wörld 123" }}|{{ match "^\\\\p{Greek}+$" "αβγ" }}',
  },
  { name: 'regexp posix class', template: '{{ reReplaceAll "[[:space:]]+" "_" "a  b\\tc" }}' },
  { name: 'regexp case insensitive', template: '{{ reReplaceAll "(?i)ERROR" "E" "error Error eRRor" }}' },
  {
    name: 'stripDomain unicode',
    template: '{{ stripDomain "hôte.exemple.fr:8443" }}|{{ stripPort "[fe80::1%eth0]:80" }}',
  },
];

/** All alert cases of the corpus, in a stable order. */
export const ALERT_CASES: AlertCaseInput[] = [
  ...numberCases,
  ...functionCases,
  ...constructCases,
  ...edgeCases,
];

/** Templates whose parse verdict (and error text) comes from `promtool check rules`. */
export const ALERT_PARSE_ERROR_CASES: Array<{ name: string; template: string }> = [
  { name: 'unclosed action', template: '{{ $labels.instance ' },
  { name: 'undefined variable', template: '{{ $label.instance }}' },
  { name: 'undefined function', template: '{{ humanise $value }}' },
  { name: 'unexpected end', template: '{{ end }}' },
  { name: 'missing end', template: '{{ if $value }}x' },
  { name: 'bad pipeline', template: '{{ $value | }}' },
  { name: 'unterminated string', template: '{{ "abc }}' },
  { name: 'second line error', template: 'line one\n{{ $value }}\n{{ nope }}' },
  { name: 'else without if', template: '{{ else }}' },
  { name: 'bad number', template: '{{ 1.2.3 }}' },
  { name: 'break outside range', template: '{{ break }}' },
  { name: 'unexpected token', template: '{{ $value = }}' },
  { name: 'unclosed comment', template: '{{/* abc ' },
  { name: 'empty command', template: '{{ }}' },
  { name: 'valid template', template: '{{ $value | humanize }} {{ $labels.job }}' },
  { name: 'range over int', template: '{{ range 3 }}x{{ end }}' },
  { name: 'unknown field on var', template: '{{ $labels.a.b.c }}' },
  { name: 'nested define', template: '{{ if 1 }}{{ define "x" }}{{ end }}{{ end }}' },
  { name: 'bad char', template: '{{ $value # }}' },
  { name: 'continue outside range', template: '{{ continue }}' },
];
