import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { FIRM_SESSION_COOKIE, FIRM_SESSION_MAX_DAYS, resolveFirmSession, type SignedInFirm } from '../firms/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The firm's contact person signed in by e-mail link; null when nobody is. */
    firm: SignedInFirm | null;
  }
}

export const firmCookieOptions = (config: Config) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.session.secureCookie,
  maxAge: FIRM_SESSION_MAX_DAYS * 24 * 3600,
});

/**
 * Puts the signed-in firm on every request that carries its cookie, and in every page's template
 * data (the header shows "Min virksomhed"). A request with the cookie is never answered from the
 * response cache (web/cache.ts passes every request with a cookie other than the language's).
 */
export const firmSessionPlugin = fp(
  async (app) => {
    app.decorateRequest('firm', null);
    app.addHook('onRequest', async (request) => {
      const token = request.cookies[FIRM_SESSION_COOKIE];
      if (token) request.firm = await resolveFirmSession(app.db, token);
    });
    app.addHook('preHandler', async (request, reply) => {
      if (!request.firm || !reply.locals) return;
      reply.locals.firm = request.firm;
      // The header's "Log ud" is a form: every page a signed-in firm sees carries a CSRF token.
      reply.locals.csrfToken ??= reply.generateCsrf();
    });
  },
  { name: 'firm-session', dependencies: ['auth'] },
);
