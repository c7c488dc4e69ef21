/**
 * Regenerates the template differential corpus under test/fixtures/templates/{alert,notification}
 * from the real tools: alert templates through `promtool test rules` (and `promtool check
 * rules` for parse verdicts), notification templates through `amtool template render`.
 *
 *   npx tsx scripts/gen-template-fixtures.ts [--seeds DIR] [--upstream-default FILE]
 *
 * Alertmanager 0.25's default.tmpl lacks the msteams, jira, rocketchat and mattermost
 * templates; with --upstream-default pointing at a newer Alertmanager's template/default.tmpl
 * (amtool 0.25 can render it), notification/newer-defaults.json is regenerated too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALERT_CASES, ALERT_PARSE_ERROR_CASES, QUERY_SERIES } from './template-fixtures/alert-cases.js';
import { haveAmtool, runNotificationCase } from './template-fixtures/amtool.js';
import { NOTIFICATION_CASES } from './template-fixtures/notification-cases.js';
import { newerDefaultCases } from './template-fixtures/newer-defaults.js';
import { ALERT_ENV, havePromtool, runAlertCases, runParseErrorCases } from './template-fixtures/promtool.js';
import { seedAlertCases, seedNotificationCases } from './template-fixtures/seeds.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures/templates');

function write(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

function main(argv: string[]): void {
  const seedsAt = argv.indexOf('--seeds');
  const seedDir = seedsAt >= 0 ? resolve(argv[seedsAt + 1] ?? '') : resolve(root, '../shared/examples/seeds');
  if (!havePromtool() || !haveAmtool()) throw new Error('promtool and amtool must be installed');

  const env = { ...ALERT_ENV, querySeries: QUERY_SERIES, tool: 'promtool 2.42' };
  write(join(fixtures, 'alert/cases.json'), { env, cases: runAlertCases(ALERT_CASES) });
  write(join(fixtures, 'alert/seeds.json'), { env, cases: runAlertCases(seedAlertCases(seedDir)) });
  write(join(fixtures, 'alert/parse.json'), {
    tool: 'promtool check rules 2.42',
    cases: runParseErrorCases(ALERT_PARSE_ERROR_CASES),
  });

  const notificationDir = join(fixtures, 'notification');
  const render = (c: (typeof NOTIFICATION_CASES)[number]) => runNotificationCase(c, notificationDir);
  write(join(notificationDir, 'cases.json'), { tool: 'amtool 0.25', cases: NOTIFICATION_CASES.map(render) });
  write(join(notificationDir, 'seeds.json'), {
    tool: 'amtool 0.25',
    cases: seedNotificationCases(seedDir).map(render),
  });

  const upstreamAt = argv.indexOf('--upstream-default');
  if (upstreamAt >= 0) {
    const file = resolve(argv[upstreamAt + 1] ?? '');
    const cases = newerDefaultCases().map((c) => runNotificationCase(c, notificationDir, [file]));
    write(join(notificationDir, 'newer-defaults.json'), { tool: `amtool 0.25 rendering ${file}`, cases });
  }
}

main(process.argv.slice(2));
