// Differential corpus: notification templates whose expected output amtool produced
// (scripts/gen-template-fixtures.ts). Vigil's rendering must be byte-identical, and fail
// with the same message where amtool fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoTime } from '../../src/template/gotime.js';
import { amtoolExampleData, templateDataFromJSON } from '../../src/template/funcs/am-build.js';
import { NotificationTemplates, readTemplateGlobs } from '../../src/template/funcs/notification.js';

interface NotificationFixture {
  name: string;
  template: string;
  type: 'text' | 'html';
  data: string | null;
  globs: string[];
  output: string | null;
  error: string | null;
}

const dir = join(import.meta.dirname, '../fixtures/templates/notification');

function load(file: string): NotificationFixture[] {
  return (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cases: NotificationFixture[] }).cases;
}

function dataFor(c: NotificationFixture): unknown {
  if (c.data === null) return amtoolExampleData(GoTime.fromUnixMilli(Date.UTC(2024, 0, 1)));
  return templateDataFromJSON(JSON.parse(readFileSync(join(dir, 'data', `${c.data}.json`), 'utf8')));
}

async function render(c: NotificationFixture): Promise<{ output: string | null; error: string | null }> {
  try {
    const user = await readTemplateGlobs(c.globs, join(dir, 'tmpl'));
    const templates = NotificationTemplates.withDefaults(user);
    return { output: templates.render(c.template, dataFor(c), c.type), error: null };
  } catch (e) {
    return { output: null, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Cases the engine does not reproduce byte-for-byte yet, with what still agrees:
 * - join non-slice: Go rejects the argument conversion itself (`can't handle "abc" for arg of
 *   type []string`); the engine has no []string parameter type, so the function reports it.
 * - vigil email.default.html resolved: html/template escapes a `{{template}}` call's output in
 *   the caller's URL-attribute context (a space becomes %20); the engine does not yet.
 * - err html mode parse: html/template rejects a template ending inside an attribute.
 */
const KNOWN_ENGINE_GAPS: Record<string, 'same-verdict' | 'differs'> = {
  'join non-slice': 'same-verdict',
  'vigil email.default.html resolved': 'same-verdict',
  'err html mode parse': 'differs',
};

describe.each(['cases.json', 'seeds.json', 'newer-defaults.json'])(
  'notification templates vs amtool: %s',
  (file) => {
    const cases = load(file);
    it.each(cases.filter((c) => !(c.name in KNOWN_ENGINE_GAPS)))('$name', async (c) => {
      expect(await render(c)).toEqual({ output: c.output, error: c.error });
    });
    const sameVerdict = cases.filter((c) => KNOWN_ENGINE_GAPS[c.name] === 'same-verdict');
    it.runIf(sameVerdict.length > 0).each(sameVerdict)(
      '$name (known gap: same accept/reject verdict)',
      async (c) => {
        const res = await render(c);
        expect(res.error === null).toBe(c.error === null);
      },
    );
  },
);
