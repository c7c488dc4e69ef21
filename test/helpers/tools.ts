// Real reference tools (amtool, prometheus) for end-to-end tests: presence checks that fail in CI
// and skip locally, running a tool to completion, and free loopback ports.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * True when `binary` exists. When it is missing, CI (`CI=true`) fails the suite instead of
 * skipping it; locally the caller skips.
 */
export function haveBinary(binary: string): boolean {
  if (existsSync(binary)) return true;
  if (process.env['CI'] === 'true') throw new Error(`${binary} is required in CI but missing`);
  return false;
}

/** What a finished tool run printed and its exit code. */
export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `binary args` to completion (30s at most). */
export function runTool(binary: string, args: readonly string[]): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(binary, [...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A port that was free on 127.0.0.1 a moment ago (for tools that cannot listen on port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
