// `/metrics` in the Prometheus text format.
import type { FastifyPluginAsync } from 'fastify';

/** The part of a prom-client `Registry` the endpoint uses. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** Registers `GET /metrics`, serving whatever the registry holds. */
export const metricsPlugin: FastifyPluginAsync<{ source: MetricsSource }> = async (app, { source }) => {
  app.get('/metrics', async (_req, reply) => {
    const body = await source.metrics();
    return reply.type(source.contentType).send(body);
  });
};
