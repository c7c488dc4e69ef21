// Hand-written protobuf encoder for Prometheus remote write 1.0 `WriteRequest` (prompb/remote.proto).
import { compareStrings, type Labels } from '../model/labels.js';

/** One sample to write; `stale` writes Prometheus' StaleNaN bit pattern instead of `value`. */
export interface WriteSample {
  readonly value: number;
  readonly timestampMs: number;
  readonly stale?: boolean;
}

/** A series with its label set (including `__name__`) and samples in time order. */
export interface WriteSeries {
  readonly labels: Labels;
  readonly samples: readonly WriteSample[];
}

/** Prometheus' staleness marker, `value.StaleNaN`, as its exact IEEE-754 bits. */
export const STALE_NAN_HEX = '7ff0000000000002';

function varintSize(n: number): number {
  if (n < 0) return 10;
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeVarint(buf: Uint8Array, pos: number, n: number): number {
  if (n < 0) {
    let b = BigInt.asUintN(64, BigInt(n));
    while (b >= 128n) {
      buf[pos++] = Number(b & 127n) | 128;
      b >>= 7n;
    }
    buf[pos++] = Number(b);
    return pos;
  }
  while (n >= 128) {
    buf[pos++] = (n % 128) | 128;
    n = Math.floor(n / 128);
  }
  buf[pos++] = n;
  return pos;
}

interface SizedLabel {
  readonly name: Buffer;
  readonly value: Buffer;
  readonly size: number;
}

interface SizedSeries {
  readonly labels: SizedLabel[];
  readonly samples: readonly WriteSample[];
  readonly size: number;
}

function sampleSize(s: WriteSample): number {
  return 1 + 8 + 1 + varintSize(Math.trunc(s.timestampMs));
}

function sizeSeries(series: WriteSeries): SizedSeries {
  let size = 0;
  const labels: SizedLabel[] = [];
  for (const name of Object.keys(series.labels).sort(compareStrings)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(series.labels[name] ?? '', 'utf8');
    const inner = 1 + varintSize(n.length) + n.length + 1 + varintSize(v.length) + v.length;
    labels.push({ name: n, value: v, size: inner });
    size += 1 + varintSize(inner) + inner;
  }
  for (const s of series.samples) {
    const inner = sampleSize(s);
    size += 1 + varintSize(inner) + inner;
  }
  return { labels, samples: series.samples, size };
}

function writeBytes(buf: Uint8Array, pos: number, tag: number, bytes: Buffer): number {
  buf[pos++] = tag;
  pos = writeVarint(buf, pos, bytes.length);
  buf.set(bytes, pos);
  return pos + bytes.length;
}

function writeDouble(view: DataView, pos: number, s: WriteSample): void {
  if (s.stale) {
    view.setUint32(pos, 0x00000002, true);
    view.setUint32(pos + 4, 0x7ff00000, true);
  } else {
    view.setFloat64(pos, s.value, true);
  }
}

/** Encodes a `WriteRequest` with labels sorted by name (uncompressed protobuf bytes). */
export function encodeWriteRequest(series: readonly WriteSeries[]): Uint8Array {
  const sized = series.map(sizeSeries);
  let total = 0;
  for (const s of sized) total += 1 + varintSize(s.size) + s.size;
  const buf = new Uint8Array(total);
  const view = new DataView(buf.buffer);
  let pos = 0;
  for (const s of sized) {
    buf[pos++] = 0x0a;
    pos = writeVarint(buf, pos, s.size);
    for (const l of s.labels) {
      buf[pos++] = 0x0a;
      pos = writeVarint(buf, pos, l.size);
      pos = writeBytes(buf, pos, 0x0a, l.name);
      pos = writeBytes(buf, pos, 0x12, l.value);
    }
    for (const smp of s.samples) {
      buf[pos++] = 0x12;
      pos = writeVarint(buf, pos, sampleSize(smp));
      buf[pos++] = 0x09;
      writeDouble(view, pos, smp);
      pos += 8;
      buf[pos++] = 0x10;
      pos = writeVarint(buf, pos, Math.trunc(smp.timestampMs));
    }
  }
  return buf;
}

/** Counts the samples of a request, for queue accounting and metrics. */
export function countSamples(series: readonly WriteSeries[]): number {
  let n = 0;
  for (const s of series) n += s.samples.length;
  return n;
}
