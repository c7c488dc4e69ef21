// Shared notifier helpers: truncation, redaction, group-key hashing.
import { describe, expect, it } from 'vitest';
import { hashKey, redact, truncateRunes } from './env.js';

describe('truncateRunes', () => {
  it.each([
    ['short', 10, 'short', false],
    ['abcdef', 4, 'abc…', true],
    ['😀😀😀', 2, '😀…', true],
    ['', 1, '', false],
  ])('%j to %d runes', (s, n, text, truncated) => {
    expect(truncateRunes(s, n)).toEqual({ text, truncated });
  });
});

describe('redact', () => {
  it.each([
    ['token abc in abc', ['abc'], 'token <redacted> in <redacted>'],
    ['nothing', ['', 'x'], 'nothing'],
  ])('%j', (text, secrets, want) => {
    expect(redact(text, secrets)).toBe(want);
  });
});

describe('hashKey', () => {
  it('is the hex sha256 of the group key, as Alertmanager sends to PagerDuty and Opsgenie', () => {
    expect(hashKey('{}:{alertname="x"}')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKey('a')).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
  });
});
