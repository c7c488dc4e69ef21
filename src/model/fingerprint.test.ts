import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

// Fingerprints reported by a running Alertmanager 0.25 (`GET /api/v2/alerts`) for these label sets.
const KNOWN: ReadonlyArray<[Record<string, string>, string]> = [
  [{ alertname: 'A' }, 'd2c6efc389df0927'],
  [{ a: '1', b: '2' }, '1cc37fac8a64ae01'],
  [{ alertname: 'Empty' }, '84b8408c04466701'],
  [
    { alertname: 'HighLatency', severity: 'critical', instance: 'db-1:9100', job: 'node' },
    '9ceeea28345527f4',
  ],
  [{ alertname: 'Ünïcødé', team: '日本', x: 'a"b\\c\nd' }, '12e2deaac8e9fcc0'],
  [{ alertname: 'emoji', v: '🔥' }, '7079d6f6af3a723e'],
  [{ alertname: 'Long', description: 'a'.repeat(95) }, 'cc6108ddf5a83cf7'],
];

describe('fingerprint', () => {
  it.each(KNOWN)('matches Alertmanager for %j', (labels, want) => {
    expect(fingerprint(labels)).toBe(want);
  });

  it('does not depend on insertion order', () => {
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }));
  });

  it('hashes the empty set to the FNV offset basis', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });
});
