/**
 * The notification templates receivers render with: Vigil's defaults (templates/default.tmpl)
 * and the user's template files on top, in text and HTML mode, executing Alertmanager-style
 * field strings (`{{ template "slack.default.title" . }}`) against notification data.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { TemplateSet, parseOnly } from '../engine.js';
import type { TemplateParseError } from '../errors.js';
import { alertmanagerFuncs } from './alertmanager.js';
import type { AlertmanagerFuncOptions } from './alertmanager.js';

/** Where Vigil's own default templates live (the repository's templates/ folder). */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** The default Go template files, parsed before the user's files. */
export const DEFAULT_TEMPLATE_FILES = ['default.tmpl', 'email.tmpl'];

/** A template file's name (as Go reports it in errors) and its text. */
export interface TemplateSource {
  name: string;
  text: string;
}

/** Output mode: Go text/template, or html/template's contextual escaping. */
export type RenderMode = 'text' | 'html';

const CACHE_LIMIT = 256;

/** Parsed notification templates, ready to render field strings for any notification. */
export class NotificationTemplates {
  private readonly sets: Record<RenderMode, TemplateSet>;
  private readonly cache = new Map<string, TemplateSet>();

  /** Parses the sources in order (defaults first); throws the engine's parse error. */
  constructor(sources: readonly TemplateSource[], opts: AlertmanagerFuncOptions = {}) {
    const funcs = alertmanagerFuncs(opts);
    this.sets = {
      text: new TemplateSet({ funcs, missingKey: 'zero', mode: 'text' }),
      html: new TemplateSet({ funcs, missingKey: 'zero', mode: 'html' }),
    };
    for (const s of sources) {
      this.sets.text.parse(s.name, s.text);
      this.sets.html.parse(s.name, s.text);
    }
  }

  /** Vigil's default templates plus the given user files, read synchronously. */
  static withDefaults(
    user: readonly TemplateSource[] = [],
    opts: AlertmanagerFuncOptions = {},
  ): NotificationTemplates {
    return new NotificationTemplates([...defaultTemplateSources(), ...user], opts);
  }

  /**
   * Loads the defaults and the files matching the config's `templates:` globs (relative to
   * `baseDir`), each glob's matches in sorted order; a glob matching nothing is skipped.
   */
  static async load(
    globs: readonly string[],
    baseDir: string,
    opts: AlertmanagerFuncOptions = {},
  ): Promise<NotificationTemplates> {
    return NotificationTemplates.withDefaults(await readTemplateGlobs(globs, baseDir), opts);
  }

  /** True when a template of that name is defined. */
  has(name: string): boolean {
    return this.sets.text.has(name);
  }

  /** Executes a field string, as Alertmanager's ExecuteTextString/ExecuteHTMLString do. */
  render(text: string, data: unknown, mode: RenderMode = 'text'): string {
    if (text === '') return '';
    const key = `${mode}\u0000${text}`;
    let set = this.cache.get(key);
    if (!set) {
      set = this.sets[mode].clone();
      set.parse('', text);
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value ?? '');
      this.cache.set(key, set);
    }
    return set.execute('', data);
  }

  /** Executes a named template (`slack.default.title`) with the data as its dot. */
  renderNamed(name: string, data: unknown, mode: RenderMode = 'text'): string {
    return this.sets[mode].execute(name, data);
  }
}

/** Names of Alertmanager's template functions, for parse-only checks. */
export const ALERTMANAGER_FUNC_NAMES: readonly string[] = Object.keys(alertmanagerFuncs());

/**
 * Parses a receiver field string without executing it, as `check config` needs; returns the
 * engine's parse error (message in Go's words, with line and column) or undefined.
 */
export function checkNotificationText(text: string): TemplateParseError | undefined {
  return parseOnly(text, ALERTMANAGER_FUNC_NAMES);
}

/** Reads Vigil's default template files. */
export function defaultTemplateSources(dir: string = DEFAULT_TEMPLATES_DIR): TemplateSource[] {
  const out: TemplateSource[] = [];
  for (const name of DEFAULT_TEMPLATE_FILES) {
    try {
      out.push({ name, text: readFileSync(resolve(dir, name), 'utf8') });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return out;
}

/** Reads the files matching each glob (Go's filepath.Glob order: sorted per glob). */
export async function readTemplateGlobs(
  globs: readonly string[],
  baseDir: string,
): Promise<TemplateSource[]> {
  const out: TemplateSource[] = [];
  for (const g of globs) {
    const pattern = isAbsolute(g) ? g : resolve(baseDir, g);
    const files = (await glob(pattern, { absolute: true, onlyFiles: true, expandDirectories: false })).sort();
    for (const f of files) out.push({ name: basename(f), text: await readFile(f, 'utf8') });
  }
  return out;
}
