// The composition root: the real config loader and components plugged into `runVigil`.
import { createConfigLoader, relatedFiles } from './loaded-config.js';
import type { LoadedConfig } from './loaded-config.js';
import { runVigil } from './run.js';
import type { RunOptions } from './run.js';
import type { SignalSource } from './signals.js';

/** Runs Vigil in this process with the given flags; resolves with the exit code. */
export function runVigilProcess(
  opts: RunOptions,
  io: { writeLog: (line: string) => void; signals: SignalSource },
): Promise<number> {
  return runVigil<LoadedConfig>(opts, {
    writeLog: io.writeLog,
    signals: io.signals,
    load: createConfigLoader(opts.datasourceUrl !== undefined ? { datasourceUrl: opts.datasourceUrl } : {}),
    relatedFiles,
    // The ruler and the router join here as components (with their API plugins) in later issues.
    components: () => ({ components: [], apiPlugins: [] }),
  });
}
