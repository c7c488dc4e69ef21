// Turns process signals into app actions: SIGHUP reloads, SIGTERM/SIGINT stop.

/** The part of `process` that delivers signals; tests pass an EventEmitter. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** What signals act on. */
export interface SignalTarget {
  reload(): Promise<unknown>;
}

/** A running signal subscription. */
export interface ShutdownWait {
  /** Resolves with the first SIGTERM or SIGINT received. */
  readonly signal: Promise<NodeJS.Signals>;
  /** Removes the listeners (also done when a shutdown signal arrives). */
  cancel(): void;
}

/**
 * Reloads on every SIGHUP and waits for the first SIGTERM or SIGINT; the caller then stops the
 * app. Listeners are removed when the shutdown signal arrives or on `cancel()`.
 */
export function untilShutdownSignal(source: SignalSource, target: SignalTarget): ShutdownWait {
  const handlers: Array<[NodeJS.Signals, () => void]> = [];
  const cancel = (): void => {
    for (const [s, h] of handlers.splice(0)) source.off(s, h);
  };
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    // Reload failures are logged and counted by the reloader; nothing more to do here.
    handlers.push(['SIGHUP', () => void target.reload()]);
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      handlers.push([
        sig,
        () => {
          cancel();
          resolve(sig);
        },
      ]);
    }
    for (const [s, h] of handlers) source.on(s, h);
  });
  return { signal, cancel };
}
