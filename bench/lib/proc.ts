// Process management for the benchmarks: temp dirs, random loopback ports, spawn, readiness
// with a deadline, and stop (SIGTERM, then SIGKILL after a grace period).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A started program: its pid, base URL and a way to stop it and clean its temp dir. */
export interface Service {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Milliseconds from spawn until the readiness URL answered 200. */
  readonly readyMs: number;
  /** The last lines the program wrote to stdout/stderr (for error messages). */
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

/** Options of `startService`. */
export interface StartOptions {
  readonly name: string;
  readonly cmd: string;
  /** Builds the arguments from the chosen port and the service's temp dir. */
  readonly args: (port: number, dir: string) => string[];
  /** Path polled until it answers 200 (default `/-/ready`). */
  readonly readyPath?: string;
  readonly deadlineMs?: number;
  /** An existing dir to use instead of a fresh temp dir (kept on stop). */
  readonly dir?: string;
  readonly port?: number;
}

/** Thrown when a program exits or is not ready in time; carries its last output. */
export class StartError extends Error {}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** Creates a fresh temp dir under the OS temp dir. */
export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `vigil-bench-${prefix}-`));
}

/** Resolves after `ms` milliseconds (used only for polling with a deadline). */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `url` until it answers 200 or the deadline passes; returns false on timeout. */
export async function waitHttpOk(url: string, deadlineMs: number, alive: () => boolean): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  let wait = 5;
  while (Date.now() < end && alive()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await delay(wait);
    wait = Math.min(wait * 2, 20);
  }
  return false;
}

function keepTail(buf: string[], chunk: Buffer): void {
  buf.push(chunk.toString('utf8'));
  while (buf.length > 40) buf.shift();
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}

/** Spawns a program on a random loopback port and waits until it is ready. */
export async function startService(opts: StartOptions): Promise<Service> {
  const port = opts.port ?? (await freePort());
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? (await tempDir(opts.name));
  const tail: string[] = [];
  const started = process.hrtime.bigint();
  const child = spawn(opts.cmd, opts.args(port, dir), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => keepTail(tail, c));
  child.stderr?.on('data', (c: Buffer) => keepTail(tail, c));
  let spawnError: Error | undefined;
  child.on('error', (err) => (spawnError = err));
  const exited = (): boolean => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child, 5000);
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };
  const ok = await waitHttpOk(url + (opts.readyPath ?? '/-/ready'), opts.deadlineMs ?? 60_000, () => !exited());
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (!ok || child.pid === undefined) {
    await stop();
    const why = spawnError?.message ?? (exited() ? `exited with ${child.exitCode ?? child.signalCode}` : 'not ready in time');
    throw new StartError(`${opts.name}: ${why}\n${tail.join('').split('\n').slice(-15).join('\n')}`);
  }
  return {
    name: opts.name,
    pid: child.pid,
    url,
    port,
    dir,
    readyMs,
    output: () => tail.join(''),
    exited,
    stop,
  };
}
