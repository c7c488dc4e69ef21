// The HTTP layer: builds the fastify app (without listening) from the process's parts.
import type { TLSSocket } from 'node:tls';
import fastify from 'fastify';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from '../model/logger.js';
import { installWebSecurity } from './plugins/auth.js';
import { lifecyclePlugin } from './plugins/lifecycle.js';
import type { LifecycleDeps } from './plugins/lifecycle.js';
import { metricsPlugin } from './plugins/metrics.js';
import type { MetricsSource } from './plugins/metrics.js';
import type { WebConfig } from './web-config.js';

/** Everything the HTTP layer needs; `app/` supplies it. */
export interface ServerDeps extends LifecycleDeps {
  readonly logger: Logger;
  /** The Prometheus registry served at `/metrics`. */
  readonly metrics: MetricsSource;
  /** Path every route lives under (`--web.route-prefix`), `''` or `/foo` without a trailing slash. */
  readonly routePrefix: string;
  /** TLS and basic auth from `--web.config.file`; absent means plain HTTP without auth. */
  readonly web?: WebConfig;
  /** More route plugins (the ruler's and router's APIs), registered under the route prefix. */
  readonly plugins?: readonly FastifyPluginAsync[];
}

/** The fastify instance `build` returns; tests call `inject()` on it, `app/` calls `listen()`. */
export type VigilServer = FastifyInstance;

/** Normalises a route prefix to `''` or `/a/b` (leading slash, no trailing slash). */
export function normalizeRoutePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function tlsOptions(web: WebConfig | undefined): Record<string, unknown> | null {
  const tls = web?.tls;
  if (!tls) return null;
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.ca ? { ca: tls.ca } : {}),
    requestCert: tls.requestCert,
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.minVersion ? { minVersion: tls.minVersion } : {}),
    ...(tls.maxVersion ? { maxVersion: tls.maxVersion } : {}),
  };
}

/**
 * Node can only ask for a client certificate or require a verified one; Go's
 * RequireAnyClientCert and VerifyClientCertIfGiven sit in between, so the connection is closed
 * here right after the handshake when the rule is not met.
 */
function enforceClientCert(app: FastifyInstance, check: 'any' | 'verify-if-given'): void {
  app.server.on('secureConnection', (socket: TLSSocket) => {
    const given = Object.keys(socket.getPeerCertificate()).length > 0;
    if (check === 'any' ? !given : given && !socket.authorized) socket.destroy();
  });
}

/** Builds the HTTP app with every route registered; it does not listen. */
export function build(deps: ServerDeps): VigilServer {
  const https = tlsOptions(deps.web);
  // fastify types an HTTPS instance separately; both serve the same routes, so one type is used.
  const app = (https
    ? fastify({ logger: false, https })
    : fastify({ logger: false })) as unknown as FastifyInstance;
  const log = deps.logger.child({ component: 'web' });
  const certCheck = deps.web?.tls?.clientCertCheck;
  if (certCheck) enforceClientCert(app, certCheck);
  app.addHook('onError', async (req, _reply, err) => {
    log.error('request failed', { method: req.method, url: req.url, err });
  });
  // A callback-style hook: fastify then makes no promise per request for it.
  app.addHook('onResponse', (req, reply, done) => {
    log.debug('request', {
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
  });
  if (deps.web) installWebSecurity(app, deps.web.basicAuthUsers, deps.web.headers);
  const prefix = normalizeRoutePrefix(deps.routePrefix);
  void app.register(lifecyclePlugin, { prefix, isReady: deps.isReady, reload: deps.reload });
  void app.register(metricsPlugin, { prefix, source: deps.metrics });
  for (const plugin of deps.plugins ?? []) void app.register(plugin, { prefix });
  return app;
}
