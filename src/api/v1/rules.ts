// Prometheus' `GET /api/v1/rules` and `GET /api/v1/alerts`, answering from the running rule groups.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { alertsResponse, rulesResponse } from '../../rules/api.js';
import type { ApiResponse, QueryParams } from '../../rules/api.js';
import type { RuleGroup } from '../../rules/group.js';

/** What the rules endpoints need: the groups as they are now (a getter, so reloads show). */
export interface RulesApiDeps {
  readonly groups: () => readonly RuleGroup[];
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
  };
}
