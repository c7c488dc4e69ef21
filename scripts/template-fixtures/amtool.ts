/** Runs notification-template cases through the real `amtool template render`. */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { NotificationCaseInput } from './notification-cases.js';

/** Alertmanager's own default templates as Debian installs them (its amtool does not embed them). */
export const AM_DEFAULT_TEMPLATES = [
  '/usr/share/prometheus/alertmanager/default.tmpl',
  '/usr/share/prometheus/alertmanager/email.tmpl',
];

/** One notification case with amtool's verdict and output. */
export interface NotificationFixture {
  name: string;
  template: string;
  type: 'text' | 'html';
  /** Data file name under data/ without `.json`, or null for amtool's built-in example data. */
  data: string | null;
  globs: string[];
  /** amtool's stdout when it succeeded. */
  output: string | null;
  /** amtool's error text (after `amtool: error: `) when it failed. */
  error: string | null;
}

/** Renders one case with amtool; `fixtureDir` is test/fixtures/templates/notification. */
export function runNotificationCase(
  c: NotificationCaseInput,
  fixtureDir: string,
  defaults: readonly string[] = AM_DEFAULT_TEMPLATES,
): NotificationFixture {
  const type = c.type ?? 'text';
  const globs = c.globs ?? [];
  const args = ['template', 'render'];
  for (const g of defaults) args.push(`--template.glob=${g}`);
  for (const g of globs) args.push(`--template.glob=${join(fixtureDir, 'tmpl', g)}`);
  args.push(`--template.text=${c.template}`, `--template.type=${type}`);
  if (c.data) args.push(`--template.data=${join(fixtureDir, 'data', `${c.data}.json`)}`);
  const res = spawnSync('amtool', args, { encoding: 'utf8' });
  const base = { name: c.name, template: c.template, type, data: c.data ?? null, globs };
  if (res.status === 0) return { ...base, output: res.stdout, error: null };
  const m = /^amtool: error: ([\s\S]*?)\s*$/.exec(res.stderr);
  if (!m) throw new Error(`unexpected amtool failure for ${c.name}: ${res.stderr}`);
  return { ...base, output: null, error: m[1] ?? '' };
}

/** True when amtool is installed. */
export function haveAmtool(): boolean {
  try {
    execFileSync('amtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
