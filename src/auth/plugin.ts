import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { resolveSession, SESSION_COOKIE, type SignedIn } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in officer on /admin, /login and /logout; null elsewhere and when anonymous. */
    user: SignedIn | null;
  }
  interface FastifyContextConfig {
    /** Only administrators may use the route. */
    adminOnly?: boolean;
  }
}

export const sessionCookieOptions = (config: Config) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.session.secureCookie,
  maxAge: config.session.maxHours * 3600,
});

const needsUser = (url: string) => /^\/(admin|login|logout)(\/|\?|$)/.test(url);

/** Cookies, form bodies, CSRF tokens and the session behind the cookie. */
export const authPlugin = fp(
  async (app, opts: { config: Config }) => {
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: opts.config.session.secureCookie },
    });
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      if (!needsUser(request.url)) return;
      request.user = await resolveSession(app.db, request.cookies[SESSION_COOKIE], opts.config);
    });
  },
  { name: 'auth', dependencies: ['views'] },
);

/** Puts a CSRF token and the signed-in user in every page's template data. */
export function prepareForm(request: FastifyRequest, reply: FastifyReply) {
  if (reply.locals) {
    reply.locals.csrfToken = reply.generateCsrf();
    if (request.user) {
      reply.locals.user = { ...request.user, isAdmin: request.user.role === 'admin' };
    }
  }
}
