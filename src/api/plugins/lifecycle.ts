// The process-lifecycle endpoints Prometheus and Alertmanager expose: health, readiness, reload.
import type { FastifyPluginAsync } from 'fastify';

/** What a reload request learns: success, or the reason the new config was rejected. */
export type ReloadOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** What the lifecycle routes need from the running process. */
export interface LifecycleDeps {
  /** True once the first configuration is loaded and the components run. */
  readonly isReady: () => boolean;
  /** Loads the configuration again; resolves when this reload (queued behind others) is done. */
  readonly reload: () => Promise<ReloadOutcome>;
}

const TEXT = 'text/plain; charset=utf-8';

/** Registers `/-/healthy`, `/-/ready` and `/-/reload` with Prometheus' statuses and texts. */
export const lifecyclePlugin: FastifyPluginAsync<LifecycleDeps> = async (app, deps) => {
  app.get('/-/healthy', async (_req, reply) => reply.type(TEXT).send('Vigil is Healthy.\n'));
  app.get('/-/ready', async (_req, reply) => {
    if (deps.isReady()) return reply.type(TEXT).send('Vigil is Ready.\n');
    return reply.code(503).type(TEXT).send('Service Unavailable\n');
  });
  const reload = async (): Promise<{ code: number; body: string }> => {
    const outcome = await deps.reload();
    return outcome.ok
      ? { code: 200, body: '' }
      : { code: 500, body: `failed to reload config: ${outcome.error}\n` };
  };
  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/-/reload',
      handler: async (_req, reply) => {
        const { code, body } = await reload();
        return reply.code(code).type(TEXT).send(body);
      },
    });
  }
  app.get('/-/reload', async (_req, reply) =>
    reply.code(405).header('allow', 'POST, PUT').type(TEXT).send('Only POST or PUT requests allowed\n'),
  );
};
