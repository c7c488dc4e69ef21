/**
 * Development aid: summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package
 * or source file, the top functions, and inclusive time of chosen functions, optionally only
 * within a time window (ms from the profile start).
 *
 * Run: npx tsx bench/dev/prof-summary.ts FILE.cpuprofile [--from MS] [--to MS] [--top 40]
 */
import { readFileSync } from 'node:fs';
import { intOption, option } from '../lib/args.js';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfNode[];
  readonly startTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

const argv = process.argv.slice(2);
const file = argv[0];
if (file === undefined) throw new Error('usage: prof-summary FILE');
const from = Number(option(argv, 'from') ?? 0);
const to = Number(option(argv, 'to') ?? Infinity);
const top = intOption(option(argv, 'top'), 40);
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function category(url: string, fn: string): string {
  if (url === '') return `(${fn || 'native'})`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] ?? url;
  const d = /\/dist\/(.*)$/.exec(url);
  if (d) return `dist/${d[1]}`;
  if (url.startsWith('node:')) return 'node:internal';
  return url;
}

const self = new Map<string, number>();
const fnSelf = new Map<string, number>();
const inclusive = new Map<string, number>();
let t = 0;
let total = 0;
for (let i = 0; i < prof.samples.length; i++) {
  t += (prof.timeDeltas[i] ?? 0) / 1000;
  if (t < from || t > to) continue;
  const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
  total += dt;
  const node = byId.get(prof.samples[i] ?? -1);
  if (!node) continue;
  const cf = node.callFrame;
  const cat = category(cf.url, cf.functionName);
  self.set(cat, (self.get(cat) ?? 0) + dt);
  const fk = `${cf.functionName || '(anon)'} ${cat}:${cf.lineNumber}`;
  fnSelf.set(fk, (fnSelf.get(fk) ?? 0) + dt);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const c = byId.get(id)?.callFrame;
    if (!c) break;
    const k = `${c.functionName || '(anon)'} ${category(c.url, c.functionName)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
}
const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
process.stdout.write(`profile ${t.toFixed(0)} ms, window ${total.toFixed(0)} ms\n\n== self by category\n`);
for (const [k, v] of sorted(self)) process.stdout.write(`${v.toFixed(1).padStart(8)}  ${k}\n`);
process.stdout.write('\n== self by function\n');
for (const [k, v] of sorted(fnSelf)) process.stdout.write(`${v.toFixed(1).padStart(8)}  ${k}\n`);
process.stdout.write('\n== inclusive\n');
for (const [k, v] of sorted(inclusive)) process.stdout.write(`${v.toFixed(1).padStart(8)}  ${k}\n`);
