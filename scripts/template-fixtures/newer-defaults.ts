/**
 * Cases for default templates newer than Alertmanager 0.25 (msteams, jira, rocketchat,
 * mattermost), rendered by amtool 0.25 from a newer upstream default.tmpl.
 */
import type { NotificationCaseInput } from './notification-cases.js';

/** Default templates newer than Alertmanager 0.25, checked against a newer default.tmpl. */
export const NEWER_DEFAULT_NAMES = [
  '__text_alert_list_markdown',
  'slack.default.color',
  'discord.default.content',
  'msteams.default.summary',
  'msteams.default.title',
  'msteams.default.text',
  'msteamsv2.default.title',
  'msteamsv2.default.text',
  'jira.default.summary',
  'jira.default.description',
  'jira.default.priority',
  'rocketchat.default.title',
  'rocketchat.default.alias',
  'rocketchat.default.titlelink',
  'rocketchat.default.emoji',
  'rocketchat.default.iconurl',
  'rocketchat.default.text',
  'mattermost.default.color',
  'mattermost.default.username',
  'mattermost.default.title',
  'mattermost.default.titlelink',
  'mattermost.default.fallback',
  'mattermost.default.text',
];

/** Cases for the newer default template names, over every data file. */
export function newerDefaultCases(): NotificationCaseInput[] {
  return NEWER_DEFAULT_NAMES.flatMap((name) =>
    ['firing', 'resolved', 'unicode', 'empty', 'seeds'].map((data) => ({
      name: `newer default ${name} ${data}`,
      template: `{{ template "${name}" ${name === '__text_alert_list_markdown' ? '.Alerts' : '.'} }}`,
      data,
    })),
  );
}
