import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyMetricsModule from 'fastify-metrics';
import fp from 'fastify-plugin';
import { scrape } from '../observability/counters.js';
import { createAppRegistry } from './app-metrics.js';

// fastify-metrics is CommonJS with only `exports.default`: from ESM the plugin is that property.
const fastifyMetrics = fastifyMetricsModule.default;

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time comparison of a bearer token (hashed first, so lengths never leak). */
const tokenMatches = (header: string | undefined, token: string) =>
  timingSafeEqual(sha256(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? ''), sha256(token));

/**
 * GET /metrics in Prometheus text format: request durations per route (fastify-metrics) and the
 * portal's own counters and gauges. METRICS=off registers nothing (so /metrics is a 404), and with
 * METRICS_TOKEN set a scraper must send `Authorization: Bearer <token>`.
 */
export const metricsPlugin = fp(
  async (app) => {
    const { metrics } = app.config;
    if (!metrics.enabled) return;
    const registry = createAppRegistry(app.db, app.log);

    await app.register(fastifyMetrics, {
      // We serve /metrics ourselves (token check, two registries), and Node's process metrics are
      // collected once per process in the shared registry: a second collector would clash.
      endpoint: null,
      defaultMetrics: { enabled: false },
      routeMetrics: {
        // Histograms add up across instances; summaries' quantiles do not, so none are registered.
        enabled: { histogram: true, summary: false },
        // Label by route template ('/udbud/:id'), and only registered routes (404s are not
        // timed): the series stay bounded whatever URLs clients send.
        registeredRoutesOnly: true,
        routeBlacklist: ['/metrics', '/healthz', '/readyz', /^\/(dkfds|static)\//],
        overrides: {
          histogram: { registers: [registry] },
          summary: { registers: [] },
        },
      },
    });

    app.get('/metrics', {
      config: { disableMetrics: true },
      // The page-data hooks (footer sync time, CSRF) skip answers without template data.
      onRequest: async (_request, reply) => {
        reply.locals = null;
      },
      handler: async (request, reply) => {
        if (metrics.token && !tokenMatches(request.headers.authorization, metrics.token)) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="metrics"')
            .send({ error: { code: 'unauthorized', status: 401, message: 'Metrics kræver en gyldig adgangsnøgle (Authorization: Bearer …).' } });
        }
        const { contentType, body } = await scrape(registry);
        return reply.type(contentType).header('cache-control', 'no-store').send(body);
      },
    });
  },
  { name: 'metrics', dependencies: ['views'] },
);
