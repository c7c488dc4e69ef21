import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesCommand } from './routes.js';

const CONFIG = `route:
  receiver: default
  group_by: [alertname]
  routes:
  - matchers: ['team="db"']
    receiver: db
    continue: true
    routes:
    - match: {severity: critical}
      receiver: db-pager
  - matchers: ['env=~"dev|test"']
    receiver: devnull
  - matchers: ['team=~"web.*"', 'x!="y"']
    receiver: web
receivers:
- name: default
- name: db
- name: db-pager
- name: devnull
- name: web
`;

// Expected outputs were produced by amtool 0.25 (`amtool config routes ...`) on the same file.
const SHOW = `Routing tree:
.
└── default-route  receiver: default
    ├── {team="db"}  continue: true  receiver: db
    │\u00a0\u00a0 └── {severity="critical"}  receiver: db-pager
    ├── {env=~"dev|test"}  receiver: devnull
    └── {team=~"web.*",x!="y"}  receiver: web

`;

const TREE = `Matching routes:
.
└── default-route
    ├── {team="db"}
    │\u00a0\u00a0 └── {severity="critical"}  receiver: db-pager
    └── {env=~"dev|test"}  receiver: devnull


db-pager,devnull
`;

describe('vigil routes', () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-routes-cli-'));
    file = join(dir, 'am.yml');
    await writeFile(file, CONFIG);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<[number, string, string]> {
    let out = '';
    let err = '';
    const code = await routesCommand(args, {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
    });
    return [code, out, err];
  }

  it.each<[string[], number, string]>([
    [['show'], 0, SHOW],
    [[], 0, SHOW],
    [['test', '--tree', 'team=db', 'severity=critical', 'env=dev'], 0, TREE],
    [['test', 'team=db', 'env=dev'], 0, 'db,devnull\n'],
    [['test', '--verify.receivers=db,devnull', 'team=db', 'env=dev'], 0, 'db,devnull\n'],
    [
      ['test', '--verify.receivers', 'db', 'team=db', 'env=dev'],
      1,
      'db,devnull\nWARNING: Expected receivers did not match resolved receivers.\n',
    ],
    [['test'], 0, 'default\n'],
  ])('%j', async (args, code, out) => {
    const [c, o] = await run([...args, '--config', file]);
    expect([c, o]).toEqual([code, out]);
  });

  it.each<[string[], string]>([
    [
      ['test', 'a!=b'],
      'vigil: error: Failed to parse labels: labels must be specified as key=value pairs\n\n',
    ],
    [['test', 'a'], 'vigil: error: Failed to parse labels: bad matcher format: a\n\n'],
  ])('fails like amtool for %j', async (args, err) => {
    expect(await run([...args, '--config', file])).toEqual([1, '', err]);
  });

  it('fails on a missing file', async () => {
    expect(await run(['show', '--config', join(dir, 'nope.yml')])).toEqual([
      1,
      '',
      `vigil: error: path '${join(dir, 'nope.yml')}' does not exist\n\n`,
    ]);
  });
});
