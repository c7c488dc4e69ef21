import { describe, expect, it } from 'vitest';
import { CaptureLogger, createLogger, fieldText, formatLogfmt, noopLogger } from './logger.js';
import type { LogFormat, LogLevel } from './logger.js';
import { Secret } from './secret.js';

function collect(
  format: LogFormat,
  level: LogLevel,
): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const log = createLogger(format, { level, write: (l) => lines.push(l), now: () => 0 });
  return { lines, log };
}

describe('logfmt writer', () => {
  it.each([
    ['plain', { a: 'b' }, 'a=b'],
    ['spaces are quoted', { a: 'b c' }, 'a="b c"'],
    ['empty is quoted', { a: '' }, 'a=""'],
    ['quotes are escaped', { a: 'say "hi"' }, 'a="say \\"hi\\""'],
    ['newlines are escaped', { a: 'x\ny' }, 'a="x\\ny"'],
    ['numbers', { n: 1.5 }, 'n=1.5'],
    ['errors show their message', { err: new Error('boom now') }, 'err="boom now"'],
    ['objects as JSON', { o: { k: 1 } }, 'o="{\\"k\\":1}"'],
    ['secret prints masked', { s: new Secret('hunter2') }, 's=<secret>'],
    [
      'secret nested in object prints masked',
      { o: { s: new Secret('hunter2') } },
      'o="{\\"s\\":\\"<secret>\\"}"',
    ],
  ])('%s', (_name, fields, expected) => {
    const { lines, log } = collect('logfmt', 'info');
    log.info('hello world', fields);
    expect(lines).toEqual([`ts=1970-01-01T00:00:00.000Z level=info msg="hello world" ${expected}\n`]);
    expect(lines.join('')).not.toContain('hunter2');
  });

  it.each([
    ['debug', 4],
    ['info', 3],
    ['warn', 2],
    ['error', 1],
  ] as const)('level %s keeps %i of 4 lines', (level, count) => {
    const { lines, log } = collect('logfmt', level);
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines).toHaveLength(count);
  });

  it('child loggers add their fields to every line', () => {
    const { lines, log } = collect('logfmt', 'info');
    log.child({ component: 'ruler' }).child({ group: 'g1' }).warn('slow', { took: 3 });
    expect(lines[0]).toBe(
      'ts=1970-01-01T00:00:00.000Z level=warn msg=slow component=ruler group=g1 took=3\n',
    );
  });
});

describe('json writer', () => {
  it('writes one JSON object per line with secrets masked', () => {
    const { lines, log } = collect('json', 'debug');
    log.child({ c: 'x' }).error('failed', { err: new Error('bad'), token: new Secret('t0k'), n: 2 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      ts: '1970-01-01T00:00:00.000Z',
      level: 'error',
      msg: 'failed',
      c: 'x',
      err: 'bad',
      token: '<secret>',
      n: 2,
    });
  });

  it('survives values JSON cannot encode', () => {
    const { lines, log } = collect('json', 'info');
    log.info('big', { n: 10n });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ n: '10' });
  });
});

describe('test loggers', () => {
  it('capture logger records entries from children', () => {
    const log = new CaptureLogger();
    log.child({ a: 1 }).error('oops', { b: 2 });
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ level: 'error', msg: 'oops', fields: { a: 1, b: 2 } });
    expect(log.text()).toContain('level=error msg=oops a=1 b=2');
  });

  it('noop logger returns itself as child', () => {
    expect(noopLogger.child({ a: 1 })).toBe(noopLogger);
  });

  it('fieldText and formatLogfmt agree on secrets', () => {
    expect(fieldText(new Secret('x'))).toBe('<secret>');
    expect(formatLogfmt({ time: new Date(0), level: 'info', msg: 'm', fields: { u: undefined } })).toBe(
      'ts=1970-01-01T00:00:00.000Z level=info msg=m\n',
    );
  });
});
