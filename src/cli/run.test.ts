import { describe, expect, it } from 'vitest';
import { parseRunArgs } from './run.js';

describe('parseRunArgs', () => {
  it('applies the SPEC defaults', () => {
    expect(parseRunArgs(['--config', 'a.yml'])).toEqual({
      configFiles: ['a.yml'],
      listenAddress: '0.0.0.0:9097',
      storagePath: 'data/',
      logLevel: 'info',
      logFormat: 'logfmt',
      configWatch: false,
    });
  });

  it('reads every flag, repeatable --config and the --flag=value form', () => {
    expect(
      parseRunArgs([
        '--config',
        'prometheus.yml',
        '--config=alertmanager.yml',
        '--web.listen-address',
        '127.0.0.1:1234',
        '--web.external-url',
        'https://vigil.example/v/',
        '--web.route-prefix',
        '/v',
        '--web.config.file',
        'web.yml',
        '--storage.path',
        '/var/lib/vigil',
        '--datasource.url',
        'http://127.0.0.1:9090',
        '--log.level',
        'debug',
        '--log.format',
        'json',
        '--config.watch',
      ]),
    ).toEqual({
      configFiles: ['prometheus.yml', 'alertmanager.yml'],
      listenAddress: '127.0.0.1:1234',
      externalUrl: 'https://vigil.example/v/',
      routePrefix: '/v',
      webConfigFile: 'web.yml',
      storagePath: '/var/lib/vigil',
      datasourceUrl: 'http://127.0.0.1:9090',
      logLevel: 'debug',
      logFormat: 'json',
      configWatch: true,
    });
  });

  it.each([
    [[], 'at least one --config FILE is required'],
    [['--config', 'a', '--log.format', 'xml'], 'invalid --log.format "xml": want one of logfmt, json'],
    [
      ['--config', 'a', '--log.level', 'trace'],
      'invalid --log.level "trace": want one of debug, info, warn, error',
    ],
    [['--config', 'a', 'extra'], "Unexpected argument 'extra'"],
    [['--config'], "Option '--config <value>' argument missing"],
  ])('%j is an error', (args, message) => {
    const r = parseRunArgs(args);
    expect(typeof r === 'object' && 'error' in r && r.error).toContain(message);
  });

  it('recognizes --help', () => {
    expect(parseRunArgs(['-h'])).toBe('help');
  });
});
