import { describe, expect, it } from 'vitest';
import type { CliIO } from './io.js';
import { main, usage, version } from './main.js';

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

describe('vigil main', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints the usage on stdout and exits 0', async (flag) => {
    const io = capture();
    expect(await main([flag], io)).toBe(0);
    expect(io.out).toBe(usage());
    expect(io.err).toBe('');
  });

  it('lists every command and the flags of run', () => {
    const text = usage();
    for (const cmd of [
      'run',
      'check config',
      'check rules',
      'routes show',
      'routes test',
      'template render',
    ]) {
      expect(text).toContain(`vigil ${cmd}`);
    }
    for (const flag of [
      '--web.listen-address',
      '--web.external-url',
      '--web.route-prefix',
      '--web.config.file',
      '--storage.path',
      '--datasource.url',
      '--log.level',
      '--log.format',
      '--config.watch',
    ]) {
      expect(text).toContain(flag);
    }
  });

  it('prints the package version', async () => {
    const io = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out).toBe(`vigil version ${version()}\n`);
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [[], ''],
    [['frobnicate'], 'vigil: unknown command "frobnicate"'],
    [['check'], 'vigil: unknown command "check"'],
    [['check', 'everything'], 'vigil: unknown command "check everything"'],
  ])('%j exits 2 with the usage on stderr', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.err).toContain(message);
    expect(io.err).toContain(usage());
    expect(io.out).toBe('');
  });

  it.each([
    [['run', '--help'], 0, 'out', 'Usage: vigil run --config FILE'],
    [['run'], 2, 'err', 'vigil run: at least one --config FILE is required'],
    [['run', '--config', 'x.yml', '--bogus'], 2, 'err', "vigil run: Unknown option '--bogus'"],
    [['run', '--config', 'x.yml', '--log.level', 'loud'], 2, 'err', 'invalid --log.level "loud"'],
  ] as const)('%j exits %i', async (argv, code, stream, text) => {
    const io = capture();
    expect(await main([...argv], io)).toBe(code);
    expect(stream === 'out' ? io.out : io.err).toContain(text);
  });

  it.each([
    ['routes', 'show'],
    ['routes', 'test'],
    ['template', 'render'],
    ['receivers', 'test'],
  ])('dispatches %s %s to its command', async (...words) => {
    const io = capture();
    expect(await main([...words, '--help'], io)).toBe(0);
    expect(io.out).toContain(`vigil ${words[0] ?? ''}`);
  });

  it('dispatches check config to its command', async () => {
    const io = capture();
    expect(await main(['check', 'config', '/nonexistent/vigil.yml'], io)).toBe(1);
    expect(io.out + io.err).toContain('/nonexistent/vigil.yml');
  });
});
