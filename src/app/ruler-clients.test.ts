import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { alertmanagerUrls } from './ruler-clients.js';

async function alerting(yaml: string): Promise<Config['alerting']> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vigil-ruler-clients-'));
  const file = path.join(dir, 'vigil.yml');
  await writeFile(file, `alerting:\n  alertmanagers:\n${yaml}`);
  const { config, diagnostics } = await loadConfig([file]);
  if (config === undefined) throw new Error(JSON.stringify(diagnostics));
  expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  return config.alerting;
}

describe('alertmanagerUrls', () => {
  it('posts to <scheme>://<target><path_prefix>/api/v2/alerts', async () => {
    const a = await alerting(`    - static_configs: [{ targets: ['am1:9093', 'am2:9093'] }]
    - scheme: https
      path_prefix: /alertmanager/
      static_configs: [{ targets: ['am3'] }]
`);
    expect(a.alertmanagers.map(alertmanagerUrls)).toEqual([
      ['http://am1:9093/api/v2/alerts', 'http://am2:9093/api/v2/alerts'],
      ['https://am3/alertmanager/api/v2/alerts'],
    ]);
  });

  it('skips a target relabelled away (test/ruler/alertmanager-targets.integration.test.ts compares the rest with Prometheus)', async () => {
    const a = await alerting(`    - static_configs: [{ targets: ['am1:9093', 'am2:9093'] }]
      relabel_configs:
        - { source_labels: [__address__], regex: 'am1:.*', action: drop }
`);
    expect(alertmanagerUrls(a.alertmanagers[0] ?? fail())).toEqual(['http://am2:9093/api/v2/alerts']);
  });

  it('keeps the entry-level alert_relabel_configs apart from the global ones', async () => {
    const a = await alerting(`    - static_configs: [{ targets: ['am1:9093'] }]
      alert_relabel_configs:
        - source_labels: [severity]
          regex: info
          action: drop
  alert_relabel_configs:
    - target_label: from
      replacement: vigil
`);
    expect(a.alertmanagers[0]?.alert_relabel_configs.map((r) => r.action)).toEqual(['drop']);
    expect(a.alert_relabel_configs.map((r) => r.target_label)).toEqual(['from']);
  });
});

function fail(): never {
  throw new Error('missing');
}
