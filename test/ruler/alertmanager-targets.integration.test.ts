// Differential: the Alertmanager URLs Vigil derives from `alerting.alertmanagers` (static targets,
// scheme, path prefix, target relabelling) equal the active Alertmanagers a real Prometheus 2.42
// reports for the same section (`/api/v1/alertmanagers`).
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertmanagerUrls } from '../../src/app/ruler-clients.js';
import { loadConfig } from '../../src/config/load.js';
import { waitFor } from '../helpers/vigil-process.js';
import { PROMETHEUS_BIN, freePort, prometheusAvailable } from './prometheus-harness.js';

const ALERTING = `alerting:
  alertmanagers:
    - static_configs:
        - targets: ['am1:9093', 'am2:9093']
    - scheme: https
      path_prefix: /alertmanager/
      static_configs:
        - targets: ['am3']
    - path_prefix: /am
      static_configs:
        - targets: ['am4:9093', 'am5:9093', 'am6:9093']
          labels: { dc: eu }
      relabel_configs:
        - source_labels: [__address__]
          regex: am6:.*
          action: drop
        - source_labels: [__address__]
          regex: (.*):9093
          target_label: __address__
          replacement: \${1}.internal:19093
        - source_labels: [dc, __address__]
          regex: eu;am5.*
          target_label: __scheme__
          replacement: https
        - source_labels: [__alerts_path__]
          regex: (.*)
          target_label: __alerts_path__
          replacement: /proxy\${1}
`;

describe.runIf(prometheusAvailable())('Alertmanager targets against Prometheus', () => {
  it('gives the URLs Prometheus reports as active', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'vigil-am-targets-'));
    const file = path.join(dir, 'prometheus.yml');
    await writeFile(file, `global:\n  evaluation_interval: 1m\n${ALERTING}`);
    const port = await freePort();
    const prom = spawn(
      PROMETHEUS_BIN,
      [
        `--config.file=${file}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    try {
      const active = await waitFor('Prometheus to report its Alertmanagers', async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/alertmanagers`);
        const body = (await res.json()) as { data: { activeAlertmanagers: Array<{ url: string }> } };
        const urls = body.data.activeAlertmanagers.map((a) => a.url);
        return urls.length >= 5 ? urls.sort() : undefined;
      });
      const { config } = await loadConfig([file]);
      const ours = (config?.alerting.alertmanagers ?? []).flatMap(alertmanagerUrls).sort();
      expect(ours).toEqual(active);
      expect(ours).toContain('https://am5.internal:19093/proxy/am/api/v2/alerts');
    } finally {
      prom.kill('SIGTERM');
    }
  });
});
