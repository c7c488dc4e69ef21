// One bad config per file, each with its exact expected message. For the Alertmanager-style
// fixtures the real amtool must reject the file too, except where the table says otherwise.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { CONFIG_CODES } from '../../src/config/codes.js';
import { amtoolCheckConfig, findAmtool, findPromtool, promtoolCheckConfig } from './tools.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/config/bad');

/**
 * How the reference tool must judge the file (amtool 0.25 for `am-*`, promtool 2.42 for `prom-*`):
 * `reject`; `accepts` where Vigil is deliberately stricter (secret files are read at load, URLs and
 * the Alertmanager scheme are checked); `alias` for the documented seed aliases (Alertmanager
 * rejects `subject:` itself); `n/a` for Vigil-only sections.
 */
type Verdict = 'reject' | 'accepts' | 'alias' | 'n/a';

const CASES: Array<[string, string, string, Verdict]> = [
  ['am-bad-day-of-month', '8:25', '32 is not a valid day of the month: out of range', 'reject'],
  ['am-bad-duration-units-order', '3:20', 'not a valid duration string: "5m1h"', 'reject'],
  ['am-bad-duration', '3:15', 'not a valid duration string: "5x"', 'reject'],
  ['am-bad-group-by-label', '3:14', 'invalid label name "alert-name" in group_by list', 'reject'],
  ['am-bad-location', '9:19', 'unknown time zone Mars/Olympus', 'reject'],
  ['am-location-wrong-case', '9:19', 'unknown time zone europe/paris', 'reject'],
  ['am-bad-match-label-name', '6:9', 'invalid label name "bad-name"', 'reject'],
  ['am-bad-match-re-regex', '6:18', 'error parsing regexp: missing closing ]: `[api)$`', 'reject'],
  ['am-bad-matcher-format', '5:18', 'bad matcher format: severity', 'reject'],
  ['am-bad-matcher-quote', '5:18', 'matcher value contains unescaped double quote: "critical', 'reject'],
  ['am-bad-matcher-regex', '5:18', 'error parsing regexp: missing closing ): `^(?:(api)$`', 'reject'],
  ['am-bad-month', '8:18', 'jan is not a valid month', 'reject'],
  [
    'am-bad-receiver-template',
    '7:16',
    'invalid template: template: :1: unexpected "}" in operand',
    'accepts',
  ],
  ['am-bad-time-format', '9:13', "couldn't parse timestamp 9:00, invalid format", 'reject'],
  ['am-bad-weekday', '8:20', 'mon is not a valid weekday', 'reject'],
  [
    'am-continue-not-bool',
    '5:17',
    'route.routes[0].continue: cannot unmarshal !!str `maybe` into bool',
    'reject',
  ],
  ['am-continue-root', '3:3', 'cannot have continue in root route', 'reject'],
  ['am-day-of-month-reversed', '8:25', 'end day 2 is always before start day 10', 'reject'],
  ['am-day-of-month-sign', '8:25', 'end day must be negative if start day is negative', 'reject'],
  ['am-discord-no-url', '6:9', 'one of webhook_url or webhook_url_file must be configured', 'reject'],
  ['am-duplicate-mute-and-time-interval', '9:11', 'time interval "nights" is not unique', 'reject'],
  ['am-duplicate-receiver', '5:11', 'notification config name "default" is not unique', 'reject'],
  ['am-duplicate-time-interval', '8:11', 'time interval "nights" is not unique', 'reject'],
  ['am-email-duplicate-header', '12:11', 'duplicate header "Subject" in email config', 'reject'],
  ['am-email-no-from', '6:9', 'no global SMTP from set', 'reject'],
  ['am-email-no-smarthost', '6:9', 'no global SMTP smarthost set', 'reject'],
  ['am-email-no-to', '6:9', 'missing to address in email config', 'reject'],
  ['am-email-subject-and-header', '10:9', 'subject and headers.Subject are both set', 'alias'],
  [
    'am-global-password-and-file',
    '3:3',
    'at most one of smtp_auth_password & smtp_auth_password_file must be configured',
    'reject',
  ],
  ['am-group-by-duplicate', '3:25', 'duplicated label "alertname" in group_by', 'reject'],
  [
    'am-group-by-not-list',
    '3:13',
    'route.group_by: cannot unmarshal !!str `alertname` into []string',
    'reject',
  ],
  [
    'am-group-by-wildcard-mixed',
    '3:13',
    'cannot have wildcard group_by (`...`) and other other labels at the same time',
    'reject',
  ],
  ['am-group-interval-zero', '3:19', 'group_interval cannot be zero', 'reject'],
  [
    'am-http-basic-auth-password-and-file',
    '11:13',
    'at most one of basic_auth password & password_file must be configured',
    'reject',
  ],
  [
    'am-http-bearer-and-file',
    '9:11',
    'at most one of bearer_token & bearer_token_file must be configured',
    'reject',
  ],
  [
    'am-http-two-auth-methods',
    '10:11',
    'at most one of basic_auth, oauth2 & authorization must be configured',
    'reject',
  ],
  ['am-inhibit-bad-equal', '8:13', '"bad-label" is not a valid label name', 'reject'],
  ['am-inhibit-bad-match-re', '7:17', 'error parsing regexp: missing closing ): `^(?:(critical)$`', 'reject'],
  ['am-inhibit-bad-matcher', '6:23', 'bad matcher format: severity', 'reject'],
  ['am-month-range-reversed', '8:18', 'end month january is before start month december', 'reject'],
  ['am-mute-on-root', '3:3', 'root route must not have any mute time intervals', 'reject'],
  ['am-no-route', '1:1', 'no routes provided', 'reject'],
  ['am-opsgenie-no-key', '6:9', 'no global OpsGenie API Key set either inline or in a file', 'reject'],
  ['am-pagerduty-no-key', '6:9', 'missing service or routing key in PagerDuty config', 'reject'],
  ['am-range-format', '8:25', "couldn't parse range 1:2:3, invalid format", 'reject'],
  ['am-receiver-no-name', '5:5', 'missing name in receiver', 'reject'],
  ['am-repeat-interval-zero', '5:24', 'repeat_interval cannot be zero', 'reject'],
  ['am-root-matchers', '3:3', 'root route must not have any matchers', 'reject'],
  ['am-root-no-receiver', '1:1', 'root route must specify a default receiver', 'reject'],
  [
    'am-secret-file-missing',
    '9:31',
    'unable to read file does-not-exist.token: no such file or directory',
    'accepts',
  ],
  ['am-slack-action-no-type', '9:13', 'missing type in Slack action configuration', 'reject'],
  ['am-slack-field-no-title', '9:13', 'missing title in Slack field configuration', 'reject'],
  ['am-slack-no-api-url', '6:9', 'no global Slack API URL set either inline or in a file', 'reject'],
  ['am-slack-url-and-file', '8:9', 'at most one of api_url & api_url_file must be configured', 'reject'],
  ['am-smarthost-empty-port', '8:20', 'address "smtp.example.com:": port cannot be empty', 'reject'],
  ['am-smarthost-no-port', '2:19', 'address smtp.example.com: missing port in address', 'reject'],
  ['am-telegram-no-token', '6:9', 'missing bot_token or bot_token_file on telegram_config', 'reject'],
  ['am-time-interval-no-name', '6:5', 'missing name in time interval', 'reject'],
  ['am-time-missing-end', '9:13', 'both start and end times must be provided', 'reject'],
  ['am-time-start-after-end', '9:13', 'start time cannot be equal or greater than end time', 'reject'],
  ['am-undefined-root-receiver', '2:13', 'undefined receiver "nobody" used in route', 'reject'],
  ['am-undefined-time-interval', '5:29', 'undefined time interval "nights" used in route', 'reject'],
  ['am-unknown-receiver-field', '5:5', 'field slack_config not found in receivers[0]', 'reject'],
  ['am-unknown-route-field', '3:3', 'field group_wiat not found in route', 'reject'],
  ['am-unknown-top-level', '5:1', 'field inhibit_rule not found in config', 'reject'],
  ['am-webhook-bad-scheme', '6:14', 'unsupported scheme "ftp" for URL', 'reject'],
  ['am-webhook-no-url', '6:9', 'one of url or url_file must be configured', 'reject'],
  ['am-weekday-range-reversed', '8:20', 'start day cannot be before end day', 'reject'],
  ['am-yaml-duplicate-key', '3:3', 'yaml: field receiver already set', 'reject'],
  [
    'am-yaml-syntax',
    '4:1',
    'yaml: Flow sequence in block collection must be sufficiently indented and end with a ]',
    'reject',
  ],
  ['am-year-range-reversed', '8:17', 'end year 2020 is before start year 2030', 'reject'],
  [
    'prom-alertmanager-bad-scheme',
    '3:15',
    'alerting.alertmanagers[0].scheme: "ftp" is not one of "http", "https"',
    'accepts',
  ],
  ['prom-bad-evaluation-interval', '2:24', 'not a valid duration string: "1 minute"', 'reject'],
  ['prom-bad-external-label', '3:5', '"0cluster" is not a valid label name', 'reject'],
  ['prom-relabel-bad-action', '4:15', 'unknown relabel action "rename"', 'reject'],
  ['prom-relabel-bad-regex', '7:18', 'error parsing regexp: missing closing ): `^(?:(.*)$`', 'reject'],
  [
    'prom-relabel-replace-no-target',
    '3:7',
    "relabel configuration for replace action requires 'target_label' value",
    'reject',
  ],
  ['prom-remote-write-bad-url', '2:10', 'parse "not a url": invalid URL', 'accepts'],
  ['prom-remote-write-no-url', '2:5', 'url for remote_write is empty', 'reject'],
  [
    'prom-rule-files-not-list',
    '1:13',
    'rule_files: cannot unmarshal !!str `rules/*.yml` into []string',
    'reject',
  ],
  ['prom-scrape-timeout', '3:19', 'global scrape timeout greater than scrape interval', 'reject'],
  ['prom-unknown-global-field', '2:3', 'field evaluation_intervall not found in global', 'reject'],
  ['vigil-datasource-bad-scheme', '2:8', 'unsupported scheme "localhost" for URL', 'n/a'],
  ['vigil-datasource-bad-batch-size', '3:21', 'query_batch_size must be at least 1, got 0', 'n/a'],
  ['vigil-datasource-bad-timeout', '3:12', 'not a valid duration string: "ten"', 'n/a'],
  ['vigil-datasource-no-url', '2:3', 'datasource: missing url', 'n/a'],
];

describe('bad configs', () => {
  const amtool = findAmtool();
  const promtool = findPromtool();

  it('has at least 40 fixtures, one problem each', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c[0])).size).toBe(CASES.length);
  });

  it.each(CASES)('%s.yml:%s: %s', async (name, pos, message, verdict) => {
    const file = path.join(DIR, `${name}.yml`);
    const { config, diagnostics } = await loadConfig([file]);
    expect(config).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(
      errors.map((d) => `${path.basename(d.file)}:${d.position?.line}:${d.position?.column}: ${d.message}`),
    ).toEqual([`${name}.yml:${pos}: ${message}`]);
    for (const d of diagnostics) expect(CONFIG_CODES).toContain(d.code);
    if (verdict === 'n/a' || verdict === 'alias') return;
    const check = name.startsWith('am-')
      ? amtool && (() => amtoolCheckConfig(amtool, file))
      : name.startsWith('prom-') && promtool && (() => promtoolCheckConfig(promtool, file));
    if (!check) return;
    const ref = await check();
    expect(ref.code === 0 ? 'accepts' : 'reject', ref.output).toBe(verdict);
  });
});
