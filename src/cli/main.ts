// The `vigil` executable: picks the subcommand and passes it the remaining arguments.
import { readFileSync } from 'node:fs';
import { processIO } from './io.js';
import type { CliIO, Command } from './io.js';
import { RUN_FLAGS } from './run-flags.js';

/** One subcommand: the words that name it, a one-line summary, and its implementation. */
interface Entry {
  readonly words: readonly string[];
  readonly usage: string;
  readonly summary: string;
  readonly run: Command;
}

/**
 * A command whose module is loaded only when it runs: each pulls in its own dependencies (the
 * server, the notifiers, the template engine), and start-up pays only for the one it runs.
 */
function lazy<K extends string>(load: () => Promise<Record<K, Command>>, name: K): Command {
  return async (args, io) => (await load())[name](args, io);
}

const COMMANDS: readonly Entry[] = [
  {
    words: ['run'],
    usage: 'run --config FILE [--config FILE ...] [flags]',
    summary: 'Run the rule engine and the router (see `vigil run --help`).',
    run: lazy(() => import('./run.js'), 'runCommand'),
  },
  {
    words: ['check', 'config'],
    usage: 'check config FILE...',
    summary: 'Validate configuration files (loaded together, like `vigil run`).',
    run: lazy(() => import('./check-config.js'), 'checkConfigCommand'),
  },
  {
    words: ['check', 'rules'],
    usage: 'check rules FILE...',
    summary: 'Validate Prometheus rule files and PrometheusRule manifests.',
    run: lazy(() => import('./check-rules.js'), 'checkRulesCommand'),
  },
  {
    words: ['routes', 'show'],
    usage: 'routes show --config FILE',
    summary: 'Print the routing tree.',
    run: lazy(() => import('./routes.js'), 'routesShowCommand'),
  },
  {
    words: ['routes', 'test'],
    usage: 'routes test --config FILE [label=value ...]',
    summary: 'Print the receivers an alert with these labels is routed to.',
    run: lazy(() => import('./routes.js'), 'routesTestCommand'),
  },
  {
    words: ['receivers', 'test'],
    usage: 'receivers test --config FILE [--external-url URL] [--timeout S] NAME',
    summary: 'Send a sample notification through every integration of a receiver.',
    run: lazy(() => import('./receivers-test.js'), 'receiversTestCommand'),
  },
  {
    words: ['template', 'render'],
    usage: 'template render --template.glob GLOB --template.text TEXT [flags]',
    summary: 'Render a notification template (like `amtool template render`).',
    run: lazy(() => import('./template-render.js'), 'templateRenderCommand'),
  },
];

/** The top-level help text listing every command and `run`'s flags. */
export function usage(): string {
  const lines = COMMANDS.flatMap((c) => [`  vigil ${c.usage}`, `      ${c.summary}`]);
  return [
    'Vigil: an alerting rule engine and Alertmanager-compatible notification router.',
    '',
    'Commands:',
    ...lines,
    '  vigil --help',
    '      Show this help.',
    '  vigil --version',
    '      Print the version.',
    '',
    'Flags of `vigil run`:',
    RUN_FLAGS,
  ].join('\n');
}

/** The version from package.json (two levels up from both `src/cli` and `dist/cli`). */
export function version(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    if (pkg && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string')
      return pkg.version;
  } catch {
    // Fall through: a missing package.json only affects this line of output.
  }
  return 'unknown';
}

function find(argv: readonly string[]): Entry | undefined {
  return COMMANDS.find((c) => c.words.every((w, i) => argv[i] === w));
}

/** Runs the CLI with the arguments after the program name; resolves with the exit code. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const first = argv[0];
  if (first === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(usage());
    return 0;
  }
  if (first === '--version' || first === 'version') {
    io.stdout(`vigil version ${version()}\n`);
    return 0;
  }
  const entry = find(argv);
  if (!entry) {
    const group = COMMANDS.filter((c) => c.words[0] === first);
    const what = group.length > 0 ? `${first} ${argv[1] ?? ''}`.trim() : first;
    io.stderr(`vigil: unknown command ${JSON.stringify(what)}\n\n${usage()}`);
    return 2;
  }
  return entry.run(argv.slice(entry.words.length), io);
}
