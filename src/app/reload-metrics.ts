// The config-reload gauges, named like Prometheus' `prometheus_config_last_reload_*` and
// Alertmanager's `alertmanager_config_hash`.
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

/** Records the result of every configuration load. */
export interface ReloadMetrics {
  /** A load succeeded: the config with this hash is now active. */
  success(hash: number, atMs: number): void;
  /** A load failed: the previous config (if any) stays active. */
  failure(): void;
}

/** Registers the reload gauges on `registry` and returns their recorder. */
export function createReloadMetrics(registry: Registry): ReloadMetrics {
  const successful = new Gauge({
    name: 'vigil_config_last_reload_successful',
    help: 'Whether the last configuration reload attempt was successful.',
    registers: [registry],
  });
  const timestamp = new Gauge({
    name: 'vigil_config_last_reload_success_timestamp_seconds',
    help: 'Timestamp of the last successful configuration reload.',
    registers: [registry],
  });
  const hash = new Gauge({
    name: 'vigil_config_hash',
    help: 'Hash of the currently loaded configuration files.',
    registers: [registry],
  });
  return {
    success(h, atMs) {
      successful.set(1);
      timestamp.set(atMs / 1000);
      hash.set(h);
    },
    failure() {
      successful.set(0);
    },
  };
}
