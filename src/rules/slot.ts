// Prometheus' evaluation-slot alignment: a per-group phase from xxhash64 of its file and name.

const M64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & M64;
}

function round(acc: bigint, input: bigint): bigint {
  return (rotl((acc + input * P2) & M64, 31n) * P1) & M64;
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return (((acc ^ round(0n, val)) * P1) & M64) + P4 & M64;
}

function u64(b: Uint8Array, i: number): bigint {
  return new DataView(b.buffer, b.byteOffset + i, 8).getBigUint64(0, true);
}

function u32(b: Uint8Array, i: number): bigint {
  return BigInt(new DataView(b.buffer, b.byteOffset + i, 4).getUint32(0, true));
}

function longInput(b: Uint8Array): { h: bigint; i: number } {
  let v1 = (P1 + P2) & M64;
  let v2 = P2;
  let v3 = 0n;
  let v4 = (M64 + 1n - P1) & M64;
  let i = 0;
  for (; i + 32 <= b.length; i += 32) {
    v1 = round(v1, u64(b, i));
    v2 = round(v2, u64(b, i + 8));
    v3 = round(v3, u64(b, i + 16));
    v4 = round(v4, u64(b, i + 24));
  }
  let h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
  for (const v of [v1, v2, v3, v4]) h = mergeRound(h, v);
  return { h, i };
}

/** xxHash64 with seed 0 (the hash Go's `cespare/xxhash.Sum64` computes). */
export function xxhash64(b: Uint8Array): bigint {
  let { h, i } = b.length >= 32 ? longInput(b) : { h: P5, i: 0 };
  h = (h + BigInt(b.length)) & M64;
  for (; i + 8 <= b.length; i += 8) {
    h ^= round(0n, u64(b, i));
    h = ((rotl(h, 27n) * P1) & M64) + P4 & M64;
  }
  if (i + 4 <= b.length) {
    h ^= (u32(b, i) * P1) & M64;
    h = ((rotl(h, 23n) * P2) & M64) + P3 & M64;
    i += 4;
  }
  for (; i < b.length; i++) {
    h ^= (BigInt(b[i] ?? 0) * P5) & M64;
    h = (rotl(h, 11n) * P1) & M64;
  }
  h ^= h >> 33n;
  h = (h * P2) & M64;
  h ^= h >> 29n;
  h = (h * P3) & M64;
  h ^= h >> 32n;
  return h;
}

/** Prometheus' `Group.hash()`: the label set `{file, name}` hashed as `labels.Labels.Hash`. */
export function groupHash(file: string, name: string): bigint {
  const sep = Buffer.from([0xff]);
  const parts = [Buffer.from('file'), sep, Buffer.from(file, 'utf8'), sep, Buffer.from('name'), sep, Buffer.from(name, 'utf8'), sep];
  return xxhash64(Buffer.concat(parts));
}

/**
 * Prometheus' `Group.EvalTimestamp`: the latest slot at or before `nowMs` for a group, computed
 * in nanoseconds like Prometheus and truncated to the millisecond its samples carry.
 */
export function evalTimestamp(file: string, name: string, intervalMs: number, nowMs: number): number {
  const interval = BigInt(intervalMs) * 1_000_000n;
  if (interval <= 0n) return nowMs;
  const offset = groupHash(file, name) % interval;
  const adj = BigInt(Math.trunc(nowMs)) * 1_000_000n - offset;
  let base = adj - (adj % interval);
  if (adj < 0n && adj % interval !== 0n) base -= interval;
  return Number((base + offset) / 1_000_000n);
}
