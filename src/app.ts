import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { viewsPlugin } from './web/views.js';
import { metricsPlugin } from './web/metrics.js';
import { publicRoutes } from './web/public/index.js';
import { answerBadAddress, answerClientError, answerFailure, answerNotFound } from './web/error-handler.js';
import { authPlugin } from './auth/plugin.js';
import { authRoutes } from './web/auth-routes.js';
import { firmSessionPlugin } from './web/firm-session.js';
import { adminRoutes } from './web/admin/index.js';
import { apiRoutes } from './web/api/index.js';
import { responseCache, type ChangeFeed } from './web/cache.js';
import { lastSyncText } from './web/footer.js';
import { i18nPlugin } from './web/i18n.js';
import { wantsJson } from './web/errors.js';
import { loggerOptions, RequestsAtDebug } from './web/logging.js';
import { cspDirectives } from './web/security.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    /** Every route as registered (method and URL), for tests that walk them all. */
    routeList: Array<{ method: string; url: string; adminOnly: boolean }>;
  }
  interface FastifyContextConfig {
    /** Not a page (feeds, calendars, CSV, health checks, static assets, API data): no footer, so no sync lookup. */
    notAPage?: boolean;
  }
  interface FastifyReply {
    /** Set by @fastify/view on every request; merged into every page's template data. */
    locals: Record<string, unknown> | null;
  }
}

export interface AppOptions {
  config: Config;
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /** Where data changes are announced; without it, public answers are not cached. */
  changes?: ChangeFeed;
}

export async function buildApp({ config, db, logger, changes }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config.logLevel, process.stdout.isTTY === true),
    // Two lines per request at debug, not info (errors keep their level): see web/logging.ts.
    logController: new RequestsAtDebug(),
    // Only the configured proxies: a header the client wrote must not choose its rate-limit address.
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    // Bad query strings reach the shared filter schema, which says what is wrong in Danish.
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerBadAddress,
    // What Node's HTTP parser refuses (a URL over 16 KB: 431) never reaches the handlers above.
    clientErrorHandler: answerClientError,
  });
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('routeList', []);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      app.routeList.push({ method, url: route.url, adminOnly: route.config?.adminOnly === true });
    }
  });

  // Before any route module: encapsulated plugins take the handlers in force when they register.
  app.setNotFoundHandler((request, reply) => answerNotFound(request, reply, wantsJson(request)));
  app.setErrorHandler(answerFailure);

  // The language first: a cached answer to ?lang=en must still set the language cookie.
  await app.register(i18nPlugin);
  // First of all other hooks: a cached answer carries the headers (helmet's too) of the first one.
  await app.register(responseCache, { changes: changes ?? null });
  await app.register(fastifyHelmet, {
    // frame-ancestors 'none' everywhere; the embeddable views set their own (web/security.ts).
    contentSecurityPolicy: { directives: cspDirectives() },
    hsts: config.publicUrl.startsWith('https://'),
  });
  await app.register(viewsPlugin, { config });
  await app.register(metricsPlugin);
  // Every page's footer says how fresh the data is (machine-readable answers have no footer).
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' || reply.locals === null || request.routeOptions.config.notAPage) return;
    reply.locals.lastDbdSync = await lastSyncText(reply, request.lang);
  });
  await app.register(authPlugin, { config });
  await app.register(firmSessionPlugin);
  await app.register(publicRoutes);
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(apiRoutes, { prefix: '/api' });

  return app;
}
