// Command-line and environment options shared by the benchmark scripts.

/** Returns `--name VALUE` / `--name=VALUE` from argv, else the env variable, else undefined. */
export function option(argv: readonly string[], name: string, env?: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return env !== undefined ? process.env[env] : undefined;
}

/** True when `--name` is present or the env variable is "1"/"true". */
export function flag(argv: readonly string[], name: string, env?: string): boolean {
  if (argv.includes(`--${name}`)) return true;
  const v = env !== undefined ? process.env[env] : undefined;
  return v === '1' || v === 'true';
}

/** A comma-separated list of integers of at least `min` (e.g. "10000,100000"), or the fallback. */
export function intList(value: string | undefined, fallback: number[], min = 1): number[] {
  if (value === undefined || value === '') return fallback;
  const out = value.split(',').map((s) => Number(s.trim()));
  if (out.some((n) => !Number.isInteger(n) || n < min)) throw new Error(`not a list of integers >= ${min}: ${value}`);
  return out;
}

/** An integer option of at least `min` (default: positive), or the fallback. */
export function intOption(value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`not an integer >= ${min}: ${value}`);
  return n;
}
