// What every notifier shares: the templates it renders with, the clock, and the notification data.
import { createHash } from 'node:crypto';
import type { Alert } from '../model/alert.js';
import { isResolved } from '../model/alert.js';
import { parseDuration } from '../model/duration.js';
import type { Logger } from '../model/logger.js';
import type { NotifyContext } from './types.js';
import { buildTemplateData } from '../template/funcs/am-build.js';
import type { SendOutcome } from './retry.js';

/** The part of H7's `NotificationTemplates` a notifier needs: render a field string. */
export interface TemplateRenderer {
  render(text: string, data: unknown, mode?: 'text' | 'html'): string;
}

/** Process-level settings every notifier receives (built once in `build.ts`). */
export interface NotifierEnv {
  readonly templates: TemplateRenderer;
  /** Alertmanager's `--web.external-url`, the backlink templates show. */
  readonly externalURL: string;
  readonly userAgent: string;
  /** Current time in epoch ms (Retry-After dates, timestamps). */
  readonly now: () => number;
  readonly logger?: Logger;
}

/** Alertmanager's `template.Data` for one flush, statuses judged at the flush time. */
export function notificationData(ctx: NotifyContext, alerts: readonly Alert[], externalURL: string): unknown {
  return buildTemplateData({
    receiver: ctx.receiver,
    groupLabels: ctx.groupLabels,
    externalURL,
    alerts: alerts.map((a) => ({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
      resolved: isResolved(a, ctx.now),
    })),
  });
}

/** `firing` when any alert fires at the flush time, else `resolved` (the data's `.Status`). */
export function groupStatus(ctx: NotifyContext, alerts: readonly Alert[]): 'firing' | 'resolved' {
  return alerts.some((a) => !isResolved(a, ctx.now)) ? 'firing' : 'resolved';
}

/** Thrown by `Fields` so a notifier can turn a template failure into a permanent error. */
export class TemplateFailure extends Error {}

/** Renders one notification's field strings against its data, text or HTML mode. */
export class Fields {
  constructor(
    private readonly templates: TemplateRenderer,
    readonly data: unknown,
  ) {}

  /** Renders a text-mode field; undefined and '' give ''. */
  text(tmpl: string | undefined, field = 'field'): string {
    return this.run(tmpl, 'text', field);
  }

  /** Renders an HTML-mode field (contextual escaping, as html/template). */
  html(tmpl: string | undefined, field = 'field'): string {
    return this.run(tmpl, 'html', field);
  }

  private run(tmpl: string | undefined, mode: 'text' | 'html', field: string): string {
    if (tmpl === undefined || tmpl === '') return '';
    try {
      return this.templates.render(tmpl, this.data, mode);
    } catch (e) {
      throw new TemplateFailure(`template error in ${field}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/**
 * A template failure is permanent (Alertmanager does not retry it); anything else thrown while
 * preparing a request is reported as permanent too, with secrets removed from the text.
 */
export function preparationFailure(what: string, err: unknown, secrets: readonly string[]): SendOutcome {
  let msg = err instanceof Error ? err.message : String(err);
  msg = redact(msg, secrets);
  return { retry: false, error: new Error(`${what}: ${msg}`) };
}

/** Replaces every non-empty secret in `text` with `<redacted>`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join('<redacted>');
  return out;
}

/** Alertmanager's `TruncateInRunes`: at most `n` code points, the last one `…` when cut. */
export function truncateRunes(s: string, n: number): { text: string; truncated: boolean } {
  const runes = Array.from(s);
  if (runes.length <= n) return { text: s, truncated: false };
  return { text: runes.slice(0, n - 1).join('') + '…', truncated: true };
}

/** SHA-256 of the group key in hex, the dedup key / alias PagerDuty and Opsgenie receive. */
export function hashKey(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex');
}

/** A notifier that holds connections and can release them. */
export interface ClosableNotifier {
  send(ctx: NotifyContext, alerts: readonly Alert[]): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** Reads a raw config field H1's types do not list (kept as written by `plain()`). */
export function extra(conf: object, key: string): unknown {
  return (conf as Record<string, unknown>)[key];
}

/** Like `extra`, for an optional string field. */
export function extraStr(conf: object, key: string): string | undefined {
  const v = extra(conf, key);
  return typeof v === 'string' ? v : undefined;
}

/** The integration's raw `timeout` (a duration string or milliseconds) in ms; undefined when unset. */
export function timeoutMs(conf: object): number | undefined {
  const v = extra(conf, 'timeout');
  if (typeof v === 'number') return v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const d = parseDuration(v);
  return d.ok && d.ms > 0 ? d.ms : undefined;
}
