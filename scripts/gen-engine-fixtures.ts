/**
 * Regenerates test/fixtures/templates/engine/*.json: runs the real `amtool template render` over
 * every engine case (builtins only) and records Go's output or error.
 * Usage: npx tsx scripts/gen-engine-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One case: template text, which data it renders against, and the mode. */
interface Case {
  name: string;
  template: string;
  /** `fixture` renders against data.json; `none` against amtool's built-in (time-dependent) example. */
  data?: 'none' | 'fixture';
  mode?: 'text' | 'html';
  /** Text of a template file `defs.tmpl` loaded through --template.glob before the case. */
  defs?: string;
}

const DIR = 'test/fixtures/templates/engine';

const numbers: Case[] = [
  ['int', '{{ 0 }} {{ 1 }} {{ -1 }} {{ 42 }} {{ +7 }}'],
  ['int-max', '{{ 9223372036854775807 }} {{ -9223372036854775808 }}'],
  ['int-overflow', '{{ 9223372036854775808 }}'],
  ['int-bases', '{{ 0x1F }} {{ 0X1f }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000_000 }}'],
  ['char', "{{ 'a' }} {{ '\\n' }} {{ '日' }} {{ printf \"%c%c\" 'h' 'i' }}"],
  ['float-integral', '{{ 1.0 }} {{ 2.0 }} {{ -3.0 }} {{ 100000.0 }} {{ 1e3 }} {{ 1E3 }}'],
  ['float-frac', '{{ 0.1 }} {{ 1.5 }} {{ 3.14159265358979 }} {{ 2.5e-3 }} {{ .5 }}'],
  [
    'float-exp-large',
    '{{ 1e6 }} {{ 999999.0 }} {{ 1234567.0 }} {{ 1e20 }} {{ 1e21 }} {{ 1e100 }} {{ 1.7976931348623157e308 }}',
  ],
  ['float-exp-small', '{{ 0.0001 }} {{ 0.00001 }} {{ 1e-9 }} {{ 1.5e-7 }} {{ 5e-324 }}'],
  ['float-neg-zero', '{{ -0.0 }} {{ -0 }} {{ printf "%f %g %v %e" -0.0 -0.0 -0.0 -0.0 }}'],
  [
    'float-shortest',
    '{{ 0.3 }} {{ 0.1e1 }} {{ 123456789.0 }} {{ 1.0000000000000002 }} {{ 9007199254740993.0 }}',
  ],
  ['hex-float', '{{ 0x1p-2 }} {{ 0x1.8p1 }}'],
  ['number-bad', '{{ 1a }}'],
  ['number-illegal', '{{ - }}'],
  ['number-dot', '{{ 1.2.3 }}'],
].map(([name, template]) => ({ name: name ?? '', template: template ?? '' }));

const printf: Case[] = [
  ['s', '{{ printf "%s|%10s|%-10s|%.2s|%5.1s|" "hello" "hi" "hi" "hello" "xyz" }}'],
  [
    'd',
    '{{ printf "%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%o|%O|%b|%#x|%#o|%.3d" 42 42 42 42 42 42 255 255 8 8 5 255 8 7 }}',
  ],
  ['d-neg', '{{ printf "%d|%05d|%x|%+d|%b" -42 -42 -255 -1 -5 }}'],
  [
    'f',
    '{{ printf "%f|%.2f|%.0f|%8.3f|%-8.2f|%+.1f|%08.2f|% .2f" 3.14159 3.14159 2.5 3.14159 1.5 2.0 -3.14159 1.0 }}',
  ],
  [
    'f-rounding',
    '{{ printf "%.0f %.0f %.0f %.1f %.1f %.2f %.2f %.2f" 0.5 1.5 2.5 0.25 0.35 1.005 2.675 1.125 }}',
  ],
  ['f-large', '{{ printf "%f %.2f %f" 1e21 123456789.987654321 1e-10 }}'],
  ['e', '{{ printf "%e|%E|%.2e|%.0e|%12.3e|%e" 123456.789 0.000123 1.0 15.0 -1234.5 0.0 }}'],
  [
    'g',
    '{{ printf "%g|%G|%.3g|%.10g|%g|%g|%.4g|%g" 123456.789 1e-7 3.14159 1.0 100000.0 1000000.0 12345.0 0.0001 }}',
  ],
  [
    'g-humanize-like',
    '{{ printf "%.4g %.4g %.4g %.4g %.4g" 1234567.0 0.12 1.2345 12.345 9.2233720368547758e18 }}',
  ],
  ['v-mixed', '{{ printf "%v|%v|%v|%v|%v|%v" 1 1.5 "s" true nil 1e21 }}'],
  ['v-width', '{{ printf "%5v|%-5v|%05v|%.2v" 1 true 3 3.14159 }}'],
  ['plus-v', '{{ printf "%+v %+v" 1 "x" }}'],
  ['sharp-v', '{{ printf "%#v %#v %#v" "x" 1 1.5 }}'],
  ['q', '{{ printf "%q|%+q|%#q|%q|%q" "hi\\n\\"x\\"" "日本" "back`tick" "tab\\there" 65 }}'],
  ['q-unicode', '{{ printf "%q %q %q" "\\x00\\x7f" "é" "\\u2028" }}'],
  ['x-string', '{{ printf "%x|%X|% x|%#x|%.2x|%10x|" "hello" "hi" "abc" "abc" "hello" "ab" }}'],
  ['x-float', '{{ printf "%x %X %.2x %b" 1.5 -2.25 3.14159 1.0 }}'],
  ['t', '{{ printf "%t %t %5t|%-6t|" true false true false }}'],
  ['c-U', '{{ printf "%c|%U|%#U|%5c|" 9731 9731 65 66 }}'],
  ['percent', '{{ printf "100%%|%5%|%d%%" 50 }}'],
  ['star-width', '{{ printf "%*d|%-*d|%.*f|%*s|" 5 42 4 7 2 3.14159 -6 "ab" }}'],
  ['star-bad', '{{ printf "%*d|%.*d" "x" 1 1.5 2 }}'],
  ['arg-index', '{{ printf "%[2]d %[1]d %d" 1 2 }} {{ printf "%[3]s" "a" }} {{ printf "%[0]d" 1 }}'],
  ['bad-verb-types', '{{ printf "%d|%s|%f|%t|%x" "str" 5 "f" 1 true }}'],
  ['bad-verb-float', '{{ printf "%d %s %c" 1.5 2.5 3.5 }}'],
  ['bad-verb-int', '{{ printf "%f %e %g %s %t" 1 2 3 4 5 }}'],
  ['missing', '{{ printf "%s %s %d" "a" }}'],
  ['extra', '{{ printf "%s" "a" "b" 3 nil 1.5 true }}'],
  ['noverb', '{{ printf "abc%" }} {{ printf "%-" }}'],
  ['nil-verbs', '{{ printf "%v %d %s %q %x %T" nil nil nil nil nil nil }}'],
  ['T', '{{ printf "%T %T %T %T %T" 1 1.5 "s" true nil }}'],
  ['T-data', '{{ printf "%T %T %T %T" . .Alerts .CommonLabels .Receiver }}', 'fixture'],
  [
    'slice-verbs',
    '{{ printf "%v %d %q %s %x" .Alerts.Firing (len .Alerts) .Receiver .Status .Receiver }}',
    'fixture',
  ],
  [
    'map-v',
    '{{ printf "%v" .CommonLabels }} {{ printf "%q" .GroupLabels }} {{ printf "%d" .GroupLabels }}',
    'fixture',
  ],
  ['printf-nonstring-format', '{{ printf 3 }}'],
  ['printf-field-format', '{{ printf .Receiver }}', 'fixture'],
  ['printf-int-format', '{{ printf (len .Alerts) }}', 'fixture'],
  ['printf-pipe', '{{ 3.14159 | printf "%.2f" }} {{ "x" | printf "%s-%s" "y" }}'],
  ['printf-unicode-width', '{{ printf "%5s|%-5s|%.1s|" "日本" "é" "日本" }}'],
  ['printf-big', '{{ printf "%d %x" 9223372036854775807 -9223372036854775808 }}'],
].map(([name, template, data]) => ({
  name: name ?? '',
  template: template ?? '',
  data: (data as Case['data']) ?? 'fixture',
}));

const constructs: Case[] = [
  ['text-only', 'hello world'],
  ['empty', ''],
  ['comment', 'a{{/* comment */}}b{{- /* trimmed */ -}} c'],
  ['comment-multiline', 'a{{/* line1\nline2 */}}b'],
  ['trim-left', 'a   \n  {{- 1 }}'],
  ['trim-right', '{{ 1 -}}   \n  b'],
  ['trim-both', 'x \n {{- "y" -}} \n z'],
  ['trim-tabs-crlf', 'a\t\r\n{{- 1 -}}\r\n\tb'],
  ['no-trim-minus-number', '{{-3}} {{ -3 }}'],
  ['if', '{{ if true }}T{{ end }}{{ if false }}F{{ end }}{{ if 0 }}zero{{ else }}nz{{ end }}'],
  [
    'if-else-if',
    '{{ if eq 1 2 }}a{{ else if eq 1 1 }}b{{ else }}c{{ end }}{{ if false }}x{{ else if false }}y{{ else }}z{{ end }}',
  ],
  [
    'truthiness',
    '{{ if "" }}1{{ end }}{{ if "a" }}2{{ end }}{{ if 0.0 }}3{{ end }}{{ if 0.1 }}4{{ end }}{{ if .CommonAnnotations }}6{{ end }}{{ if .CommonLabels }}7{{ end }}{{ if .Alerts }}8{{ end }}{{ if . }}9{{ end }}',
    'fixture',
  ],
  ['if-nil', '{{ if nil }}5{{ end }}'],
  [
    'with',
    '{{ with "x" }}[{{ . }}]{{ end }}{{ with "" }}no{{ else }}empty{{ end }}{{ with $v := 5 }}{{ $v }}{{ . }}{{ end }}',
  ],
  [
    'with-data',
    '{{ with .CommonLabels.severity }}sev={{ . }}{{ end }}{{ with .CommonLabels.missing }}m{{ else }}none{{ end }}',
    'fixture',
  ],
  ['range-slice', '{{ range .Alerts }}{{ .Status }},{{ end }}', 'fixture'],
  ['range-index', '{{ range $i, $a := .Alerts }}{{ $i }}:{{ $a.Fingerprint }} {{ end }}', 'fixture'],
  [
    'range-map-sorted',
    '{{ range $k, $v := (index .Alerts 0).Labels }}{{ $k }}={{ $v }};{{ end }}',
    'fixture',
  ],
  ['range-map-values', '{{ range .CommonLabels }}{{ . }} {{ end }}', 'fixture'],
  ['range-one-var', '{{ range $a := .Alerts }}{{ $a.Status }}{{ end }}', 'fixture'],
  [
    'range-else',
    '{{ range .CommonAnnotations }}x{{ else }}empty{{ end }}|{{ range .Alerts.Firing }}f{{ else }}nofiring{{ end }}',
    'fixture',
  ],
  [
    'range-break',
    '{{ range $i, $a := .Alerts }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $i }}{{ end }}',
    'fixture',
  ],
  [
    'range-continue',
    '{{ range $i, $a := .Alerts }}{{ if eq $i 0 }}{{ continue }}{{ end }}{{ $i }}{{ end }}',
    'fixture',
  ],
  [
    'range-nested',
    '{{ range .Alerts }}[{{ range $k, $v := .Annotations }}{{ $k }} {{ end }}]{{ end }}',
    'fixture',
  ],
  ['range-dollar', '{{ range .Alerts }}{{ $.Receiver }}/{{ .Fingerprint }} {{ end }}', 'fixture'],
  [
    'range-assign-outer',
    '{{ $n := 0 }}{{ range $i, $a := .Alerts }}{{ $n = $i }}{{ end }}{{ $n }}',
    'fixture',
  ],
  ['range-nil', '{{ range nil }}x{{ end }}'],
  ['range-int-error', '{{ range 5 }}x{{ end }}'],
  ['range-string-error', '{{ range "abc" }}x{{ end }}'],
  ['variables', '{{ $x := "a" }}{{ $y := 2 }}{{ $x }}{{ $y }}{{ $x = "b" }}{{ $x }}'],
  [
    'variable-scope',
    '{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}{{ if true }}{{ $x = 3 }}{{ end }}{{ $x }}',
  ],
  ['variable-dollar', '{{ $.Receiver }}{{ with 5 }}{{ $.Status }}{{ . }}{{ end }}'],
  ['variable-field', '{{ $a := index .Alerts 0 }}{{ $a.Labels.instance }} {{ $.Receiver }}', 'fixture'],
  ['decl-no-output', '{{ $x := "hidden" }}visible'],
  ['pipeline', '{{ "abc" | printf "%s-%s" "x" | printf "%q" }}'],
  [
    'parens',
    '{{ printf "%d" (len "abcd") }} {{ (index .Alerts 1).Fingerprint }} {{ (len .Alerts) }}',
    'fixture',
  ],
  ['chain-on-paren', '{{ (index .Alerts 0).Labels.alertname }}', 'fixture'],
  ['field-chain', '{{ .CommonLabels.job }} {{ .GroupLabels.alertname }}', 'fixture'],
  [
    'missing-key-zero',
    '[{{ .CommonLabels.nope }}] [{{ index .CommonLabels "nope" }}] [{{ (index .Alerts 0).Annotations.nope }}]',
    'fixture',
  ],
  ['missing-field-error', '{{ .Nope }}', 'fixture'],
  ['nil-dot-field', '{{ define "t" }}{{ .Foo }}|{{ .Foo.Bar }}|{{ . }}{{ end }}{{ template "t" }}'],
  ['dot-data', '{{ . }}'],
  ['struct-print', '{{ index .Alerts 0 }}|{{ printf "%+v" (index .Alerts 1) }}'],
  ['define-template', '{{ define "a" }}A({{ . }}){{ end }}{{ template "a" "x" }}{{ template "a" }}'],
  [
    'define-nested-call',
    '{{ define "outer" }}<{{ template "inner" . }}>{{ end }}{{ define "inner" }}{{ . }}{{ end }}{{ template "outer" 7 }}',
  ],
  ['define-vars-isolated', '{{ define "t" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template "t" "dot" }}'],
  ['block', '{{ block "b" . }}default {{ .Receiver }}{{ end }}|{{ template "b" . }}', 'fixture'],
  ['block-override-later', '{{ define "b" }}override{{ end }}{{ block "b" . }}default{{ end }}', 'fixture'],
  ['template-undefined', '{{ template "nope" }}'],
  ['template-pipeline', '{{ define "t" }}{{ len . }}{{ end }}{{ template "t" .Alerts }}', 'fixture'],
  ['and-or', '{{ and 1 0 "x" }}|{{ and 1 2 3 }}|{{ or 0 "" "z" }}|{{ or 0 "" }}|{{ and }}|{{ or nil 1 }}'],
  ['and-or-shortcircuit', '{{ or 1 (index "" 5) }} {{ and 0 (index "" 5) }}'],
  ['and-pipe', '{{ 0 | and 1 }}|{{ 5 | or 0 }}|{{ 3 | and 1 2 }}'],
  ['not', '{{ not 0 }} {{ not 1 }} {{ not "" }} {{ not nil }} {{ not .Alerts }}', 'fixture'],
  [
    'eq',
    '{{ eq 1 1 }} {{ eq 1 2 }} {{ eq "a" "a" }} {{ eq 1.5 1.5 }} {{ eq true false }} {{ eq 1 2 3 1 }} {{ eq "x" "a" "b" }}',
  ],
  [
    'eq-data',
    '{{ eq .Status "firing" }} {{ eq .CommonLabels.severity "critical" "warning" }} {{ eq .CommonLabels.nope "" }}',
    'fixture',
  ],
  ['eq-int-float', '{{ eq 1 1.0 }}'],
  ['eq-string-int', '{{ eq "1" 1 }}'],
  ['eq-missing-arg', '{{ eq 1 }}'],
  ['eq-uncomparable', '{{ eq .Alerts .Alerts }}', 'fixture'],
  ['ne', '{{ ne 1 2 }} {{ ne "a" "a" }} {{ ne 1.0 2.0 }}'],
  [
    'lt-le-gt-ge',
    '{{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }} {{ lt "a" "b" }} {{ gt 1.5 0.5 }} {{ le "b" "a" }}',
  ],
  ['lt-mixed', '{{ lt 1 2.5 }}'],
  ['lt-bool', '{{ lt true false }}'],
  ['lt-nil', '{{ lt nil 1 }}'],
  [
    'len',
    '{{ len "" }} {{ len "abc" }} {{ len "日本" }} {{ len .Alerts }} {{ len .CommonLabels }} {{ len .CommonAnnotations }}',
    'fixture',
  ],
  ['len-int', '{{ len 3 }}'],
  ['len-nil', '{{ len nil }}'],
  [
    'index',
    '{{ index .Alerts 1 | printf "%T" }} {{ index .CommonLabels "job" }} {{ index "abc" 1 }} {{ index (index .Alerts 0).Labels "severity" }}',
    'fixture',
  ],
  ['index-nested', '{{ index .Alerts 0 | printf "%T" }} {{ (index .Alerts 0).Labels.job }}', 'fixture'],
  ['index-out-of-range', '{{ index .Alerts 5 }}', 'fixture'],
  ['index-at-len', '{{ index .Alerts 2 }}', 'fixture'],
  ['index-negative', '{{ index "abc" -1 }}'],
  ['index-bad-key', '{{ index .CommonLabels 1 }}', 'fixture'],
  ['index-nil', '{{ index nil 1 }}'],
  ['index-int', '{{ index 5 1 }}'],
  ['index-no-indexes', '{{ index "abc" }} {{ index 5 }}'],
  [
    'slice',
    '{{ slice "abcdef" 1 3 }} {{ slice "abcdef" 2 }} {{ slice "abcdef" }} {{ len (slice .Alerts 1) }} {{ slice "日本語" 3 6 }}',
    'fixture',
  ],
  ['slice-bad', '{{ slice "abc" 2 1 }}'],
  ['slice-3-string', '{{ slice "abc" 0 1 2 }}'],
  ['slice-too-many', '{{ slice .Alerts 0 1 2 3 }}', 'fixture'],
  [
    'print',
    '{{ print "a" "b" }}|{{ print 1 2 }}|{{ print "a" 1 "b" }}|{{ print 1 "a" 2 }}|{{ print 1.5 true nil }}|{{ print }}',
  ],
  ['println', '{{ println "a" 1 }}|{{ println }}|{{ println "x" "y" }}'],
  ['html', '{{ html "<a href=\\"x\\">&\'</a>" }} {{ html 1 "<" }} {{ "<b>" | html }}'],
  ['js', '{{ js "it\'s \\"q\\" <x> & = \\\\ \\n é" }}'],
  ['urlquery', '{{ urlquery "a b&c=d/é?" }} {{ urlquery "x" 1 }} {{ .ExternalURL | urlquery }}', 'fixture'],
  ['call-nonfunc', '{{ call .Receiver }}', 'fixture'],
  ['call-nil', '{{ call nil }}'],
  ['method-call', '{{ .Alerts.Firing | len }} {{ .Alerts.Resolved | len }}', 'fixture'],
  ['nil-command', '{{ nil }}'],
  ['non-function-arg', '{{ "x" 1 }}'],
  ['non-function-pipe', '{{ 1 | 2 }}'],
  ['field-with-args', '{{ .Receiver 1 }}', 'fixture'],
  ['unicode-text', 'héllo 日本 {{ "ünïcödé" }} 🎉'],
  ['unicode-column', '日本 {{ .Nope }}', 'fixture'],
  ['multiline-position', 'line1\nline2 {{ .Nope }}', 'fixture'],
  ['string-escapes', '{{ "a\\tb\\\\c\\u00e9\\x41" }} {{ `raw\\n` }}'],
].map(([name, template, data]) => ({
  name: name ?? '',
  template: template ?? '',
  data: (data as Case['data']) ?? 'fixture',
}));

const A0 = '(index .Alerts 0).StartsAt';
const A1 = '(index .Alerts 1).StartsAt';
const E1 = '(index .Alerts 1).EndsAt';
const time: Case[] = [
  ['time-string', `{{ ${A0} }}|{{ ${A1} }}|{{ ${E1} }}|{{ (index .Alerts 0).EndsAt }}`],
  [
    'time-format-rfc3339',
    `{{ ${A0}.Format "2006-01-02T15:04:05Z07:00" }} {{ ${A1}.Format "2006-01-02T15:04:05Z07:00" }}`,
  ],
  ['time-format-names', `{{ ${A0}.Format "Mon Monday Jan January 1 01 2 02 _2 06 2006" }}`],
  ['time-format-clock', `{{ ${A0}.Format "15 3 03 4 04 5 05 PM pm" }} {{ ${A1}.Format "3:04PM" }}`],
  [
    'time-format-frac',
    `{{ ${A0}.Format ".0 .000 .000000 .000000000 .9 .999 .999999999 ,000" }} {{ ${E1}.Format "05.000 05.999" }}`,
  ],
  [
    'time-format-zones',
    `{{ ${A1}.Format "MST -0700 -07:00 -07 Z0700 Z07:00 -070000" }} {{ ${A0}.Format "MST Z07:00 -0700" }} {{ ${E1}.Format "-07:00 MST" }}`,
  ],
  ['time-format-yday', `{{ ${A0}.Format "002 __2" }} {{ ${A1}.Format "002" }}`],
  ['time-format-literal', `{{ ${A0}.Format "at 2006: day 2, Janx Monx" }} {{ ${A0}.Format "" }}`],
  [
    'time-methods',
    `{{ ${A0}.Unix }} {{ ${A0}.UnixNano }} {{ ${A0}.IsZero }} {{ (index .Alerts 0).EndsAt.IsZero }} {{ ${A1}.UTC }}`,
  ],
  ['time-printf', `{{ printf "%v|%s|%q" ${A0} ${A1} ${E1} }}`],
].map(([name, template]) => ({ name: name ?? '', template: template ?? '' }));

const files: Case[] = [
  {
    name: 'file-define-call',
    defs: '{{ define "greet" }}Hello {{ .Receiver }}{{ end }}\n{{ define "list" }}{{ range .Alerts }}[{{ .Fingerprint }}]{{ end }}{{ end }}',
    template: '{{ template "greet" . }} {{ template "list" . }}',
  },
  {
    name: 'file-define-exec-error',
    defs: 'line1\n{{ define "bad" }}\n  {{ .Nope }}{{ end }}',
    template: 'x{{ template "bad" . }}',
  },
  {
    name: 'file-define-overridden-by-text',
    defs: '{{ define "t" }}file{{ end }}',
    template: '{{ define "t" }}text{{ end }}{{ template "t" }}',
  },
  {
    name: 'file-parse-error',
    defs: '{{ define "x" }}\n{{ if }}{{ end }}',
    template: 'unused',
  },
];

const parseErrors: Case[] = [
  ['unclosed-action', '{{ .Foo '],
  ['unexpected-brace', '{{ .Foo }'],
  ['unclosed-if', '{{ if true }}x'],
  ['unexpected-end', '{{ end }}'],
  ['unexpected-else', '{{ else }}'],
  ['else-after-else', '{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}'],
  ['undefined-variable', '{{ $label }}'],
  ['undefined-variable-scope', '{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}'],
  ['undefined-function', '{{ foo 1 }}'],
  ['undefined-function-pipe', '{{ 1 | bar }}'],
  ['unterminated-string', '{{ "abc }}'],
  ['unterminated-raw', '{{ `abc }}'],
  ['unterminated-char', "{{ 'a }}"],
  ['bad-char', '{{ .Foo# }}'],
  ['unrecognized-char', '{{ ; }}'],
  ['unclosed-comment', '{{/* abc'],
  ['comment-no-delim', '{{/* abc */ }}'],
  ['missing-value', '{{ }}'],
  ['missing-value-if', '{{ if }}x{{ end }}'],
  ['empty-pipe-stage', '{{ 1 | }}'],
  ['non-executable-stage', '{{ printf "x" | "y" }}'],
  ['bad-declare', '{{ $x : 1 }}'],
  ['too-many-decls', '{{ with $x, $y := 1 }}{{ end }}'],
  ['range-three-vars', '{{ range $a, $b, $c := . }}{{ end }}'],
  ['break-outside-range', '{{ break }}'],
  ['continue-outside-range', '{{ if true }}{{ continue }}{{ end }}'],
  ['define-no-name', '{{ define }}{{ end }}'],
  ['define-unclosed', '{{ define "a" }}x'],
  ['define-nested', '{{ if true }}{{ define "a" }}x{{ end }}{{ end }}'],
  ['define-duplicate', '{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}'],
  ['template-no-name', '{{ template }}'],
  ['template-bad-name', '{{ template foo }}'],
  ['unclosed-paren', '{{ (1 }}'],
  ['unexpected-paren', '{{ 1) }}'],
  ['dot-after-literal', '{{ "a".b }}'],
  // `{{else with}}` is rejected by amtool's Go 1.19 but accepted since Go 1.23; Vigil accepts it
  // (see src/template/parser.test.ts), so it is not part of this corpus.
  ['multiline-error-line', 'a\nb\n{{ if }}\n'],
  ['action-spans-lines', '{{ printf\n"%d"\n1 }}'],
  ['unclosed-action-multiline', 'x\n{{ .A\n'],
  ['assign-undefined', '{{ $x = 1 }}'],
  ['range-else-if', '{{ range . }}a{{ else if true }}b{{ end }}'],
].map(([name, template]) => ({ name: name ?? '', template: template ?? '' }));

const html: Case[] = [
  ['html-text', '<p>{{ (index .Alerts 0).Annotations.description }}</p>{{ "a+b" }}'],
  ['html-attr', '<div title="{{ "x\\"y<z>&\'w" }}" class=\'{{ .Status }}\'>x</div>'],
  ['html-href', '<a href="{{ .ExternalURL }}/#/alerts?receiver={{ .Receiver | urlquery }}">link</a>'],
  ['html-href-query', '<a href="http://x/?q={{ "a b&c/é" }}&r={{ "x" }}">l</a>'],
  ['html-href-unsafe', '<a href="{{ "javascript:alert(1)" }}">x</a><a href="{{ "mailto:a@b" }}">m</a>'],
  ['html-href-normalise', '<a href="{{ "http://x/a b<é>" }}">x</a><img src="{{ "/p?x=1 2" }}">'],
  ['html-unquoted-attr', '<td class={{ "a b" }}>{{ "c" }}</td><td class={{ "" }}>'],
  ['html-unquoted-href', '<a href={{ "javascript:x" }}>a</a><a href={{ "/p q" }}>b</a>'],
  ['html-comment-stripped', 'a<!-- hidden {{ "x" }} -->b'],
  ['html-nil-missing', '[{{ .CommonLabels.nope }}]{{ with $x := "" }}{{ end }}'],
  ['html-numbers', '{{ 1.5 }} {{ 1e21 }} {{ 3 }} {{ true }}'],
  [
    'html-range',
    '<ul>{{ range .Alerts }}<li>{{ .Labels.instance }} {{ .Annotations.summary }}</li>{{ end }}</ul>',
  ],
  [
    'html-script-values',
    '<script>var a = {{ "x<y>&\'\\"" }}, b = {{ 42 }}, c = {{ 1.5 }}, d = {{ true }}, e = {{ .CommonLabels }}, f = {{ .Alerts.Firing }}, g = {{ (index .Alerts 1).EndsAt }};</script>',
  ],
  [
    'html-script-strings',
    '<script>var s = "{{ "a\\"b\'c/d<e>+f\\\\g" }}"; var t = \'{{ .Receiver }}\';</script>',
  ],
  [
    'html-script-nil',
    '<script>var n = {{ .CommonLabels.nope }}; var m = {{ index .Alerts 0 | printf "%T" }};</script>',
  ],
  ['html-onclick', '<a onclick="f({{ .Receiver }}, \'{{ "it\'s" }}\')">x</a>'],
  ['html-style', '<p style="color: {{ "#ff0000" }}; x: {{ "a;b" }}; y: {{ "expression(1)" }}">'],
  ['html-style-element', '<style>p { color: {{ "red" }}; background: {{ "url(x)" }} }</style>'],
  ['html-rcdata-safe', '<title>{{ "a&b" }}</title>'],
  ['html-title', '<title>{{ "<T&>" }}</title><textarea>{{ "<t>" }}</textarea>'],
  [
    'html-predefined-escapers',
    '<p>{{ "<a+>" | html }}{{ html "<b>" }}</p><a href="/x?r={{ "a b+c" | urlquery }}">',
  ],
  ['html-printf-then-html', '<p>{{ "<x>" | printf "%s!" | html }}</p>'],
  ['html-safehtml-attr', '<p title="{{ .Receiver }}">{{ .Status | printf "<%s>" }}</p>'],
  [
    'html-multiple-actions-in-url',
    '<a href="{{ .ExternalURL }}/#/alerts?receiver={{ .Receiver }}&x={{ "a&b" }}">x</a>',
  ],
].map(([name, template]) => ({
  name: name ?? '',
  template: template ?? '',
  data: 'fixture' as const,
  mode: 'html' as const,
}));

/** Deterministic PRNG (mulberry32) so the generated matrix is stable across regenerations. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded matrix of printf verbs × flags × widths × precisions × operand kinds. */
function printfMatrix(): Case[] {
  const rnd = prng(20240305);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const flags = ['', '+', '-', '0', ' ', '#', '-0', '+0', '# ', '0#'];
  const widths = ['', '1', '5', '12'];
  const precs = ['', '.0', '.3', '.8'];
  const verbs = ['d', 'x', 'X', 'o', 'b', 'v', 'c', 'q', 'U', 'O', 's', 'f', 'e', 'E', 'g', 'G', 't', 'T'];
  const args = [
    '0',
    '-7',
    '42',
    '255',
    '-9223372036854775808',
    '9731',
    '"héllo"',
    '""',
    '3.25',
    '-0.5',
    'true',
    '1e300',
    'nil',
    '0.1',
    '-0.0',
  ];
  const cases: Case[] = [];
  for (let c = 0; c < 40; c++) {
    const parts: string[] = [];
    for (let i = 0; i < 8; i++)
      parts.push(`{{ printf "%${pick(flags)}${pick(widths)}${pick(precs)}${pick(verbs)}" ${pick(args)} }}`);
    cases.push({ name: `matrix-${c}`, template: parts.join('|') });
  }
  return cases;
}

/** Seeded random floats through the float verbs (shortest, fixed, exponent, %g precisions). */
function floatMatrix(): Case[] {
  const rnd = prng(1e9 + 7);
  const verbs = ['%v', '%g', '%e', '%.3f', '%.1f', '%.4g', '%.0f', '%8.2f', '%.10g', '%G', '%.2e', '%x'];
  const cases: Case[] = [];
  for (let c = 0; c < 30; c++) {
    const parts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = rnd();
      const x =
        r < 0.3
          ? rnd() * 10 ** Math.floor(rnd() * 40 - 20)
          : r < 0.6
            ? Math.round(rnd() * 1e5) / 2 ** Math.floor(rnd() * 10)
            : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 10);
      const lit = x.toExponential().replace('e+', 'e');
      parts.push(`{{ printf "${verbs[(c * 10 + i) % verbs.length]}" ${lit} }}{{ ${lit} }}`);
    }
    cases.push({ name: `floats-${c}`, template: parts.join('|') });
  }
  return cases;
}

/** Runs amtool on one case and returns Go's verdict. */
function render(c: Case, emptyGlob: string): { output?: string; error?: string } {
  let glob = emptyGlob;
  if (c.defs !== undefined) {
    glob = join(mkdtempSync(join(tmpdir(), 'vigil-defs-')), 'defs.tmpl');
    writeFileSync(glob, c.defs);
  }
  const args = ['template', 'render', `--template.glob=${glob}`, `--template.text=${c.template}`];
  if ((c.data ?? 'fixture') === 'fixture') args.push(`--template.data=${join(DIR, 'data.json')}`);
  if (c.mode === 'html') args.push('--template.type=html');
  try {
    return { output: execFileSync('amtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    if (!stderr.startsWith('amtool: error: ')) throw new Error(`amtool failed on ${c.name}: ${String(e)}`);
    return { error: stderr.replace(/^amtool: error: /, '').replace(/\n$/, '') };
  }
}

function main(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'vigil-gen-'));
  const emptyGlob = join(tmp, 'empty.tmpl');
  writeFileSync(emptyGlob, '');
  const groups: Record<string, Case[]> = {
    numbers,
    printf,
    constructs,
    time,
    'parse-errors': parseErrors,
    html,
    files,
    'printf-matrix': printfMatrix(),
    'float-matrix': floatMatrix(),
  };
  let total = 0;
  for (const [group, cases] of Object.entries(groups)) {
    const out = cases.map((c) => ({
      ...c,
      data: c.data ?? 'fixture',
      mode: c.mode ?? 'text',
      ...render(c, emptyGlob),
    }));
    writeFileSync(join(DIR, `${group}.json`), JSON.stringify(out, null, 2) + '\n');
    total += out.length;
  }
  console.log(`wrote ${total} cases to ${DIR}`);
}

main();
