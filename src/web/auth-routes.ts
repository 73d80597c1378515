import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { attemptLogin, LOCKOUT_WINDOW_MINUTES } from '../auth/login.js';
import { prepareForm, sessionCookieOptions } from '../auth/plugin.js';
import { createSession, endSession, SESSION_COOKIE } from '../auth/sessions.js';
import { t } from '../i18n/index.js';

const loginSchema = z.object({
  email: z.string().trim().max(200).default(''),
  password: z.string().max(500).default(''),
  next: z.string().max(500).optional(),
  _csrf: z.string().optional(),
});

/** Only back to a page of our own back office: never an open redirect. */
const safeNext = (next: string | undefined) => (next && /^\/admin(\/[\w\-/?=&%.]*)?$/.test(next) ? next : '/admin');

export async function authRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.next), 303);
    prepareForm(request, reply);
    return reply.view('pages/login', { pageTitle: t(request.lang, 'pages.login.pageTitle'), next: safeNext(request.query.next), email: '' });
  });

  app.post('/login', { preHandler: app.csrfProtection }, async (request, reply) => {
    // Anything but the login form's own fields (a JSON or text body, a repeated or overlong field)
    // signs nobody in, and gets the same answer as a wrong password.
    const parsed = loginSchema.safeParse(request.body ?? {});
    const form = parsed.success ? parsed.data : { email: '', password: '', next: undefined };
    const next = safeNext(form.next);
    const result = form.email && form.password ? await attemptLogin(app.db, { email: form.email, password: form.password, ip: request.ip }) : { ok: false as const, reason: 'invalid' as const };
    if (!result.ok) {
      prepareForm(request, reply);
      reply.code(result.reason === 'locked' ? 429 : 401);
      return reply.view('pages/login', {
        pageTitle: t(request.lang, 'pages.login.pageTitle'),
        next,
        email: form.email,
        error:
          result.reason === 'locked'
            ? t(request.lang, 'pages.login.locked', { minutes: LOCKOUT_WINDOW_MINUTES })
            : t(request.lang, 'pages.login.invalid'),
      });
    }
    // A new session id at every sign-in; any session the browser had ends.
    await endSession(app.db, request.cookies[SESSION_COOKIE]);
    const token = await createSession(app.db, result.user.id, app.config);
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(app.config));
    return reply.redirect(next, 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (request, reply) => {
    await endSession(app.db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}
