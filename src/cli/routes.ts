// `vigil routes show|test`: amtool's `config routes show|test`, same output and exit codes.
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/load.js';
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import type { Labels } from '../model/labels.js';
import { formatMatchers, parseMatcher } from '../model/matcher.js';
import type { Route } from '../router/dispatch/route.js';
import { buildRouteTree, routeSpecFromConfig } from '../router/dispatch/route.js';
import type { CliIO, Command } from './io.js';

const USAGE = `usage: vigil routes [show] --config FILE
       vigil routes test --config FILE [--tree] [--verify.receivers=R1,R2] [label=value ...]
`;

interface Args {
  sub: 'show' | 'test';
  configs: string[];
  tree: boolean;
  verify: string;
  labels: string[];
}

/** A node of an ASCII tree as github.com/xlab/treeprint draws it. */
interface TreeNode {
  text: string;
  children: TreeNode[];
}

/** Draws `.` and the nodes below it with `├──`/`└──` branches, as treeprint does. */
export function drawTree(nodes: readonly TreeNode[]): string {
  let out = '.\n';
  const walk = (list: readonly TreeNode[], prefix: string): void => {
    list.forEach((n, i) => {
      const last = i === list.length - 1;
      out += `${prefix}${last ? '└── ' : '├── '}${n.text}\n`;
      walk(n.children, prefix + (last ? '    ' : '│\u00a0\u00a0 '));
    });
  };
  walk(nodes, '');
  return out;
}

function slug(r: Route, showContinue: boolean, showReceiver: boolean): string {
  let s = r.matchers.length === 0 ? 'default-route' : formatMatchers(r.matchers);
  if (r.continue && showContinue) s += '  continue: true';
  if (showReceiver) s += `  receiver: ${r.opts.receiver}`;
  return s;
}

function fullTree(r: Route): TreeNode {
  return { text: slug(r, true, true), children: r.routes.map(fullTree) };
}

/** amtool's `getMatchingTree`: the nodes on the way to each match, receivers on the leaves. */
function matchingTree(r: Route, labels: Labels): TreeNode {
  const node: TreeNode = { text: slug(r, false, false), children: [] };
  for (const c of r.routes) {
    if (!c.matchers.every((m) => m.matches(labels[m.name] ?? ''))) continue;
    node.children.push(matchingTree(c, labels));
    if (!c.continue) break;
  }
  if (node.children.length === 0) node.text = slug(r, false, true);
  return node;
}

function parseArgs(argv: readonly string[]): Args | string {
  const a: Args = { sub: 'show', configs: [], tree: false, verify: '', labels: [] };
  let i = 0;
  if (argv[0] === 'show' || argv[0] === 'test') {
    a.sub = argv[0];
    i = 1;
  }
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--')
      ? [arg.split('=')[0] ?? '', arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined]
      : ['', undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--config' || flag === '--config.file') {
      const v = value();
      if (v === undefined) return `expected argument for flag '${flag}'`;
      a.configs.push(v);
    } else if (flag === '--tree') a.tree = true;
    else if (flag === '--verify.receivers') {
      const v = value();
      if (v === undefined) return `expected argument for flag '${flag}'`;
      a.verify = v;
    } else if (flag !== '') return `unknown long flag '${flag}'`;
    else if (a.sub === 'test') a.labels.push(arg);
    else return `unexpected ${arg}`;
  }
  if (a.configs.length === 0) return 'required flag --config not provided';
  return a;
}

function fail(io: CliIO, msg: string): number {
  io.stderr(`vigil: error: ${msg}\n\n`);
  return 1;
}

async function loadTree(args: Args, io: CliIO): Promise<Route | number> {
  for (const f of args.configs) if (!existsSync(f)) return fail(io, `path '${f}' does not exist`);
  const { config, diagnostics } = await loadConfig(args.configs);
  if (hasErrors(diagnostics) || config === undefined) {
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    return 1;
  }
  if (config.route === undefined) return fail(io, 'no route provided in config');
  return buildRouteTree(routeSpecFromConfig(config.route));
}

function parseLabels(list: readonly string[]): Labels | string {
  const out: Record<string, string> = {};
  for (const l of list) {
    try {
      const m = parseMatcher(l);
      if (m.type !== '=') return 'Failed to parse labels: labels must be specified as key=value pairs';
      out[m.name] = m.value;
    } catch (e) {
      return `Failed to parse labels: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return out;
}

/** `vigil routes [show|test] ...`: the arguments after `routes`. */
export const routesCommand: Command = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') return fail(io, args);
  const route = await loadTree(args, io);
  if (typeof route === 'number') return route;
  if (args.sub === 'show') {
    io.stdout(`Routing tree:\n${drawTree([fullTree(route)])}\n`);
    return 0;
  }
  const labels = parseLabels(args.labels);
  if (typeof labels === 'string') return fail(io, labels);
  if (args.tree) io.stdout(`Matching routes:\n${drawTree([matchingTree(route, labels)])}\n\n`);
  const receivers = route
    .match(labels)
    .map((r) => r.opts.receiver)
    .join(',');
  io.stdout(`${receivers}\n`);
  if (args.verify !== '' && args.verify !== receivers) {
    io.stdout('WARNING: Expected receivers did not match resolved receivers.\n');
    return 1;
  }
  return 0;
};

/** `vigil routes show ...` (the arguments after `routes show`). */
export const routesShowCommand: Command = (argv, io) => routesCommand(['show', ...argv], io);

/** `vigil routes test ...` (the arguments after `routes test`). */
export const routesTestCommand: Command = (argv, io) => routesCommand(['test', ...argv], io);
