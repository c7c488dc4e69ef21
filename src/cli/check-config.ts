import { relative } from 'node:path';
import { expandRuleFiles, loadConfig } from '../config/load.js';
import { loadRuleFiles } from '../config/rulefile/load.js';
import type { Config } from '../config/types.js';
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { checkAlertTemplate } from '../template/funcs/alert-prelude.js';
import type { CliIO, Command } from './io.js';

const USAGE = `usage: vigil check config FILE...
Checks Prometheus, Alertmanager and Vigil config files, loaded together as one configuration
(like promtool check config and amtool check-config), and the rule files they name.
`;

function printDiagnostics(io: CliIO, ds: readonly Diagnostic[]): void {
  for (const d of ds) io.stderr(`${formatDiagnostic(d)}\n`);
}

/** Checks the rule files a valid config names; returns true when they are all valid. */
async function checkRuleFiles(config: Config, io: CliIO): Promise<boolean> {
  const files = await expandRuleFiles(config);
  let ok = true;
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    io.stdout(`Checking ${shown}\n`);
    // The same options the server's loader uses (src/app/loaded-config.ts), templates included.
    const opts = {
      evaluationInterval: config.global.evaluation_interval,
      queryOffset: config.global.rule_query_offset,
      checkTemplate: (text: string, alertName: string) => checkAlertTemplate(alertName, text),
    };
    const { groups, diagnostics } = await loadRuleFiles([file], opts);
    if (hasErrors(diagnostics)) {
      ok = false;
      io.stderr('  FAILED:\n');
    } else {
      io.stdout(`  SUCCESS: ${groups.reduce((n, g) => n + g.rules.length, 0)} rules found\n`);
    }
    printDiagnostics(io, diagnostics);
    io.stdout('\n');
  }
  return ok;
}

/**
 * `vigil check config FILE...`: the server's config loader on all files together (so a
 * prometheus.yml and an alertmanager.yml can be checked as one config), printed like promtool:
 * `Checking F` per file, then `SUCCESS` or `FAILED:` with every diagnostic (infos and warnings
 * too), then each rule file the config names. Exit 1 on any error.
 */
export const checkConfigCommand: Command = async (args, io) => {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(USAGE);
    return 0;
  }
  const flag = args.find((a) => a.startsWith('-'));
  if (flag !== undefined || args.length === 0) {
    io.stderr(`${flag !== undefined ? `unknown flag: ${flag}` : 'no config files given'}\n${USAGE}`);
    return 2;
  }
  for (const file of args) io.stdout(`Checking ${file}\n`);
  const { config, diagnostics } = await loadConfig(args);
  if (!config || hasErrors(diagnostics)) {
    io.stderr('  FAILED:\n');
    printDiagnostics(io, diagnostics);
    return 1;
  }
  const ruleFiles = await expandRuleFiles(config);
  io.stdout(`  SUCCESS: ${ruleFiles.length} rule files found\n`);
  printDiagnostics(io, diagnostics);
  for (const [i, pattern] of config.rule_files.entries()) {
    const matched = await expandRuleFiles({ ...config, rule_files: [pattern] });
    if (matched.length === 0)
      io.stderr(
        `warning: rule_files[${i}]: ${relative(process.cwd(), pattern) || pattern} matches no files\n`,
      );
  }
  io.stdout('\n');
  return (await checkRuleFiles(config, io)) ? 0 : 1;
};
