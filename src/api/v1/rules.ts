// Prometheus' `GET /api/v1/rules` and `GET /api/v1/alerts`, answering from the running rule groups,
// and `GET /api/v1/alertmanagers`, the external Alertmanagers the ruler sends to.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { alertsResponse, rulesResponse } from '../../rules/api.js';
import type { ApiResponse, QueryParams } from '../../rules/api.js';
import type { RuleGroup } from '../../rules/group.js';

/** What the rules endpoints need: the groups as they are now (a getter, so reloads show). */
export interface RulesApiDeps {
  readonly groups: () => readonly RuleGroup[];
  /** The alert URLs of the configured Alertmanagers, kept and relabelled away. */
  readonly alertmanagers: () => { readonly active: readonly string[]; readonly dropped: readonly string[] };
}

function send(reply: FastifyReply, r: ApiResponse): FastifyReply {
  return reply.code(r.status).type('application/json').send(JSON.stringify(r.body));
}

/** Builds the plugin; register it under the route prefix. */
export function rulesApiPlugin(deps: RulesApiDeps): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/rules', async (req, reply) =>
      send(reply, rulesResponse(deps.groups(), req.query as QueryParams)),
    );
    app.get('/api/v1/alerts', async (_req, reply) => send(reply, alertsResponse(deps.groups())));
    app.get('/api/v1/alertmanagers', async (_req, reply) => {
      const { active, dropped } = deps.alertmanagers();
      const data = {
        activeAlertmanagers: active.map((url) => ({ url })),
        droppedAlertmanagers: dropped.map((url) => ({ url })),
      };
      return send(reply, { status: 200, body: { status: 'success', data } });
    });
  };
}
