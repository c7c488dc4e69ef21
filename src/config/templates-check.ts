// Parses every Go template a configuration holds — the text fields of receivers and the files of
// `templates:` — so `check config` and reload catch template syntax errors before a notification
// fails at 3 a.m. Alertmanager only finds these when it sends; Vigil reports them at load.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { checkNotificationText, NotificationTemplates } from '../template/funcs/notification.js';
import { TemplateParseError } from '../template/errors.js';
import type { BuildContext } from './context.js';
import { asList, asMap } from './context.js';
import type { JsonPath } from './yaml.js';

/** Checks every string containing `{{` in a receiver's integration configs, at its position. */
function checkValue(ctx: BuildContext, v: unknown, path: JsonPath): void {
  if (typeof v === 'string') {
    if (!v.includes('{{')) return;
    const err = checkNotificationText(v);
    if (err) ctx.error(path, `invalid template: ${err.message}`, 'config.bad_template');
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => checkValue(ctx, x, [...path, i]));
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) checkValue(ctx, x, [...path, k]);
  }
}

/** Parses the templated fields of every receiver in the raw (schema-checked) configuration. */
export function checkReceiverTemplates(ctx: BuildContext, rawReceivers: unknown): void {
  asList(rawReceivers).forEach((receiver, i) => {
    for (const [key, configs] of Object.entries(asMap(receiver))) {
      if (key.endsWith('_configs')) checkValue(ctx, configs, ['receivers', i, key]);
    }
  });
}

/**
 * Parses the `templates:` files on top of Vigil's defaults, as the router will; returns one
 * diagnostic per file that does not parse, with the line and column inside that file.
 */
export async function checkTemplateFiles(files: readonly string[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
      new NotificationTemplates([{ name: basename(file), text }]);
    } catch (e) {
      if (!(e instanceof TemplateParseError)) {
        out.push({ severity: 'error', file, message: String(e), code: 'config.bad_template' });
        continue;
      }
      out.push({
        severity: 'error',
        file,
        position: { line: e.line, column: e.column },
        message: `invalid template: ${e.message}`,
        code: 'config.bad_template',
      });
    }
  }
  return out;
}
