// Alertmanager's Slack message: one attachment plus the top-level channel, username and icons.
import type { SlackConfig } from '../../config/types.js';
import type { Fields } from '../env.js';
import { extraStr, truncateRunes } from '../env.js';

/** One attachment field as Slack reads it. */
export interface SlackFieldOut {
  title: string;
  value: string;
  short: boolean;
}

/** One attachment action button. */
export interface SlackActionOut {
  type: string;
  text: string;
  url?: string;
  style?: string;
  name?: string;
  value?: string;
  confirm?: { text: string; title?: string; ok_text?: string; dismiss_text?: string };
}

/** The attachment (Slack's legacy "secondary attachment"). */
export interface SlackAttachment {
  title?: string;
  title_link?: string;
  pretext?: string;
  text: string;
  fallback: string;
  callback_id?: string;
  fields?: SlackFieldOut[];
  actions?: SlackActionOut[];
  image_url?: string;
  thumb_url?: string;
  footer?: string;
  color?: string;
  mrkdwn_in?: string[];
}

/** The request body of both an incoming webhook and `chat.postMessage`. */
export interface SlackMessage {
  channel?: string;
  username?: string;
  icon_emoji?: string;
  icon_url?: string;
  link_names?: boolean;
  text?: string;
  attachments: SlackAttachment[];
}

function put<T extends object>(obj: T, key: keyof T, value: string): void {
  if (value !== '') (obj as Record<keyof T, unknown>)[key] = value;
}

function actions(conf: SlackConfig, f: Fields): SlackActionOut[] {
  return conf.actions.map((a) => {
    const out: SlackActionOut = {
      type: f.text(a.type, 'actions.type'),
      text: f.text(a.text, 'actions.text'),
    };
    put(out, 'url', f.text(a.url, 'actions.url'));
    put(out, 'style', f.text(a.style, 'actions.style'));
    put(out, 'name', f.text(a.name, 'actions.name'));
    put(out, 'value', f.text(a.value, 'actions.value'));
    if (a.confirm !== undefined) {
      const c: NonNullable<SlackActionOut['confirm']> = {
        text: f.text(a.confirm.text, 'actions.confirm.text'),
      };
      put(c, 'title', f.text(a.confirm.title, 'actions.confirm.title'));
      put(c, 'ok_text', f.text(a.confirm.ok_text, 'actions.confirm.ok_text'));
      put(c, 'dismiss_text', f.text(a.confirm.dismiss_text, 'actions.confirm.dismiss_text'));
      out.confirm = c;
    }
    return out;
  });
}

function attachment(conf: SlackConfig, f: Fields): { att: SlackAttachment; truncated: boolean } {
  const title = truncateRunes(f.text(conf.title, 'title'), 1024);
  const att: SlackAttachment = {
    text: f.text(conf.text, 'text'),
    fallback: f.text(conf.fallback, 'fallback'),
  };
  put(att, 'title', title.text);
  put(att, 'title_link', f.text(conf.title_link, 'title_link'));
  put(att, 'pretext', f.text(conf.pretext, 'pretext'));
  put(att, 'callback_id', f.text(conf.callback_id, 'callback_id'));
  put(att, 'image_url', f.text(conf.image_url, 'image_url'));
  put(att, 'thumb_url', f.text(conf.thumb_url, 'thumb_url'));
  put(att, 'footer', f.text(conf.footer, 'footer'));
  put(att, 'color', f.text(conf.color, 'color'));
  if (conf.fields.length > 0) {
    att.fields = conf.fields.map((x) => ({
      title: f.text(x.title, 'fields.title'),
      value: f.text(x.value, 'fields.value'),
      short: x.short ?? conf.short_fields,
    }));
  }
  if (conf.actions.length > 0) att.actions = actions(conf, f);
  if (conf.mrkdwn_in.length > 0) att.mrkdwn_in = [...conf.mrkdwn_in];
  return { att, truncated: title.truncated };
}

/** Renders the whole message; `titleTruncated` lets the caller log the cut as upstream does. */
export function buildSlackMessage(
  conf: SlackConfig,
  f: Fields,
): { msg: SlackMessage; titleTruncated: boolean } {
  const { att, truncated } = attachment(conf, f);
  const msg: SlackMessage = { attachments: [att] };
  put(msg, 'channel', f.text(conf.channel, 'channel'));
  put(msg, 'username', f.text(conf.username, 'username'));
  put(msg, 'icon_emoji', f.text(conf.icon_emoji, 'icon_emoji'));
  put(msg, 'icon_url', f.text(conf.icon_url, 'icon_url'));
  if (conf.link_names) msg.link_names = true;
  put(msg, 'text', f.text(extraStr(conf, 'message_text'), 'message_text'));
  return { msg, titleTruncated: truncated };
}
