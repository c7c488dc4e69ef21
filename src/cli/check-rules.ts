import { loadRuleFiles } from '../config/rulefile/load.js';
import type { RuleFileOptions } from '../config/rulefile/load.js';
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { checkAlertTemplate } from '../template/funcs/alert-prelude.js';
import type { CliIO, Command } from './io.js';

const USAGE = `usage: vigil check rules [--lint=duplicate-rules|none] [--lint-fatal] FILE...
Checks Prometheus rule files and PrometheusRule manifests, like promtool check rules.
`;

/**
 * The loader options `check rules` uses: Prometheus' defaults, and alert templates parsed with
 * the template engine as promtool does.
 */
export function checkRulesOptions(): RuleFileOptions {
  return {
    evaluationInterval: 60_000,
    queryOffset: 0,
    checkTemplate: (text, alertName) => checkAlertTemplate(alertName, text),
  };
}

interface Flags {
  lint: boolean;
  lintFatal: boolean;
  files: string[];
}

function parseFlags(args: string[], io: CliIO): Flags | undefined {
  const flags: Flags = { lint: true, lintFatal: false, files: [] };
  for (const a of args) {
    if (a === '--lint-fatal') flags.lintFatal = true;
    else if (a === '--lint=none') flags.lint = false;
    else if (a === '--lint=duplicate-rules' || a === '--lint=all') flags.lint = true;
    else if (a === '-h' || a === '--help') {
      io.stdout(USAGE);
      return undefined;
    } else if (a.startsWith('-')) {
      io.stderr(`unknown flag: ${a}\n${USAGE}`);
      return undefined;
    } else flags.files.push(a);
  }
  if (flags.files.length === 0) {
    io.stderr(`no rule files given\n${USAGE}`);
    return undefined;
  }
  return flags;
}

/**
 * `vigil check rules FILE...`: the server's rule loader on each file, printed the way
 * `promtool check rules` prints (`Checking F`, then `SUCCESS: N rules found` or `FAILED:` with
 * every problem at file:line:col). Exit 1 on errors; 3 on lint findings with --lint-fatal.
 */
export const checkRulesCommand: Command = async (args, io) => {
  const flags = parseFlags(args, io);
  if (!flags) return args.includes('-h') || args.includes('--help') ? 0 : 2;
  let failed = false;
  let lintFailed = false;
  const options = checkRulesOptions(); // one template-check cache for all the files
  for (const file of flags.files) {
    io.stdout(`Checking ${file}\n`);
    const { groups, diagnostics } = await loadRuleFiles([file], options);
    const shown: Diagnostic[] = flags.lint
      ? diagnostics
      : diagnostics.filter((d) => d.code !== 'rules.duplicate_rule');
    if (hasErrors(shown)) {
      failed = true;
      io.stderr('  FAILED:\n');
      for (const d of shown) io.stderr(`${formatDiagnostic(d)}\n`);
    } else {
      const count = groups.reduce((n, g) => n + g.rules.length, 0);
      io.stdout(`  SUCCESS: ${count} rules found\n`);
      for (const d of shown) io.stderr(`${formatDiagnostic(d)}\n`);
      if (shown.some((d) => d.code === 'rules.duplicate_rule')) lintFailed = true;
    }
    io.stdout('\n');
  }
  if (failed) return 1;
  return lintFailed && flags.lintFatal ? 3 : 0;
};
