// `GET /api/v2/status`: Alertmanager's status object (cluster, version, uptime, config.original).
import type { FastifyPluginAsync } from 'fastify';
import { stringify } from 'yaml';
import type { Config } from '../../config/types.js';
import { redactConfig } from '../../config/redact.js';

/** What the status endpoint needs; `config` is a getter so reloads show the new config. */
export interface StatusApiDeps {
  readonly config: () => Config | undefined;
  readonly version: string;
  /** Process start time (epoch ms), reported as `uptime` like Alertmanager does. */
  readonly startedAt: number;
}

/** The Alertmanager sections of the config, in Alertmanager's key order. */
const AM_KEYS = ['global', 'route', 'inhibit_rules', 'receivers', 'templates', 'time_intervals'] as const;

/** Global keys that belong to the ruler (Prometheus), not to Alertmanager's `global`. */
const RULER_GLOBALS = new Set([
  'evaluation_interval',
  'scrape_interval',
  'scrape_timeout',
  'rule_query_offset',
  'external_labels',
  'query_log_file',
]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Renames Vigil's internal keys back to Alertmanager's YAML names and drops empty lists. */
function alertmanagerShape(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => alertmanagerShape(x));
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (key === 'global' && RULER_GLOBALS.has(k)) continue;
    if (k === 'group_by_all' || k === 'other_configs') continue;
    if (Array.isArray(x) && x.length === 0 && k !== 'receivers') continue;
    const name = k === 'http' ? 'http_config' : k;
    out[name] = alertmanagerShape(x, k);
  }
  if (v['group_by_all'] === true) out['group_by'] = ['...'];
  return out;
}

/**
 * The config as YAML text with every secret shown as `<secret>`: the Alertmanager part only
 * (Vigil's ruler settings are not Alertmanager's), as `amtool config show` expects.
 */
export function originalConfigText(config: Config): string {
  const part: Record<string, unknown> = {};
  for (const k of AM_KEYS) part[k] = config[k];
  return stringify(alertmanagerShape(redactConfig(part)), { lineWidth: 0 });
}

/** Builds the plugin; register it under the route prefix. */
export function statusApiPlugin(deps: StatusApiDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v2/status', async (_req, reply) => {
      const config = deps.config();
      const body = {
        cluster: { status: 'disabled', peers: [] },
        versionInfo: {
          branch: '',
          buildDate: '',
          buildUser: '',
          goVersion: process.version,
          revision: '',
          version: deps.version,
        },
        config: { original: config ? originalConfigText(config) : '' },
        uptime: new Date(deps.startedAt).toISOString(),
      };
      return reply
        .code(200)
        .header('cache-control', 'no-store')
        .type('application/json')
        .send(JSON.stringify(body));
    });
  };
}
