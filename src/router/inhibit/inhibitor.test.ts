import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/alert.js';
import { fingerprint } from '../../model/fingerprint.js';
import type { Labels } from '../../model/labels.js';
import { parseMatchers } from '../../model/matcher.js';
import type { InhibitRuleDef } from './inhibitor.js';
import { Inhibitor } from './inhibitor.js';

const NOW = 1_000_000;

function alert(labels: Labels, endsAt = 0): Alert {
  return {
    labels,
    annotations: {},
    startsAt: 1,
    endsAt,
    generatorURL: '',
    updatedAt: 1,
    timeout: false,
    fingerprint: fingerprint(labels),
  };
}

function rule(source: string, target: string, equal: string[]): InhibitRuleDef {
  return { source_matchers: parseMatchers(source), target_matchers: parseMatchers(target), equal };
}

const critWarn = rule('severity="critical"', 'severity="warning"', ['alertname', 'cluster']);

describe('Inhibitor', () => {
  it.each([
    [
      'same equal labels',
      { alertname: 'A', cluster: 'c1', severity: 'critical' },
      { alertname: 'A', cluster: 'c1', severity: 'warning' },
      true,
    ],
    [
      'different equal label',
      { alertname: 'A', cluster: 'c1', severity: 'critical' },
      { alertname: 'A', cluster: 'c2', severity: 'warning' },
      false,
    ],
    [
      'equal label missing on both',
      { alertname: 'A', severity: 'critical' },
      { alertname: 'A', severity: 'warning' },
      true,
    ],
    [
      'equal label missing on one',
      { alertname: 'A', severity: 'critical' },
      { alertname: 'A', cluster: '', severity: 'warning', x: '1' },
      true,
    ],
    [
      'equal label missing on target only',
      { alertname: 'A', cluster: 'c1', severity: 'critical' },
      { alertname: 'A', severity: 'warning' },
      false,
    ],
    [
      'target does not match',
      { alertname: 'A', cluster: 'c1', severity: 'critical' },
      { alertname: 'A', cluster: 'c1', severity: 'info' },
      false,
    ],
    [
      'source does not match',
      { alertname: 'A', cluster: 'c1', severity: 'warning', x: 'y' },
      { alertname: 'A', cluster: 'c1', severity: 'warning' },
      false,
    ],
  ])('%s', (_name, source, target, inhibited) => {
    const ih = new Inhibitor([critWarn]);
    const s = alert(source);
    ih.observe(s);
    expect(ih.mutes(target, NOW)).toEqual(inhibited ? [s.fingerprint] : []);
  });

  it('ignores resolved sources and lets the target through again', () => {
    const ih = new Inhibitor([critWarn]);
    const target = { alertname: 'A', severity: 'warning' };
    ih.observe(alert({ alertname: 'A', severity: 'critical' }, NOW + 10));
    expect(ih.mutes(target, NOW)).toHaveLength(1);
    expect(ih.mutes(target, NOW + 10)).toEqual([]);
    expect(ih.gc(NOW + 10)).toBe(1);
    expect(ih.indexedSources).toBe(0);
  });

  it('takes the newest version of a source alert', () => {
    const ih = new Inhibitor([critWarn]);
    const labels = { alertname: 'A', severity: 'critical' };
    ih.observe(alert(labels));
    ih.observe(alert(labels, NOW - 1));
    expect(ih.mutes({ alertname: 'A', severity: 'warning' }, NOW)).toEqual([]);
    ih.observe(alert(labels));
    expect(ih.mutes({ alertname: 'A', severity: 'warning' }, NOW)).toHaveLength(1);
    ih.remove(alert(labels));
    expect(ih.mutes({ alertname: 'A', severity: 'warning' }, NOW)).toEqual([]);
  });

  it('does not let an alert matching both sides inhibit itself or its peers', () => {
    // Both alerts match source and target: neither inhibits the other.
    const ih = new Inhibitor([rule('alertname=~"A|B"', 'alertname=~"A|B"', ['zone'])]);
    const a = alert({ alertname: 'A', zone: 'z' });
    const b = alert({ alertname: 'B', zone: 'z' });
    ih.observe(a);
    ih.observe(b);
    expect(ih.mutes(a.labels, NOW)).toEqual([]);
    expect(ih.mutes(b.labels, NOW)).toEqual([]);
    // A pure source still inhibits a two-sided alert.
    const c = alert({ alertname: 'A', zone: 'z', tier: 'root' });
    const ih2 = new Inhibitor([rule('alertname=~"A|B"', 'alertname=~"A|B",tier!="root"', ['zone'])]);
    ih2.observe(a);
    ih2.observe(c);
    expect(ih2.mutes(a.labels, NOW)).toEqual([c.fingerprint]);
  });

  it('with no equal labels, any firing source inhibits every target', () => {
    const ih = new Inhibitor([rule('alertname="Maintenance"', 'severity=~"warning|info"', [])]);
    const m = alert({ alertname: 'Maintenance' });
    ih.observe(m);
    expect(ih.mutes({ alertname: 'X', severity: 'info' }, NOW)).toEqual([m.fingerprint]);
    expect(ih.mutes({ alertname: 'X', severity: 'critical' }, NOW)).toEqual([]);
  });

  it('uses the first rule that inhibits', () => {
    const s1 = alert({ alertname: 'S1' });
    const s2 = alert({ alertname: 'S2' });
    const ih = new Inhibitor([
      rule('alertname="S1"', 'team="x"', ['nope']),
      rule('alertname="S2"', 'team="x"', []),
    ]);
    ih.observe(s1);
    ih.observe(s2);
    expect(ih.mutes({ team: 'x' }, NOW)).toEqual([s1.fingerprint]);
    expect(ih.mutes({ team: 'x', nope: 'v' }, NOW)).toEqual([s2.fingerprint]);
  });

  it('stays fast with many sources and targets', () => {
    const ih = new Inhibitor([critWarn]);
    for (let i = 0; i < 50_000; i++)
      ih.observe(alert({ alertname: 'A', cluster: `c${i}`, severity: 'critical' }));
    const start = performance.now();
    let inhibited = 0;
    for (let i = 0; i < 50_000; i++) {
      if (ih.mutes({ alertname: 'A', cluster: `c${i * 2}`, severity: 'warning' }, NOW).length > 0)
        inhibited++;
    }
    expect(inhibited).toBe(25_000);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
