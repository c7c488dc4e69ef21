// Alertmanager-compatible label-set fingerprint (Prometheus `model.LabelSet.Fingerprint`).
import type { Labels } from './labels.js';

/**
 * The fingerprint Alertmanager shows for an alert (`fingerprint` in API v2 and webhooks): FNV-1a
 * 64 over the label names sorted bytewise, each name and value followed by 0xff, as 16 hex digits.
 *
 * The 64-bit state is two 32-bit halves (`hi`, `lo`) in local variables: multiplying by the
 * prime 2^40 + 0x1b3 is `lo·0x1b3` (done in 16-bit pieces) plus `(hi·0x1b3 + lo·2^8)·2^32`, so
 * there is no BigInt and no allocation per byte. Strings are UTF-8 encoded on the fly.
 */
export function fingerprint(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let hi = 0xcbf29ce4 | 0;
  let lo = 0x84222325 | 0;
  for (const name of names) {
    for (let part = 0; part < 2; part++) {
      const s = part === 0 ? name : (labels[name] ?? '');
      const n = s.length;
      let i = 0;
      // ASCII, the usual case: one byte per code unit, no encoding work.
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        lo ^= c;
        const a = (lo & 0xffff) * 0x1b3;
        const m = (lo >>> 16) * 0x1b3 + (a >>> 16);
        hi = (Math.imul(hi, 0x1b3) + (lo << 8) + (m >>> 16)) | 0;
        lo = (m << 16) | (a & 0xffff);
      }
      for (; i <= n; i++) {
        let c = i === n ? -1 : s.charCodeAt(i);
        let extra = 0; // continuation bytes still to feed, most significant first
        let b: number;
        if (c < 0) b = 0xff;
        else if (c < 0x80) b = c;
        else {
          if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
            const low = s.charCodeAt(i + 1);
            if (low >= 0xdc00 && low <= 0xdfff) {
              c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              i++;
            }
          }
          if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate is U+FFFD in Go
          if (c < 0x800) {
            b = 0xc0 | (c >> 6);
            extra = 1;
          } else if (c < 0x10000) {
            b = 0xe0 | (c >> 12);
            extra = 2;
          } else {
            b = 0xf0 | (c >> 18);
            extra = 3;
          }
        }
        for (;;) {
          lo ^= b;
          // lo · 0x1b3 in two 16-bit pieces; the carry out of bit 32 goes into hi.
          const a = (lo & 0xffff) * 0x1b3;
          const m = (lo >>> 16) * 0x1b3 + (a >>> 16);
          hi = (Math.imul(hi, 0x1b3) + (lo << 8) + (m >>> 16)) | 0;
          lo = (m << 16) | (a & 0xffff);
          if (extra === 0) break;
          extra--;
          b = 0x80 | ((c >> (6 * extra)) & 0x3f);
        }
      }
    }
  }
  return hex16(hi, lo);
}

/** Char codes of the lower-case hex digits. */
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

const d = (v: number, shift: number): number => HEX[(v >>> shift) & 0xf] as number;

/**
 * Sixteen lower-case hex digits of `hi`·2^32 + `lo`, built in one call so the result is a flat
 * string (a chain of concatenations would be flattened, at a cost, by the first map lookup).
 */
function hex16(hi: number, lo: number): string {
  return String.fromCharCode(
    d(hi, 28),
    d(hi, 24),
    d(hi, 20),
    d(hi, 16),
    d(hi, 12),
    d(hi, 8),
    d(hi, 4),
    d(hi, 0),
    d(lo, 28),
    d(lo, 24),
    d(lo, 20),
    d(lo, 16),
    d(lo, 12),
    d(lo, 8),
    d(lo, 4),
    d(lo, 0),
  );
}
