// Runs the built CLI (`node bin/vigil.js ...`) as a child process for integration tests: picks
// a free port by listening on port 0 and reading the bound address from the log, and waits for
// events with deadlines instead of sleeping.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above this file). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Throws a clear message when the CLI has not been built, since these tests run `dist/`. */
export function assertBuilt(): void {
  const main = join(REPO_ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run \`npm run build\` first (\`npm test\` does it for you)`);
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${why}`);
}

/** A running `vigil` child process. */
export class VigilProcess {
  /** Everything the process wrote to stderr (its log) and stdout so far. */
  log = '';
  private exit: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.log += d));
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (this.log += d));
    this.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** How often `text` occurs in the log so far. */
  count(text: string): number {
    return this.log.split(text).length - 1;
  }

  /** Waits until `text` has appeared at least `times` times in the log. */
  async waitForLog(text: string, times = 1, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `${JSON.stringify(text)} x${times} in the log:\n${this.log}`,
      () => (this.count(text) >= times ? true : undefined),
      timeoutMs,
    );
  }

  /** The port from the `Listening` log line (logfmt or JSON). */
  async port(): Promise<number> {
    return waitFor('the listen address in the log', () => {
      const m =
        /msg=Listening address=\S*:(\d+)/.exec(this.log) ??
        /"msg":"Listening","address":"[^"]*:(\d+)"/.exec(this.log);
      return m?.[1] ? Number(m[1]) : undefined;
    });
  }

  /** The base URL (with `prefix`) once the process listens. */
  async url(path: string, prefix = ''): Promise<string> {
    return `http://127.0.0.1:${await this.port()}${prefix}${path}`;
  }

  /** Waits until `/-/ready` answers 200. */
  async ready(prefix = ''): Promise<void> {
    const url = await this.url('/-/ready', prefix);
    await waitFor(`${url} to answer 200; log:\n${this.log}`, async () =>
      (await fetch(url)).status === 200 ? true : undefined,
    );
  }

  /** Sends a signal to the process. */
  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  /** Resolves with the exit code once the process has exited. */
  exited(timeoutMs = 30_000): Promise<number | null> {
    return Promise.race([
      this.exit,
      new Promise<never>((_r, reject) =>
        setTimeout(
          () => reject(new Error(`vigil did not exit within ${timeoutMs}ms; log:\n${this.log}`)),
          timeoutMs,
        ).unref(),
      ),
    ]);
  }

  /** Stops the process with SIGTERM (SIGKILL if it does not exit in time) and returns its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.signal('SIGTERM');
    try {
      return await this.exited();
    } catch (err) {
      this.signal('SIGKILL');
      throw err;
    }
  }
}

/** Starts `node bin/vigil.js ...args` from the repository root. */
export function spawnVigil(args: readonly string[]): VigilProcess {
  assertBuilt();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'vigil.js'), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new VigilProcess(child);
}

/** Reads the value of an unlabelled metric from a `/metrics` body. */
export function metricValue(body: string, name: string): number | undefined {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(body);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
