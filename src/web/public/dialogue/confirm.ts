import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import { activityView } from '../../../dialogue/activity-views.js';
import { guestActionOf } from '../../../dialogue/guest-actions.js';
import { guestIdFrom, loadGuestSigner } from '../../../dialogue/guests.js';
import { confirmDialogueGuest } from '../../../dialogue/comments.js';
import { t } from '../../../i18n/index.js';
import { localize } from '../../../i18n/messages.js';
import type { LinkSigner } from '../../../subscriptions/tokens.js';
import { activityHref } from './present.js';

// /dialog/bekraeft/{token}: the link mailed to a guest who signed up or commented without an
// account. Opening it shows a button (a mail scanner fetching the link must not use it); the
// button confirms: the sign-up takes its seat (or a place in the waiting list), the comment counts.

type ByToken = { Params: { token: string } };

const keepLang = (request: FastifyRequest, path: string) => (request.lang === 'en' ? `${path}?lang=en` : path);

function problem(request: FastifyRequest, reply: FastifyReply, status: number, message: string, href: string | null = null) {
  const title = t(request.lang, 'dialoguePages.confirm.problemTitle');
  return reply.code(status).view('pages/dialogue-message', {
    pageTitle: title,
    title,
    message,
    problem: true,
    href,
    linkText: href ? t(request.lang, 'dialoguePages.confirm.toActivity') : null,
  });
}

export async function confirmRoutes(app: FastifyInstance) {
  let signer: LinkSigner | undefined;
  const guestOf = async (token: string) => guestIdFrom((signer ??= await loadGuestSigner(app.db)), token);
  const unknown = (request: FastifyRequest, reply: FastifyReply) => problem(request, reply, 400, t(request.lang, 'dialogue.errors.guestUnknown'));

  app.get<ByToken>('/dialog/bekraeft/:token', async (request, reply) => {
    const guestId = await guestOf(request.params.token);
    const action = guestId ? await guestActionOf(app.db, guestId) : null;
    if (!action) return unknown(request, reply);
    prepareForm(request, reply);
    return reply.view('pages/dialogue-confirm', {
      pageTitle: t(request.lang, 'dialoguePages.confirm.pageTitle'),
      action: keepLang(request, `/dialog/bekraeft/${encodeURIComponent(request.params.token)}`),
    });
  });

  app.post<ByToken>('/dialog/bekraeft/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const lang = request.lang;
    const guestId = await guestOf(request.params.token);
    const action = guestId ? await guestActionOf(app.db, guestId) : null;
    if (!guestId || !action) return unknown(request, reply);
    const activity = await activityView(app.db, action.activityId);
    const href = keepLang(request, activityHref(action.activityId));
    const title = activity?.title ?? '';
    const done = (message: string) =>
      reply.view('pages/dialogue-message', {
        pageTitle: t(lang, 'dialoguePages.confirm.doneTitle'),
        title: t(lang, 'dialoguePages.confirm.doneTitle'),
        message,
        href,
        linkText: t(lang, 'dialoguePages.confirm.toActivity'),
      });
    const confirmed = await confirmDialogueGuest(app.db, guestId);
    const outcome = confirmed.outcome;
    if (!outcome.ok) {
      const gone = outcome.reason === 'guest_expired' || outcome.reason === 'guest_unknown';
      return problem(request, reply, gone ? 410 : 409, localize(lang, outcome.message), href);
    }
    if (confirmed.action === 'comment') return done(t(lang, 'dialoguePages.confirm.commented', { title }));
    if (confirmed.action === 'signup' && 'status' in outcome) {
      if (outcome.status === 'cancelled') return problem(request, reply, 410, t(lang, 'dialoguePages.signup.cancelled'), href);
      return done(t(lang, outcome.status === 'waiting' ? 'dialoguePages.confirm.waiting' : 'dialoguePages.confirm.signedUp', { title }));
    }
    return unknown(request, reply);
  });
}
