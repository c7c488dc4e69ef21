// `POST /api/v1/receivers/:name/test`: sends a sample notification through a receiver and reports each outcome.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config/types.js';
import type { TestSendDeps } from '../../notifiers/test-send.js';
import { testReceiver, UnknownReceiverError } from '../../notifiers/test-send.js';

/** The current config and the send dependencies (templates of the current config). */
export interface ReceiversTestDeps {
  readonly config: () => Config | undefined;
  readonly sendDeps: () => TestSendDeps;
}

const resultSchema = {
  type: 'object',
  required: ['integration', 'index', 'ok', 'latencySeconds'],
  properties: {
    integration: { type: 'string' },
    index: { type: 'integer' },
    ok: { type: 'boolean' },
    retryable: { type: 'boolean' },
    error: { type: 'string' },
    latencySeconds: { type: 'number' },
  },
} as const;

/** Registers the test-send route. */
export function receiversTestApi(deps: ReceiversTestDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { name: string } }>(
      '/api/v1/receivers/:name/test',
      {
        schema: {
          params: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1 } },
            required: ['name'],
          },
          response: {
            200: {
              type: 'object',
              properties: {
                status: { type: 'string' },
                data: {
                  type: 'object',
                  properties: {
                    receiver: { type: 'string' },
                    ok: { type: 'boolean' },
                    results: { type: 'array', items: resultSchema },
                  },
                },
              },
            },
          },
        },
      },
      async (req, reply) => {
        const config = deps.config();
        if (config === undefined) {
          return reply
            .code(503)
            .send({ status: 'error', errorType: 'unavailable', error: 'no configuration loaded' });
        }
        try {
          const report = await testReceiver(req.params.name, config, deps.sendDeps());
          return {
            status: 'success',
            data: {
              receiver: report.receiver,
              ok: report.ok,
              results: report.results.map(({ latencyMs, ...r }) => ({
                ...r,
                latencySeconds: latencyMs / 1000,
              })),
            },
          };
        } catch (e) {
          if (e instanceof UnknownReceiverError)
            return reply.code(404).send({ status: 'error', errorType: 'not_found', error: e.message });
          throw e;
        }
      },
    );
  };
}
