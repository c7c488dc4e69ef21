import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureLogger } from '../model/logger.js';
import { watchFiles } from './watch.js';

let cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** Resolves on the next call of the returned callback, or rejects after `ms`. */
function nextCall(ms = 5000): { callback: () => void; called: () => Promise<void>; count: () => number } {
  let n = 0;
  let wake: (() => void) | undefined;
  return {
    callback: () => {
      n++;
      wake?.();
    },
    count: () => n,
    called: () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no change seen')), ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }),
  };
}

describe('watchFiles', () => {
  it.each([
    ['written in place', async (file: string) => writeFile(file, 'b: 2\n')],
    [
      'replaced by rename',
      async (file: string) => {
        await writeFile(`${file}.tmp`, 'c: 3\n');
        await rename(`${file}.tmp`, file);
      },
    ],
  ])('reports a config file %s once', async (_name, change) => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-watch-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'vigil.yml');
    await writeFile(file, 'a: 1\n');
    const calls = nextCall();
    const logger = new CaptureLogger();
    const stop = watchFiles([file], calls.callback, logger);
    cleanup.push(stop);
    const seen = calls.called();
    await change(file);
    await seen;
    expect(calls.count()).toBe(1);
    expect(logger.text()).toContain('Configuration file changed, reloading');
  });
});
