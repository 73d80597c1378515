import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import { listTrades, signUpFirm } from '../../../firms/accounts.js';
import { SIGNIN_MINUTES } from '../../../firms/signin.js';
import { t } from '../../../i18n/index.js';
import { parseForm, type FieldErrors } from '../../admin/forms.js';
import { firmFormView, postedValues, refusalError, signUpForm, withError, type FirmFormValues } from './form.js';
import { signupLimit } from './limits.js';

// /virksomhed/tilmeld: a firm signs up (no password). The firm, its trades, its contact person and
// the sign-in mail are written together or not at all; the firm is unverified until an officer
// approves it.

async function showSignUp(request: FastifyRequest, reply: FastifyReply, form: FirmFormValues, errors?: { errors: FieldErrors; errorList: unknown[] }) {
  prepareForm(request, reply);
  return reply.view('pages/firm-signup', {
    pageTitle: t(request.lang, 'firmAccount.signup.pageTitle'),
    ...firmFormView(await listTrades(request.server.db), form, request.lang),
    ...errors,
  });
}

export async function signUpRoutes(app: FastifyInstance) {
  app.get('/virksomhed/tilmeld', async (request, reply) => {
    if (request.firm) return reply.redirect('/virksomhed', 303);
    return showSignUp(request, reply, { values: {}, trades: [], publicListing: false, wantsInvitations: true });
  });

  app.post('/virksomhed/tilmeld', { preHandler: app.csrfProtection, config: { rateLimit: signupLimit(app) } }, async (request, reply) => {
    const typed = postedValues(request.body);
    const form = parseForm(signUpForm, request.body, request.lang);
    if (!form.ok) return showSignUp(request, reply.code(400), typed, form);
    const { contactName, email, phone, lang, cvr, ...firm } = form.data;
    const result = await signUpFirm(app.db, { ...firm, cvr, contactName, email, phone, lang });
    if (!result.ok) return showSignUp(request, reply.code(result.refusal === 'unknownTrade' ? 400 : 409), typed, withError(refusalError(result.refusal, request.lang)));
    request.log.info({ firmId: result.value.firmId }, 'firm signed up');
    return reply.redirect('/virksomhed/tilmeldt', 303);
  });

  app.get('/virksomhed/tilmeldt', async (request, reply) =>
    reply.view('pages/firm-sent', { pageTitle: t(request.lang, 'firmAccount.sent.pageTitle'), signedUp: true, minutes: SIGNIN_MINUTES }),
  );
}
