// Runs a writer child that prints "ACK <n>" after each acknowledged write, and SIGKILLs it.
import { spawn } from 'node:child_process';

/** Starts `script DIR`, waits for its `wanted`-th acknowledgement, kills it; resolves the last ACK seen. */
export function runAndKill(script: string, dir: string, wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let lastAck = 0;
    let stderr = '';
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no acknowledgement in time; stderr: ${stderr}`));
    }, 25_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/ACK (\d+)\n/g)) lastAck = Math.max(lastAck, Number(m[1]));
      if (lastAck >= wanted && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed; stderr: ${stderr}`));
      else resolve(lastAck);
    });
  });
}
