// Differential routing test: `vigil routes test` and the real `amtool config routes test` must
// name the same receivers (and exit the same way) for a corpus of label sets over several trees.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { routesCommand } from '../../src/cli/routes.js';

const AMTOOL = '/usr/bin/amtool';
const SEEDS = '/work/shared/examples/seeds';
const run = promisify(execFile);

function amtoolAvailable(): boolean {
  const ok = existsSync(AMTOOL);
  if (!ok && process.env['CI'] === 'true') throw new Error(`${AMTOOL} is required in CI`);
  return ok;
}

type Tree = {
  receiver?: string;
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  routes?: Tree[];
};

/** Keeps only the route of a config and declares every receiver it names, empty. */
function routingOnly(text: string): string {
  const doc = parse(text) as { route: Tree };
  const names = new Set<string>();
  const walk = (r: Tree): void => {
    if (r.receiver !== undefined) names.add(r.receiver);
    (r.routes ?? []).forEach(walk);
  };
  walk(doc.route);
  return stringify({ route: doc.route, receivers: [...names].map((name) => ({ name })) });
}

/** Candidate label values found in a tree's matchers: literal values and regex alternatives. */
function candidates(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (name: string, raw: string): void => {
    const set = out.get(name) ?? new Set(['other']);
    for (const w of raw.match(/[A-Za-z0-9_.:-]+/g) ?? []) set.add(w.replace(/\.\*$|\.\+$/, ''));
    set.add(raw);
    out.set(name, set);
  };
  const walk = (r: Tree): void => {
    for (const [k, v] of Object.entries({ ...r.match, ...r.match_re })) add(k, String(v));
    for (const m of r.matchers ?? []) {
      const mm = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/.exec(m);
      if (mm?.[1] !== undefined) add(mm[1], mm[3] ?? '');
    }
    (r.routes ?? []).forEach(walk);
  };
  walk((parse(text) as { route: Tree }).route);
  return out;
}

/** A deterministic pseudo-random generator (mulberry32), so the corpus is the same every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function labelSets(cands: Map<string, Set<string>>, n: number, seed: number): string[][] {
  const r = rng(seed);
  const sets: string[][] = [];
  for (let i = 0; i < n; i++) {
    const ls: string[] = [];
    for (const [name, values] of cands) {
      if (r() < 0.35) continue;
      const vs = [...values];
      ls.push(`${name}=${vs[Math.floor(r() * vs.length)] ?? 'x'}`);
    }
    sets.push(ls);
  }
  return sets;
}

async function vigil(file: string, labels: string[]): Promise<string> {
  let out = '';
  const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
  const code = await routesCommand(['test', '--config', file, ...labels], io);
  return `${out}rc=${code}`;
}

async function amtool(file: string, labels: string[]): Promise<string> {
  try {
    const { stdout } = await run(AMTOOL, ['config', 'routes', 'test', `--config.file=${file}`, ...labels]);
    return `${stdout}rc=0`;
  } catch (e) {
    const err = e as { stdout?: string; code?: number };
    return `${err.stdout ?? ''}rc=${err.code ?? -1}`;
  }
}

const PER_TREE = 20;

describe.runIf(amtoolAvailable())('routes test vs amtool', () => {
  let dir = '';
  const files: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-routes-'));
    const own = (await readdir(join(import.meta.dirname, 'routes'))).map((f) =>
      join(import.meta.dirname, 'routes', f),
    );
    const seeds = existsSync(SEEDS)
      ? (await readdir(SEEDS)).filter((f) => f.includes('alertmanager')).map((f) => join(SEEDS, f))
      : [];
    for (const [i, src] of [...seeds, ...own].entries()) {
      const file = join(dir, `tree${i}.yml`);
      await writeFile(file, routingOnly(await readFile(src, 'utf8')));
      files.push(file);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the same receivers for every label set of the corpus', async () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    const diffs: string[] = [];
    let compared = 0;
    const outcomes = new Set<string>();
    for (const [i, file] of files.entries()) {
      const sets = labelSets(candidates(await readFile(file, 'utf8')), PER_TREE, i + 1);
      for (let k = 0; k < sets.length; k += 4) {
        const batch = sets.slice(k, k + 4);
        const results = await Promise.all(
          batch.map(async (ls) => [ls, await vigil(file, ls), await amtool(file, ls)] as const),
        );
        for (const [ls, v, a] of results) {
          compared++;
          outcomes.add(`${file} ${a}`);
          if (v !== a)
            diffs.push(`${file} ${ls.join(' ')}: vigil ${JSON.stringify(v)} amtool ${JSON.stringify(a)}`);
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(100);
    // The corpus must exercise many routes, not one default receiver per tree.
    expect(outcomes.size).toBeGreaterThanOrEqual(3 * files.length);
    expect(diffs).toEqual([]);
  }, 120_000);
});
