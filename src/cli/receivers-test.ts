// `vigil receivers test --config FILE NAME`: sends a sample notification through a receiver, one line per integration.
import { loadConfig } from '../config/load.js';
import { systemClock } from '../model/clock.js';
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import { testReceiver, UnknownReceiverError } from '../notifiers/test-send.js';
import type { TestSendReport } from '../notifiers/test-send.js';
import { NotificationTemplates } from '../template/funcs/notification.js';
import type { Command } from './io.js';

const USAGE = 'usage: vigil receivers test --config FILE [--external-url URL] [--timeout SECONDS] NAME\n';

interface Args {
  configs: string[];
  name?: string;
  externalURL: string;
  timeoutMs: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  const a: Args = { configs: [], externalURL: '', timeoutMs: 30_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') ? (eq > 0 ? arg.slice(0, eq) : arg) : '';
    const value = (): string | undefined => (eq > 0 && flag !== '' ? arg.slice(eq + 1) : argv[++i]);
    if (flag === '--config' || flag === '--config.file') {
      const v = value();
      if (v === undefined) return 'missing value for --config';
      a.configs.push(v);
    } else if (flag === '--external-url') {
      a.externalURL = value() ?? '';
    } else if (flag === '--timeout') {
      const n = Number(value());
      if (!(n > 0)) return 'invalid --timeout';
      a.timeoutMs = n * 1000;
    } else if (flag !== '') return `unknown flag ${flag}`;
    else if (a.name === undefined) a.name = arg;
    else return `unexpected argument ${JSON.stringify(arg)}`;
  }
  if (a.configs.length === 0) return 'missing --config';
  if (a.name === undefined) return 'missing receiver NAME';
  return a;
}

/** Formats a report: one line per integration, then a summary. */
export function formatReport(r: TestSendReport): string {
  let out = '';
  for (const x of r.results) {
    const where = `${x.integration}[${x.index}]`;
    const ms = `${Math.round(x.latencyMs)}ms`;
    out += x.ok
      ? `${where}: ok (${ms})\n`
      : `${where}: FAILED (${x.retryable === true ? 'retryable' : 'permanent'}, ${ms}): ${x.error ?? ''}\n`;
  }
  if (r.results.length === 0)
    out += `receiver ${r.receiver} has no integrations (it discards notifications)\n`;
  out += r.ok
    ? `receiver ${r.receiver}: all integrations delivered\n`
    : `receiver ${r.receiver}: some integrations failed\n`;
  return out;
}

/** The command: exit 0 when every integration delivered, 1 when one failed, 2 on bad input or config. */
export const receiversTestCommand: Command = async (args, io) => {
  if (args.includes('-h') || args.includes('--help')) {
    io.stdout(USAGE);
    return 0;
  }
  const a = parseArgs(args);
  if (typeof a === 'string') {
    io.stderr(`${a}\n${USAGE}`);
    return 2;
  }
  const { config, diagnostics } = await loadConfig(a.configs);
  for (const d of diagnostics.filter((x) => x.severity === 'error')) io.stderr(`${formatDiagnostic(d)}\n`);
  if (config === undefined || hasErrors(diagnostics)) return 2;
  try {
    const templates = await NotificationTemplates.load(config.templates, '/');
    const report = await testReceiver(a.name ?? '', config, {
      templates,
      clock: systemClock,
      externalURL: a.externalURL,
      timeoutMs: a.timeoutMs,
    });
    io.stdout(formatReport(report));
    return report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UnknownReceiverError) {
      io.stderr(`${e.message}\n`);
      return 2;
    }
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
};
