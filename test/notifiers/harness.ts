// Shared test fixtures: config from YAML through the real loader, alerts, contexts and a capturing logger.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { Receiver } from '../../src/config/types.js';
import type { Alert } from '../../src/model/alert.js';
import { CaptureLogger as ModelCaptureLogger } from '../../src/model/logger.js';
import type { NotifyContext } from '../../src/router/pipeline/types.js';
import { NotificationTemplates } from '../../src/template/funcs/notification.js';

/** Flush time of every test notification. */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The default templates, parsed once. */
export const TEMPLATES = NotificationTemplates.withDefaults();

/** Loads `receivers:` YAML (one receiver named `r`) through the real config loader. */
export async function loadReceiver(receiverYaml: string, globalYaml = ''): Promise<Receiver> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-notifiers-'));
  try {
    const file = join(dir, 'am.yml');
    writeFileSync(file, `${globalYaml}route:\n  receiver: r\nreceivers:\n- name: r\n${receiverYaml}`);
    const { config, diagnostics } = await loadConfig([file]);
    const r = config?.receivers.find((x) => x.name === 'r');
    if (!r) throw new Error(`config did not load: ${diagnostics.map((d) => d.message).join('; ')}`);
    return r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A firing alert and a resolved one of the same group. */
export function sampleAlerts(): Alert[] {
  const base = { generatorURL: 'http://prom:9090/graph?g0.expr=up', updatedAt: NOW, timeout: false };
  return [
    {
      ...base,
      labels: { alertname: 'HighLatency', service: 'api', severity: 'critical', instance: 'api-1' },
      annotations: { summary: 'p99 latency above 2s', description: 'api-1 is slow' },
      startsAt: NOW - 600_000,
      endsAt: 0,
      fingerprint: 'aaaa000000000001',
    },
    {
      ...base,
      labels: { alertname: 'HighLatency', service: 'api', severity: 'critical', instance: 'api-2' },
      annotations: { summary: 'p99 latency back to normal', description: 'api-2 recovered' },
      startsAt: NOW - 900_000,
      endsAt: NOW - 60_000,
      fingerprint: 'aaaa000000000002',
    },
  ];
}

/** The context of a flush of group `{alertname="HighLatency"}` for receiver `r`. */
export function flushCtx(signal: AbortSignal = new AbortController().signal): NotifyContext {
  return {
    groupKey: '{}:{alertname="HighLatency"}',
    groupLabels: { alertname: 'HighLatency' },
    receiver: 'r',
    now: NOW,
    signal,
  };
}

/** The model's capture logger, with every entry as one line of text to search for secrets. */
export class CaptureLogger extends ModelCaptureLogger {
  get lines(): string[] {
    return this.entries.map((e) => `${e.level} ${e.msg} ${JSON.stringify(e.fields)}`);
  }
}
