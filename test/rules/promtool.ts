// Runs the real `promtool check rules` so tests compare Vigil's verdicts with Prometheus' own.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The promtool binary, or undefined when it is not installed (CI must fail then, not skip). */
export function findPromtool(): string | undefined {
  const candidates = [process.env.PROMTOOL, '/usr/bin/promtool', '/usr/local/bin/promtool'];
  const found = candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
  if (!found && process.env.CI === 'true') throw new Error('promtool is required in CI (install the prometheus package)');
  return found;
}

/** promtool's verdict on one file: exit code, output, and the first line number it names. */
export interface PromtoolResult {
  readonly code: number;
  readonly output: string;
  readonly line: number | undefined;
}

/** Runs `promtool check rules FILE` and extracts the first position it prints (0:0 means none). */
export function promtoolCheckRules(promtool: string, file: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    execFile(promtool, ['check', 'rules', file], { timeout: 20_000 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (err && typeof err.code !== 'number') {
        reject(err);
        return;
      }
      const code = err ? Number(err.code) : 0;
      resolve({ code, output, line: firstLine(output) });
    });
  });
}

function firstLine(output: string): number | undefined {
  for (const text of output.split('\n')) {
    const m = /: (\d+):(\d+): /.exec(text) ?? /\bline (\d+):/.exec(text);
    const n = m ? Number(m[1]) : 0;
    if (n > 0) return n;
  }
  return undefined;
}

/**
 * promtool reads groups files, not manifests: writes the manifest's `spec` as a groups file
 * whose lines keep their numbers (everything outside `spec` blanked, `spec` dedented).
 */
export async function manifestSpecAsGroupsFile(manifestText: string): Promise<string> {
  const lines = manifestText.split('\n');
  const specAt = lines.findIndex((l) => /^spec:\s*$/.test(l));
  if (specAt < 0) throw new Error('manifest has no top-level spec');
  let end = lines.length;
  for (let i = specAt + 1; i < lines.length; i++) {
    if (/^\S/.test(lines[i] ?? '')) {
      end = i;
      break;
    }
  }
  const body = lines.slice(specAt + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0));
  const out = lines.map((l, i) => (i > specAt && i < end ? l.slice(indent) : ''));
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-spec-'));
  const file = path.join(dir, 'spec.yml');
  await writeFile(file, out.join('\n'));
  return file;
}
