import { describe, expect, it } from 'vitest';
import type { RelabelAction, RelabelConfig } from '../../src/config/types.js';
import { relabel } from '../../src/datasource/relabel.js';
import { compileRe2 } from '../../src/model/re2.js';

function cfg(action: RelabelAction, over: Partial<Omit<RelabelConfig, 'regexp'>> = {}): RelabelConfig {
  const regex = over.regex ?? '(.*)';
  return {
    source_labels: [],
    separator: ';',
    replacement: '$1',
    action,
    ...over,
    regex,
    regexp: compileRe2(regex, true),
  };
}

describe('relabel', () => {
  it('matches Prometheus 2.42 on a chain (golden from metric_relabel_configs)', () => {
    const out = relabel({ __name__: 'm', a: 'foo', b: 'Bar-Baz_1' }, [
      cfg('hashmod', { source_labels: ['a'], target_label: 'h', modulus: 1000 }),
      cfg('replace', {
        source_labels: ['a', 'b'],
        regex: '(f.o);(?P<x>\\w+)-.*',
        target_label: 'r_${x}',
        replacement: '$1/${x}$$',
      }),
      cfg('labelmap', { regex: '(b)', replacement: 'copy_$1' }),
      cfg('uppercase', { source_labels: ['b'], target_label: 'up_b' }),
      cfg('labeldrop', { regex: 'a' }),
    ]);
    expect(out).toEqual({
      __name__: 'm',
      b: 'Bar-Baz_1',
      copy_b: 'Bar-Baz_1',
      h: '696',
      r_Bar: 'foo/Bar$',
      up_b: 'BAR-BAZ_1',
    });
  });

  it.each([
    [
      'keep matching',
      [cfg('keep', { source_labels: ['sev'], regex: 'page|crit' })],
      { sev: 'page' },
      { sev: 'page' },
    ],
    [
      'keep not matching',
      [cfg('keep', { source_labels: ['sev'], regex: 'page' })],
      { sev: 'info' },
      undefined,
    ],
    ['drop', [cfg('drop', { source_labels: ['sev'], regex: 'info' })], { sev: 'info' }, undefined],
    [
      'keepequal',
      [cfg('keepequal', { source_labels: ['a'], target_label: 'b' })],
      { a: 'x', b: 'x' },
      { a: 'x', b: 'x' },
    ],
    [
      'dropequal',
      [cfg('dropequal', { source_labels: ['a'], target_label: 'b' })],
      { a: 'x', b: 'x' },
      undefined,
    ],
    [
      'replace with empty result deletes',
      [cfg('replace', { source_labels: ['x'], target_label: 'a', replacement: '$1' })],
      { a: '1' },
      undefined,
    ],
    [
      'replace without match is a no-op',
      [cfg('replace', { source_labels: ['a'], regex: 'z', target_label: 'b', replacement: 'y' })],
      { a: '1' },
      { a: '1' },
    ],
    [
      'labelkeep',
      [cfg('labelkeep', { regex: 'alertname|sev' })],
      { alertname: 'A', sev: 's', x: '1' },
      { alertname: 'A', sev: 's' },
    ],
    [
      'lowercase',
      [cfg('lowercase', { source_labels: ['a'], target_label: 'l' })],
      { a: 'AbC' },
      { a: 'AbC', l: 'abc' },
    ],
  ])('%s', (_n, configs, input, want) => {
    expect(relabel(input, configs)).toEqual(want);
  });
});
