// A ruler process for restart tests: Vigil's ruler wired with the SQLite store, sending alerts to
// an Alertmanager-compatible URL. Usage: tsx ruler-process.ts '<json options>'.
import { readFileSync } from 'node:fs';
import { parseRuleFile } from '../../src/config/rulefile/load.js';
import { AlertmanagerClient } from '../../src/notifiers/alertmanager-client.js';
import { RuleStateTable } from '../../src/store/rule-state.js';
import { openStore } from '../../src/store/store.js';
import { buildRuler } from './wiring.js';

interface Options {
  promURL: string;
  storeDir: string;
  ruleFile: string;
  amURL: string;
  /** `--rules.alert.for-grace-period` in ms; default 10 minutes. */
  graceMs?: number;
}

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as Options;
  const store = openStore(opts.storeDir);
  const am = new AlertmanagerClient({ urls: [`${opts.amURL}/api/v2/alerts`] });
  const ruler = buildRuler(opts.promURL, (alerts) => am.send(alerts), {
    store: new RuleStateTable(store),
    restore: { outageToleranceMs: 3_600_000, gracePeriodMs: opts.graceMs ?? 600_000 },
  });
  const parsed = parseRuleFile(opts.ruleFile, readFileSync(opts.ruleFile, 'utf8'), {
    evaluationInterval: 1000,
    queryOffset: 0,
  });
  await ruler.manager.update(parsed.groups);
  process.stdout.write('started\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await ruler.close();
      await am.close();
      await store.flush();
      store.close();
      process.exit(0);
    })();
  });
}

void main();
