// Runs the real `amtool check-config` and `promtool check config` so tests compare Vigil's
// verdicts with Alertmanager's and Prometheus' own.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A reference tool's binary, or undefined when it is not installed (in CI that is an error, not a skip). */
function findTool(name: string, envVar: string, pkg: string): string | undefined {
  const candidates = [process.env[envVar], `/usr/bin/${name}`, `/usr/local/bin/${name}`];
  const found = candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
  if (!found && process.env.CI === 'true')
    throw new Error(`${name} is required in CI (install the ${pkg} package)`);
  return found;
}

/** The amtool binary (package prometheus-alertmanager). */
export function findAmtool(): string | undefined {
  return findTool('amtool', 'AMTOOL', 'prometheus-alertmanager');
}

/** The promtool binary (package prometheus). */
export function findPromtool(): string | undefined {
  return findTool('promtool', 'PROMTOOL', 'prometheus');
}

/** Runs a tool; resolves with its exit code and combined output. */
function run(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: 20_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(err);
        return;
      }
      resolve({ code: err ? Number(err.code) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** `amtool check-config FILE`. */
export function amtoolCheckConfig(amtool: string, file: string): Promise<{ code: number; output: string }> {
  return run(amtool, ['check-config', file]);
}

/** `promtool check config --syntax-only FILE` (rule files are not opened). */
export function promtoolCheckConfig(
  promtool: string,
  file: string,
): Promise<{ code: number; output: string }> {
  return run(promtool, ['check', 'config', '--syntax-only', file]);
}
