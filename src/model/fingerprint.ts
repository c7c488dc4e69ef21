// Alertmanager-compatible label-set fingerprint (Prometheus `model.LabelSet.Fingerprint`).
import type { Labels } from './labels.js';

/**
 * A 64-bit FNV-1a state held as four 16-bit limbs (least significant first), so hashing needs
 * no BigInt and every intermediate product stays far below 2^53.
 */
interface Fnv64 {
  h0: number;
  h1: number;
  h2: number;
  h3: number;
}

/** FNV-64 offset basis 0xcbf29ce484222325. */
function fnvNew(): Fnv64 {
  return { h0: 0x2325, h1: 0x8422, h2: 0x9ce4, h3: 0xcbf2 };
}

/** XORs one byte in and multiplies by the FNV-64 prime 0x100000001b3 (= 0x1b3 + 2^40) mod 2^64. */
function fnvByte(s: Fnv64, b: number): void {
  const h0 = s.h0 ^ b;
  const { h1, h2, h3 } = s;
  const t0 = h0 * 0x1b3;
  const t1 = h1 * 0x1b3 + (t0 >>> 16);
  const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
  const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
  s.h0 = t0 & 0xffff;
  s.h1 = t1 & 0xffff;
  s.h2 = t2 & 0xffff;
  s.h3 = t3 & 0xffff;
}

/** Feeds the UTF-8 bytes of a string, encoding by hand to avoid a buffer per label. */
function fnvString(s: Fnv64, text: string): void {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      fnvByte(s, c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate: Go would see U+FFFD
    if (c < 0x800) {
      fnvByte(s, 0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      fnvByte(s, 0xe0 | (c >> 12));
      fnvByte(s, 0x80 | ((c >> 6) & 0x3f));
    } else {
      fnvByte(s, 0xf0 | (c >> 18));
      fnvByte(s, 0x80 | ((c >> 12) & 0x3f));
      fnvByte(s, 0x80 | ((c >> 6) & 0x3f));
    }
    fnvByte(s, 0x80 | (c & 0x3f));
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

/**
 * The fingerprint Alertmanager shows for an alert (`fingerprint` in API v2 and webhooks): FNV-1a
 * 64 over the label names sorted bytewise, each name and value followed by 0xff, as 16 hex digits.
 */
export function fingerprint(labels: Labels): string {
  const names = Object.keys(labels).sort();
  const s = fnvNew();
  for (const name of names) {
    fnvString(s, name);
    fnvByte(s, 0xff);
    fnvString(s, labels[name] ?? '');
    fnvByte(s, 0xff);
  }
  return hex4(s.h3) + hex4(s.h2) + hex4(s.h1) + hex4(s.h0);
}
