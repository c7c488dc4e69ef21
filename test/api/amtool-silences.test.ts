// The real amtool (Debian 0.25) against our silence endpoints on a local fastify server.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silencesApi } from '../../src/api/v2/silences.js';
import { systemClock } from '../../src/model/clock.js';
import { Silences } from '../../src/router/silence/silences.js';
import { openStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/store.js';

const AMTOOL = '/usr/bin/amtool';
const present = existsSync(AMTOOL);
if (!present && process.env['CI'] === 'true') throw new Error(`${AMTOOL} is required in CI`);
const run = promisify(execFile);

interface QueriedSilence {
  id: string;
  status: { state: string };
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
  comment: string;
  createdBy: string;
}

describe.runIf(present)('amtool silence commands against Vigil', () => {
  let app: FastifyInstance;
  let url: string;
  let dir: string;
  let store: Store;
  let silences: Silences;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-amtool-'));
    store = openStore(dir);
    silences = new Silences({ clock: systemClock, table: store.silences });
    app = fastify();
    await app.register(silencesApi({ silences, clock: systemClock }));
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    url = address;
  });
  afterAll(async () => {
    await app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function amtool(...args: string[]): Promise<string> {
    const { stdout } = await run(AMTOOL, [`--alertmanager.url=${url}`, ...args], { timeout: 15_000 });
    return stdout;
  }

  async function query(...args: string[]): Promise<QueriedSilence[]> {
    return JSON.parse(await amtool('silence', 'query', '-o', 'json', ...args)) as QueriedSilence[];
  }

  it('adds, queries, expires and imports silences', async () => {
    const id = (
      await amtool(
        'silence',
        'add',
        'alertname=Down',
        'env=~"prod|stage"',
        '-c',
        'deploy',
        '-a',
        'alice',
        '-d',
        '1h',
      )
    ).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await query();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      id,
      status: { state: 'active' },
      comment: 'deploy',
      createdBy: 'alice',
    });
    expect(listed[0]?.matchers).toEqual([
      { name: 'alertname', value: 'Down', isRegex: false, isEqual: true },
      { name: 'env', value: 'prod|stage', isRegex: true, isEqual: true },
    ]);
    expect((await amtool('silence', 'query', '-q', 'alertname=Down')).trim()).toBe(id);
    expect((await amtool('silence', 'query', '-q', 'alertname=Up')).trim()).toBe('');

    await amtool('silence', 'expire', id);
    expect(await query()).toEqual([]);
    const expired = await query('--expired');
    expect(expired.map((s) => [s.id, s.status.state])).toEqual([[id, 'expired']]);

    const file = join(dir, 'import.json');
    writeFileSync(
      file,
      JSON.stringify(expired.map((s) => ({ ...s, endsAt: new Date(Date.now() + 3600_000).toISOString() }))),
    );
    const imported = (await amtool('silence', 'import', file)).trim();
    expect(imported).toMatch(/^[0-9a-f-]{36}$/);
    expect(imported).not.toBe(id);
    const after = await query();
    expect(after.map((s) => s.id)).toEqual([imported]);
    expect(silences.size).toBe(2);
  });

  it('reports a refused silence', async () => {
    await expect(amtool('silence', 'add', 'a=~".*"', '-c', 'x', '-a', 'y')).rejects.toThrow(
      /at least one matcher must not match the empty string/,
    );
  });
});
