/**
 * Development tool: the largest kinds of objects in a V8 heap snapshot (`node
 * --heapsnapshot-signal=SIGUSR2`, then `kill -USR2 <pid>`), by total self size.
 *
 * Run: npx tsx bench/dev/heap-summary.ts FILE.heapsnapshot [top]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
  strings: string[];
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: heap-summary.ts FILE [top]');
const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const types = snap.snapshot.meta.node_types[0] as string[];
const width = fields.length;
const iType = fields.indexOf('type');
const iName = fields.indexOf('name');
const iSize = fields.indexOf('self_size');
const by = new Map<string, { count: number; size: number }>();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += width) {
  const type = types[snap.nodes[i + iType] ?? 0] ?? '?';
  const name = type === 'object' || type === 'closure' ? (snap.strings[snap.nodes[i + iName] ?? 0] ?? '?') : '';
  const key = `${type}${name ? `:${name}` : ''}`;
  const size = snap.nodes[i + iSize] ?? 0;
  total += size;
  const e = by.get(key) ?? { count: 0, size: 0 };
  e.count++;
  e.size += size;
  by.set(key, e);
}
const top = [...by].sort((a, b) => b[1].size - a[1].size).slice(0, Number(topArg ?? 40));
process.stdout.write(`total self size ${(total / 2 ** 20).toFixed(1)} MiB\n`);
for (const [k, e] of top) process.stdout.write(`${(e.size / 2 ** 20).toFixed(2).padStart(8)} MiB ${String(e.count).padStart(9)}  ${k.slice(0, 100)}\n`);
