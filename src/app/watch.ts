// `--config.watch`: reload when a config file changes on disk.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../model/logger.js';

/** How long to wait after the last change before reloading, so an editor's save is one reload. */
const SETTLE_MS = 250;

/**
 * Watches the directories of `files` (editors often replace a file rather than write it, which a
 * watch on the file itself would miss) and calls `onChange` once changes settle. Returns a stop function.
 */
export function watchFiles(files: readonly string[], onChange: () => void, logger: Logger): () => void {
  const names = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = dirname(f);
    const set = names.get(dir) ?? new Set<string>();
    set.add(basename(f));
    names.set(dir, set);
  }
  let timer: NodeJS.Timeout | undefined;
  const trigger = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      logger.info('Configuration file changed, reloading');
      onChange();
    }, SETTLE_MS);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, set] of names) {
    try {
      const w = watch(dir, (_event, name) => {
        if (name === null || set.has(name.toString())) trigger();
      });
      w.on('error', (err) => logger.warn('Config watch failed', { dir, err }));
      watchers.push(w);
    } catch (err) {
      logger.warn('Cannot watch config directory', { dir, err });
    }
  }
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
