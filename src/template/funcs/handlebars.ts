/**
 * Vigil's rich layouts (templates/email.html.hbs, templates/slack-blocks.json.hbs): Handlebars
 * templates fed the same notification data as the Go templates, as plain JSON, with the same
 * helper names (toUpper, title, join, match, reReplaceAll, humanizeDuration, date, ...).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Handlebars from 'handlebars';
import { goJson } from './gojson.js';
import { goMatch, goReplaceAll } from './goregexp.js';
import { humanizeDuration } from './humanize.js';
import { casesTitle, goQueryEscape, goToLower, goToUpper } from './strings.js';
import { goTrimSpace } from './alertmanager.js';
import { parseGoTime, templateDataToJSON } from './am-build.js';
import type { TemplateData } from './am-data.js';
import { compileGoRegexp } from './goregexp.js';
import { DEFAULT_TEMPLATES_DIR } from './notification.js';
import type { NotificationTemplates } from './notification.js';

type HB = typeof Handlebars;

/** The layouts Vigil ships, by name. */
export const LAYOUT_FILES = { email: 'email.html.hbs', slackBlocks: 'slack-blocks.json.hbs' } as const;

/** A layout name. */
export type LayoutName = keyof typeof LAYOUT_FILES;

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Handlebars.SafeString) return v.toString();
  return String(v);
}

function sortedPairs(labels: unknown): Array<{ name: string; value: string }> {
  if (typeof labels !== 'object' || labels === null) return [];
  const entries = Object.entries(labels as Record<string, unknown>).map(([name, value]) => ({
    name,
    value: str(value),
  }));
  const rest = entries
    .filter((p) => p.name !== 'alertname')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const first = entries.filter((p) => p.name === 'alertname');
  return [...first, ...rest];
}

function asTimeText(v: unknown): ReturnType<typeof parseGoTime> {
  return parseGoTime(str(v));
}

/** Helpers shared with the Go function libraries, by their Go template names. */
function helpers(now: () => number): Record<string, (...args: unknown[]) => unknown> {
  return {
    eq: (a, b) => a === b,
    or: (...xs) => xs.find((x) => Boolean(x)) ?? '',
    toUpper: (s) => goToUpper(str(s)),
    toLower: (s) => goToLower(str(s)),
    title: (s) => casesTitle(str(s)),
    trimSpace: (s) => goTrimSpace(str(s)),
    join: (sep, list) => (Array.isArray(list) ? list.map(str).join(str(sep)) : ''),
    match: (pattern, s) => goMatch(compileGoRegexp(str(pattern)), str(s)),
    reReplaceAll: (pattern, repl, s) => goReplaceAll(compileGoRegexp(str(pattern)), str(s), str(repl)),
    safeHtml: (s) => new Handlebars.SafeString(str(s)),
    urlquery: (s) => goQueryEscape(str(s)),
    humanizeDuration: (v) => humanizeDuration(Number(v)),
    date: (layout, t) => asTimeText(t).Format(str(layout)),
    since: (t) => humanizeDuration((now() - Number(asTimeText(t).UnixMilli())) / 1000),
    toJson: (v) => goJson(v),
    json: (v) => new Handlebars.SafeString(JSON.stringify(str(v))),
    concat: (...xs) => xs.map(str).join(''),
    line: (s) => (str(s) === '' ? '' : `\n${str(s)}`),
    truncate: (s, n) => {
      const chars = [...str(s)];
      const max = Number(n);
      return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
    },
    statusEmoji: (s) => (str(s) === 'firing' ? '🔥' : '✅'),
    sortedPairs: (labels) => sortedPairs(labels),
    pairsText: (labels) =>
      sortedPairs(labels)
        .map((p) => `${p.name}=${p.value}`)
        .join(', '),
  };
}

function register(hb: HB, now: () => number): void {
  for (const [name, fn] of Object.entries(helpers(now))) {
    // Handlebars passes its options object last; the Go-named helpers take only the values.
    hb.registerHelper(name, (...args: unknown[]) => fn(...args.slice(0, -1)));
  }
}

/** The JSON the layouts see: the webhook fields plus firing/resolved lists and ready texts. */
export function layoutContext(
  data: TemplateData,
  templates?: NotificationTemplates,
): Record<string, unknown> {
  const json = templateDataToJSON(data);
  const list = json.alerts as Array<{ status: string }>;
  const firing = list.filter((a) => a.status === 'firing');
  const resolved = list.filter((a) => a.status === 'resolved');
  return {
    ...json,
    firing,
    resolved,
    sections: [
      { label: 'firing', color: '#c81e1e', alerts: firing },
      { label: 'resolved', color: '#1f8a4c', alerts: resolved },
    ],
    subject: templates?.has('__subject')
      ? templates.renderNamed('__subject', data)
      : `[${data.Status.toUpperCase()}]`,
    alertmanagerURL: templates?.has('__alertmanagerURL')
      ? templates.renderNamed('__alertmanagerURL', data)
      : data.ExternalURL,
  };
}

/** Compiled Handlebars layouts with Vigil's helpers, in their own Handlebars environment. */
export class HandlebarsLayouts {
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly hb: HB;

  constructor(sources: Readonly<Record<string, string>>, opts: { now?: () => number } = {}) {
    this.hb = Handlebars.create();
    register(this.hb, opts.now ?? (() => Date.now()));
    for (const [name, text] of Object.entries(sources))
      this.compiled.set(name, this.hb.compile(text, { strict: false }));
  }

  /** Loads Vigil's layouts from templates/ (or another folder). */
  static load(dir: string = DEFAULT_TEMPLATES_DIR, opts: { now?: () => number } = {}): HandlebarsLayouts {
    const sources: Record<string, string> = {};
    for (const [name, file] of Object.entries(LAYOUT_FILES))
      sources[name] = readFileSync(resolve(dir, file), 'utf8');
    return new HandlebarsLayouts(sources, opts);
  }

  /** Renders a layout with a context built by layoutContext. */
  render(name: string, context: Record<string, unknown>): string {
    const tmpl = this.compiled.get(name);
    if (!tmpl) throw new Error(`no layout named ${JSON.stringify(name)}`);
    return tmpl(context);
  }

  /** The HTML e-mail body for a notification. */
  emailHTML(data: TemplateData, templates?: NotificationTemplates): string {
    return this.render('email', layoutContext(data, templates));
  }

  /** The Slack Block Kit payload (`{ text, blocks }`) for a notification. */
  slackBlocks(data: TemplateData, templates?: NotificationTemplates): unknown {
    return JSON.parse(this.render('slackBlocks', layoutContext(data, templates))) as unknown;
  }
}
