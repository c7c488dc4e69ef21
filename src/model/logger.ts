/** How severe a log line is; lines below the configured level are dropped. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The log levels in increasing severity, for flag validation and help text. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The output shapes `--log.format` accepts. */
export type LogFormat = 'logfmt' | 'json';

/** The log formats, for flag validation and help text. */
export const LOG_FORMATS: readonly LogFormat[] = ['logfmt', 'json'];

/** Extra key/value pairs attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * A small structured logger that domain code receives as an argument, so nothing reaches for a
 * global and tests can capture what was logged.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{component: 'ruler'}`). */
  child(fields: LogFields): Logger;
}

/** One line as the writers see it, before formatting. */
export interface LogEntry {
  readonly time: Date;
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields: LogFields;
}

const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Options shared by the writer-backed loggers. */
export interface WriterLoggerOptions {
  /** The lowest level that is written. */
  readonly level: LogLevel;
  /** Where a finished line (ending in `\n`) goes, e.g. `process.stderr.write`. */
  readonly write: (line: string) => void;
  /** The time source for the `ts` field; tests pass a fixed one. */
  readonly now?: () => number;
}

type Formatter = (entry: LogEntry) => string;

class WriterLogger implements Logger {
  constructor(
    private readonly format: Formatter,
    private readonly opts: WriterLoggerOptions,
    private readonly base: LogFields,
  ) {}
  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  child(fields: LogFields): Logger {
    return new WriterLogger(this.format, this.opts, { ...this.base, ...fields });
  }
  private log(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    if (SEVERITY[level] < SEVERITY[this.opts.level]) return;
    const time = new Date((this.opts.now ?? Date.now)());
    this.opts.write(this.format({ time, level, msg, fields: { ...this.base, ...fields } }));
  }
}

/**
 * Turns a field value into text. Errors show their message; objects go through JSON so a
 * `Secret`'s `toJSON` yields `<secret>`; anything else uses `String()`, which for a `Secret`
 * yields `<secret>` too.
 */
export function fieldText(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') {
    if (hasOwnToString(value)) return String(value);
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** True for class instances (such as `Secret`) that define their own `toString`. */
function hasOwnToString(value: object): boolean {
  if (Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto !== Object.prototype && proto !== null && value.toString !== Object.prototype.toString;
}

function logfmtValue(text: string): string {
  if (text !== '' && !/[\s"=\\]/.test(text) && !hasControlChar(text)) return text;
  return JSON.stringify(text);
}

function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Formats one entry as a logfmt line: `ts=... level=info msg="..." key=value`. */
export function formatLogfmt(entry: LogEntry): string {
  const parts = [`ts=${entry.time.toISOString()}`, `level=${entry.level}`, `msg=${logfmtValue(entry.msg)}`];
  for (const [key, value] of Object.entries(entry.fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${logfmtValue(fieldText(value))}`);
  }
  return parts.join(' ') + '\n';
}

/** Formats one entry as a JSON object on one line; errors become their message. */
export function formatJson(entry: LogEntry): string {
  const out: Record<string, unknown> = { ts: entry.time.toISOString(), level: entry.level, msg: entry.msg };
  for (const [key, value] of Object.entries(entry.fields)) {
    if (value === undefined) continue;
    out[key] = value instanceof Error ? value.message : value;
  }
  try {
    return JSON.stringify(out) + '\n';
  } catch {
    // A value JSON cannot encode (a cycle, a BigInt): fall back to the text form of each field.
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(out)) flat[key] = fieldText(value);
    return JSON.stringify(flat) + '\n';
  }
}

/** Builds the logger `--log.format` and `--log.level` ask for. */
export function createLogger(format: LogFormat, opts: WriterLoggerOptions): Logger {
  return new WriterLogger(format === 'json' ? formatJson : formatLogfmt, opts, {});
}

/** A logger that drops everything, for code paths where nobody listens. */
export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noopLogger,
};

/** A logger that keeps every entry in memory, so tests can assert what was logged. */
export class CaptureLogger implements Logger {
  /** The entries logged so far, shared with every child. */
  readonly entries: LogEntry[];

  constructor(
    entries: LogEntry[] = [],
    private readonly base: LogFields = {},
  ) {
    this.entries = entries;
  }
  debug(msg: string, fields?: LogFields): void {
    this.push('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.push('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.push('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.push('error', msg, fields);
  }
  child(fields: LogFields): Logger {
    return new CaptureLogger(this.entries, { ...this.base, ...fields });
  }
  /** The entries formatted as logfmt text, handy for `toContain` assertions. */
  text(): string {
    return this.entries.map(formatLogfmt).join('');
  }
  private push(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    this.entries.push({ time: new Date(0), level, msg, fields: { ...this.base, ...fields } });
  }
}
