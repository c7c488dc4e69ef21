// The composition root: the real config loader and components plugged into `runVigil`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import { createConfigLoader, relatedFiles } from './loaded-config.js';
import type { LoadedConfig } from './loaded-config.js';
import type { Component } from './reloader.js';
import { RouterComponent } from './router-component.js';
import { RulerComponent } from './ruler-component.js';
import { runVigil } from './run.js';
import type { RunContext, RunOptions } from './run.js';
import { SharedStore } from './shared-store.js';
import type { SignalSource } from './signals.js';

/** The version from package.json (two levels up from both `src/app` and `dist/app`). */
export function packageVersion(): string {
  try {
    const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string')
      return pkg.version;
  } catch {
    // Fall through: an unknown version is not a reason to fail.
  }
  return 'unknown';
}

/** Holds the shared store in the component list so it closes after the ruler and router stop. */
function storeComponent(store: SharedStore): Component<LoadedConfig> {
  return {
    name: 'store',
    applyConfig: async () => {},
    start: async () => {},
    stop: async () => store.close(),
  };
}

/** Builds the store, the router and the ruler (which feeds the router in process), with their APIs. */
export function buildComponents(ctx: RunContext): {
  components: Component<LoadedConfig>[];
  apiPlugins: FastifyPluginAsync[];
} {
  const store = new SharedStore(ctx.storagePath);
  const version = packageVersion();
  const common = { logger: ctx.logger, externalUrl: ctx.externalUrl, store, registry: ctx.registry };
  const router = new RouterComponent({ ...common, version });
  const ruler = new RulerComponent({ ...common, router });
  return {
    components: [storeComponent(store), router, ruler],
    apiPlugins: [...router.apiPlugins(), ...ruler.apiPlugins()],
  };
}

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
    components: buildComponents,
  });
}
