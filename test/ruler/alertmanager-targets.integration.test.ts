// Differential: the Alertmanager URLs Vigil derives from `alerting.alertmanagers` (static targets,
// scheme, path prefix, target relabelling) equal the active Alertmanagers a real Prometheus 2.42
// reports for the same section (`/api/v1/alertmanagers`), kept and dropped, and Vigil's own
// endpoint lists them the same way.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { rulesApiPlugin } from '../../src/api/v1/rules.js';
import { alertmanagerTargets } from '../../src/app/ruler-clients.js';
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
      type Listed = {
        activeAlertmanagers: Array<{ url: string }>;
        droppedAlertmanagers: Array<{ url: string }>;
      };
      const urls = (d: Listed): { active: string[]; dropped: string[] } => ({
        active: d.activeAlertmanagers.map((a) => a.url).sort(),
        dropped: d.droppedAlertmanagers.map((a) => a.url).sort(),
      });
      const theirs = await waitFor('Prometheus to report its Alertmanagers', async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/alertmanagers`);
        const listed = urls(((await res.json()) as { data: Listed }).data);
        return listed.active.length >= 5 ? listed : undefined;
      });
      const { config } = await loadConfig([file]);
      const targets = (config?.alerting.alertmanagers ?? []).map(alertmanagerTargets);
      const ours = {
        active: targets.flatMap((t) => t.active).sort(),
        dropped: targets.flatMap((t) => t.dropped).sort(),
      };
      expect(ours).toEqual(theirs);
      expect(ours.active).toContain('https://am5.internal:19093/proxy/am/api/v2/alerts');
      expect(ours.dropped).toEqual(['http://am6:9093/am/api/v2/alerts']);

      // Vigil's own GET /api/v1/alertmanagers answers the same.
      const app = Fastify();
      await app.register(rulesApiPlugin({ groups: () => [], alertmanagers: () => ours }));
      const res = await app.inject({ method: 'GET', url: '/api/v1/alertmanagers' });
      const body = res.json<{ status: string; data: Listed }>();
      expect(body.status).toBe('success');
      expect(urls(body.data)).toEqual(theirs);
      await app.close();
    } finally {
      prom.kill('SIGTERM');
    }
  });
});
