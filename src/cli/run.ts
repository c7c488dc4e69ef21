// `vigil run`: parses SPEC §3's flags and hands them to the app.
import { parseArgs } from 'node:util';
import type { RunOptions } from '../app/run.js';
import { runVigilProcess } from '../app/vigil.js';
import { LOG_FORMATS, LOG_LEVELS } from '../model/logger.js';
import type { LogFormat, LogLevel } from '../model/logger.js';
import type { CliIO, Command } from './io.js';
import { RUN_USAGE } from './run-flags.js';

const OPTIONS = {
  config: { type: 'string', multiple: true },
  'web.listen-address': { type: 'string', default: '0.0.0.0:9097' },
  'web.external-url': { type: 'string' },
  'web.route-prefix': { type: 'string' },
  'web.config.file': { type: 'string' },
  'storage.path': { type: 'string', default: 'data/' },
  'datasource.url': { type: 'string' },
  'log.level': { type: 'string', default: 'info' },
  'log.format': { type: 'string', default: 'logfmt' },
  'config.watch': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Parses `vigil run`'s arguments; returns the options, `'help'`, or an error text. */
export function parseRunArgs(args: string[]): RunOptions | 'help' | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return 'help';
  const configFiles = values.config ?? [];
  if (configFiles.length === 0) return { error: 'at least one --config FILE is required' };
  const level = values['log.level'];
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    return { error: `invalid --log.level ${JSON.stringify(level)}: want one of ${LOG_LEVELS.join(', ')}` };
  }
  const format = values['log.format'];
  if (!(LOG_FORMATS as readonly string[]).includes(format)) {
    return { error: `invalid --log.format ${JSON.stringify(format)}: want one of ${LOG_FORMATS.join(', ')}` };
  }
  const externalUrl = values['web.external-url'];
  const routePrefix = values['web.route-prefix'];
  const webConfigFile = values['web.config.file'];
  const datasourceUrl = values['datasource.url'];
  return {
    configFiles,
    listenAddress: values['web.listen-address'],
    storagePath: values['storage.path'],
    logLevel: level as LogLevel,
    logFormat: format as LogFormat,
    configWatch: values['config.watch'],
    ...(externalUrl !== undefined ? { externalUrl } : {}),
    ...(routePrefix !== undefined ? { routePrefix } : {}),
    ...(webConfigFile !== undefined ? { webConfigFile } : {}),
    ...(datasourceUrl !== undefined ? { datasourceUrl } : {}),
  };
}

/** The `run` command: runs until SIGTERM/SIGINT, logging to stderr. */
export const runCommand: Command = async (args: string[], io: CliIO) => {
  const parsed = parseRunArgs(args);
  if (parsed === 'help') {
    io.stdout(RUN_USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`vigil run: ${parsed.error}\n\n${RUN_USAGE}`);
    return 2;
  }
  return runVigilProcess(parsed, { writeLog: (line) => io.stderr(line), signals: process });
};
