// Measurement of another process from /proc: CPU seconds (utime + stime over the clock tick
// from `getconf CLK_TCK`) and resident memory (VmRSS).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let tick: number | undefined;

/** Clock ticks per second of /proc/PID/stat's utime and stime. */
export function clockTick(): number {
  if (tick === undefined) {
    const out = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim();
    const n = Number(out);
    tick = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return tick;
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3 (state).
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return (utime + stime) / clockTick();
}

/** Resident set size of the process in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m?.[1] !== undefined ? Number(m[1]) * 1024 : NaN;
}

/** Wall seconds since `start` (a `process.hrtime.bigint()` value). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
