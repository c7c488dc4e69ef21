// redactConfig feeds `/api/v2/status` (config.original): time intervals must read as
// Alertmanager's YAML, and integrations Vigil keeps raw must be printed with their secrets masked.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { redactConfig } from '../../src/config/redact.js';

const FILE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/config/good/time-intervals-raw-receivers.yml',
);

describe('redactConfig, as /api/v2/status prints it', () => {
  it('prints time intervals in the YAML form they were written in', async () => {
    const { config, diagnostics } = await loadConfig([FILE]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = redactConfig(config) as { time_intervals: Array<{ time_intervals: unknown[] }> };
    expect(r.time_intervals[0]?.time_intervals[0]).toEqual({
      times: [{ start_time: '18:00', end_time: '24:00' }],
      weekdays: ['monday:friday', 'sunday'],
      months: ['january:march'],
      days_of_month: ['1:5', '-1'],
      years: ['2024:2026'],
      location: 'Europe/Berlin',
    });
  });

  it('prints raw integrations under their own key with secret fields masked', async () => {
    const { config } = await loadConfig([FILE]);
    const text = JSON.stringify(redactConfig(config));
    expect(text).not.toContain('supersecretvo');
    const r = redactConfig(config) as { receivers: Array<Record<string, unknown>> };
    expect(r.receivers[0]?.['victorops_configs']).toEqual([
      { api_key: '<secret>', routing_key: '<secret>', api_url: '<secret>' },
    ]);
  });
});
