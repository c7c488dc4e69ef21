// NotificationTemplates (defaults + user files) and the Handlebars layouts fed the same data.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTemplateData } from './am-build.js';
import { HandlebarsLayouts } from './handlebars.js';
import { NotificationTemplates, checkNotificationText } from './notification.js';

const T0 = Date.UTC(2024, 2, 1, 10, 0, 0);

const data = buildTemplateData({
  receiver: 'web',
  groupLabels: { alertname: 'HighLatency' },
  externalURL: 'http://am.example.com',
  alerts: [
    {
      labels: { alertname: 'HighLatency', instance: 'api-1', severity: 'critical' },
      annotations: { summary: 'p99 <b>high</b> & "slow"', description: 'line1\nline2' },
      startsAt: T0,
      endsAt: 0,
      generatorURL: 'http://prom/graph?g0.expr=x&g0.tab=1',
      fingerprint: 'a1',
      resolved: false,
    },
    {
      labels: { alertname: 'HighLatency', instance: 'api-2', severity: 'critical' },
      annotations: { summary: 'ok again' },
      startsAt: T0,
      endsAt: T0 + 600_000,
      generatorURL: '',
      fingerprint: 'a2',
      resolved: true,
    },
  ],
});

describe('NotificationTemplates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-notification-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the default templates by name and inside field strings', () => {
    const t = NotificationTemplates.withDefaults();
    expect(t.renderNamed('slack.default.title', data)).toBe('[FIRING:1] HighLatency (critical)');
    expect(
      t.render('{{ template "slack.default.username" . }}: {{ template "slack.default.color" . }}', data),
    ).toBe('Alertmanager: danger');
    expect(t.render('', data)).toBe('');
    expect(t.has('email.default.html')).toBe(true);
  });

  it('loads user files from globs on top of the defaults, overriding names', async () => {
    writeFileSync(join(dir, 'a.tmpl'), '{{ define "__subject" }}custom {{ .Receiver }}{{ end }}');
    writeFileSync(join(dir, 'b.tmpl'), '{{ define "team" }}{{ len .Alerts.Firing }} firing{{ end }}');
    const t = await NotificationTemplates.load(['*.tmpl', 'missing/*.tmpl'], dir);
    expect(t.render('{{ template "slack.default.title" . }} / {{ template "team" . }}', data)).toBe(
      'custom web / 1 firing',
    );
  });

  it('escapes in HTML mode only', () => {
    const t = NotificationTemplates.withDefaults();
    const text = '<p>{{ (index .Alerts 0).Annotations.summary }}</p>';
    expect(t.render(text, data, 'text')).toBe('<p>p99 <b>high</b> & "slow"</p>');
    expect(t.render(text, data, 'html')).toBe('<p>p99 &lt;b&gt;high&lt;/b&gt; &amp; &#34;slow&#34;</p>');
  });

  it.each([
    ['{{ .Status | toUpper }} {{ template "x" . }}', undefined],
    ['{{ .Status ', 'template: :1: unclosed action'],
    ['{{ humanize 1 }}', 'template: :1: function "humanize" not defined'],
  ])('checks %j without executing it', (text, message) => {
    expect(checkNotificationText(text)?.message).toBe(message);
  });

  it('fails with the engine error for a broken field string', () => {
    const t = NotificationTemplates.withDefaults();
    expect(() => t.render('{{ .Nope }}', data)).toThrow(`can't evaluate field Nope in type template.Data`);
  });
});

describe('Handlebars layouts', () => {
  const layouts = HandlebarsLayouts.load(undefined, { now: () => T0 + 3_600_000 });
  const templates = NotificationTemplates.withDefaults();

  it('renders the HTML e-mail with escaped values and both sections', () => {
    const html = layouts.emailHTML(data, templates);
    expect(html).toContain('<title>[FIRING:1] HighLatency (critical)</title>');
    expect(html).toContain('p99 &lt;b&gt;high&lt;/b&gt; &amp; &quot;slow&quot;');
    expect(html).toContain('1 firing');
    expect(html).toContain('1 resolved');
    expect(html).toContain('since 2024-03-01 10:00:00 UTC');
    expect(html).toContain('href="http://am.example.com/#/alerts?receiver&#x3D;web"');
  });

  it('renders Slack Block Kit JSON that parses, one section per alert', () => {
    const msg = layouts.slackBlocks(data, templates) as {
      text: string;
      blocks: Array<{ type: string; text?: { text: string } }>;
    };
    expect(msg.text).toBe('[FIRING:1] HighLatency (critical)');
    const sections = msg.blocks.filter((b) => b.type === 'section');
    expect(sections).toHaveLength(2);
    expect(sections[0]?.text?.text).toBe(
      '🔥 *HighLatency*\np99 <b>high</b> & "slow"\nline1\nline2\nalertname=HighLatency, instance=api-1, severity=critical',
    );
  });

  it('offers the Go helper names', () => {
    const l = new HandlebarsLayouts({
      t: '{{toUpper s}}|{{title s}}|{{humanizeDuration 3661}}|{{join ", " list}}|{{reReplaceAll "a(.)" "$1" s}}',
    });
    expect(l.render('t', { s: 'banana split', list: ['x', 'y'] })).toBe(
      'BANANA SPLIT|Banana Split|1h 1m 1s|x, y|bnn split',
    );
  });
});
