import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { untilShutdownSignal } from './signals.js';

function setup() {
  const source = new EventEmitter();
  let reloads = 0;
  const wait = untilShutdownSignal(source, {
    reload: async () => {
      reloads++;
    },
  });
  return { source, wait, reloads: () => reloads };
}

describe('untilShutdownSignal', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('resolves on %s and removes its listeners', async (sig) => {
    const { source, wait } = setup();
    source.emit(sig);
    expect(await wait.signal).toBe(sig);
    expect(source.eventNames()).toEqual([]);
  });

  it('reloads on every SIGHUP without resolving', async () => {
    const { source, wait, reloads } = setup();
    source.emit('SIGHUP');
    source.emit('SIGHUP');
    expect(reloads()).toBe(2);
    source.emit('SIGTERM');
    expect(await wait.signal).toBe('SIGTERM');
    source.emit('SIGHUP');
    expect(reloads()).toBe(2);
  });

  it('cancel removes the listeners', () => {
    const { source, wait } = setup();
    wait.cancel();
    expect(source.eventNames()).toEqual([]);
  });
});
