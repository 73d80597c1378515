import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { prepareForm } from '../../../auth/plugin.js';
import { endFirmSession, FIRM_SESSION_COOKIE } from '../../../firms/sessions.js';
import { loadFirmSigner, requestSignin, SIGNIN_MINUTES, signinIdFrom, signinState, useSignin, type SigninState } from '../../../firms/signin.js';
import type { LinkSigner } from '../../../subscriptions/tokens.js';
import { t } from '../../../i18n/index.js';
import { parseForm, typedValues, type FieldErrors } from '../../admin/forms.js';
import { firmCookieOptions } from '../../firm-session.js';
import { emailField } from './form.js';
import { signupLimit } from './limits.js';

// /virksomhed/log-ind: a link by e-mail, the same answer whether or not the address is known.
// Following the link shows a button (a mail scanner fetching the link must not use it up); the
// button signs in. /virksomhed/log-ud ends the session.

const signinForm = z.object({ email: emailField, _csrf: z.string().optional() });
type ByToken = { Params: { token: string } };

function showSignIn(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors?: { errors: FieldErrors; errorList: unknown[] }) {
  prepareForm(request, reply);
  return reply.view('pages/firm-signin', { pageTitle: t(request.lang, 'firmAccount.signin.pageTitle'), values, ...errors });
}

/** Why a link does not sign in: 400 for one that was never ours, 410 for used or expired. */
function linkProblem(request: FastifyRequest, reply: FastifyReply, state: Exclude<SigninState, 'valid'>) {
  const lang = request.lang;
  const [status, title, message] =
    state === 'used'
      ? [410, t(lang, 'firmAccount.link.usedTitle'), t(lang, 'firmAccount.link.usedMessage')]
      : state === 'expired'
        ? [410, t(lang, 'firmAccount.link.expiredTitle'), t(lang, 'firmAccount.link.expiredMessage', { minutes: SIGNIN_MINUTES })]
        : [400, t(lang, 'firmAccount.link.invalidTitle'), t(lang, 'firmAccount.link.invalidMessage')];
  return reply.code(status).view('pages/firm-link-problem', { pageTitle: title, title, message });
}

export async function signInRoutes(app: FastifyInstance) {
  let signer: LinkSigner | undefined;
  const signinIdOf = async (token: string) => signinIdFrom((signer ??= await loadFirmSigner(app.db)), token);

  app.get('/virksomhed/log-ind', async (request, reply) => showSignIn(request, reply, {}));

  app.post('/virksomhed/log-ind', { preHandler: app.csrfProtection, config: { rateLimit: signupLimit(app) } }, async (request, reply) => {
    const form = parseForm(signinForm, request.body, request.lang);
    if (!form.ok) return showSignIn(request, reply.code(400), typedValues(request.body), form);
    const outcome = await requestSignin(app.db, form.data.email);
    // Logged without the address; the answer is the same whatever the outcome.
    request.log.info({ outcome }, 'firm sign-in link asked for');
    return reply.redirect('/virksomhed/tjek-din-mail', 303);
  });

  app.get('/virksomhed/tjek-din-mail', async (request, reply) =>
    reply.view('pages/firm-sent', { pageTitle: t(request.lang, 'firmAccount.sent.pageTitle'), minutes: SIGNIN_MINUTES }),
  );

  app.get<ByToken>('/virksomhed/log-ind/:token', async (request, reply) => {
    const signinId = await signinIdOf(request.params.token);
    const state = signinId ? await signinState(app.db, signinId) : 'unknown';
    if (state !== 'valid') return linkProblem(request, reply, state);
    prepareForm(request, reply);
    const query = request.lang === 'en' ? '?lang=en' : '';
    return reply.view('pages/firm-signin-link', {
      pageTitle: t(request.lang, 'firmAccount.link.pageTitle'),
      action: `/virksomhed/log-ind/${encodeURIComponent(request.params.token)}${query}`,
    });
  });

  app.post<ByToken>('/virksomhed/log-ind/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signinId = await signinIdOf(request.params.token);
    if (!signinId) return linkProblem(request, reply, 'unknown');
    const used = await useSignin(app.db, signinId);
    if (!used.ok) return linkProblem(request, reply, used.state);
    // A session someone had in this browser before ends: one browser, one signed-in contact.
    await endFirmSession(app.db, request.cookies[FIRM_SESSION_COOKIE]);
    reply.setCookie(FIRM_SESSION_COOKIE, used.token, firmCookieOptions(app.config));
    return reply.redirect('/virksomhed', 303);
  });

  app.post('/virksomhed/log-ud', { preHandler: app.csrfProtection }, async (request, reply) => {
    await endFirmSession(app.db, request.cookies[FIRM_SESSION_COOKIE]);
    reply.clearCookie(FIRM_SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}
