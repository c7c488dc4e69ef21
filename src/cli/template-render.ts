// `vigil template render`: amtool's `template render` with the same flags and output, plus
// `--config FILE` to load the config's `templates:` files.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { GoTime } from '../template/gotime.js';
import { amtoolExampleData, templateDataFromJSON } from '../template/funcs/am-build.js';
import { NotificationTemplates, readTemplateGlobs } from '../template/funcs/notification.js';
import type { TemplateSource } from '../template/funcs/notification.js';
import type { Command } from './io.js';

/** Parsed flags of `template render`. */
export interface TemplateRenderFlags {
  globs: string[];
  text: string | undefined;
  type: 'text' | 'html';
  dataFile: string | undefined;
  configFiles: string[];
}

const USAGE = `usage: vigil template render --template.text=TEXT [--template.glob=GLOB ...] [--template.type=text|html] [--template.data=FILE] [--config=FILE]

Render a template text with Vigil's default templates, the --template.glob files and the
config's templates: files loaded, like \`amtool template render\`. Without --template.data,
amtool's built-in example data is used.
`;

const VALUE_FLAGS = ['template.glob', 'template.text', 'template.type', 'template.data', 'config'] as const;

/** Reads kingpin-style flags (`--flag=value` or `--flag value`); returns an error text on misuse. */
export function parseTemplateRenderFlags(args: readonly string[]): TemplateRenderFlags | string {
  const flags: TemplateRenderFlags = {
    globs: [],
    text: undefined,
    type: 'text',
    dataFile: undefined,
    configFiles: [],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const m = /^--([\w.]+)(?:=([\s\S]*))?$/.exec(arg);
    const name = m?.[1] ?? '';
    if (!m || !(VALUE_FLAGS as readonly string[]).includes(name)) return `unknown long flag '${arg}'`;
    let value = m[2];
    if (value === undefined) {
      value = args[i + 1];
      i += 1;
      if (value === undefined) return `expected argument for flag '--${name}'`;
    }
    if (name === 'template.glob') flags.globs.push(value);
    else if (name === 'template.text') flags.text = value;
    else if (name === 'template.data') flags.dataFile = value;
    else if (name === 'config') flags.configFiles.push(value);
    else if (value === 'text' || value === 'html') flags.type = value;
    else return `enum value must be one of html,text, got '${value}'`;
  }
  if (flags.text === undefined) return 'required flag --template.text not provided';
  return flags;
}

/** The `templates:` globs of a config file, resolved against its directory. */
async function configTemplates(file: string): Promise<TemplateSource[]> {
  const doc: unknown = parse(await readFile(file, 'utf8'));
  const list =
    typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).templates : undefined;
  const globs = Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : [];
  return readTemplateGlobs(globs, dirname(file));
}

async function loadData(file: string | undefined): Promise<unknown> {
  if (file === undefined) return amtoolExampleData(GoTime.fromUnixMilli(Date.now()));
  return templateDataFromJSON(JSON.parse(await readFile(file, 'utf8')) as unknown);
}

/** Renders with the flags; returns the output or throws the template error. */
export async function renderWithFlags(flags: TemplateRenderFlags): Promise<string> {
  const user: TemplateSource[] = [];
  for (const c of flags.configFiles) user.push(...(await configTemplates(c)));
  user.push(...(await readTemplateGlobs(flags.globs, process.cwd())));
  const templates = NotificationTemplates.withDefaults(user);
  return templates.render(flags.text ?? '', await loadData(flags.dataFile), flags.type);
}

/** `vigil template render`: prints the rendered text without a trailing newline, like amtool. */
export const templateRenderCommand: Command = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const flags = parseTemplateRenderFlags(args);
  if (typeof flags === 'string') {
    io.stderr(`vigil: error: ${flags}\n\n${USAGE}`);
    return 1;
  }
  try {
    io.stdout(await renderWithFlags(flags));
    return 0;
  } catch (e) {
    io.stderr(`vigil: error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
};
