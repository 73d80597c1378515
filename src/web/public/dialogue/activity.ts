import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prepareForm } from '../../../auth/plugin.js';
import { activityView, type ActivityView } from '../../../dialogue/activity-views.js';
import { guestSignupForm, signupForm } from '../../../dialogue/signup-forms.js';
import { signupOfFirm } from '../../../dialogue/signup-views.js';
import { cancelSignup, signUp } from '../../../dialogue/signups.js';
import { t } from '../../../i18n/index.js';
import { localize } from '../../../i18n/messages.js';
import { parseForm, typedValues } from '../../admin/forms.js';
import { renderError } from '../../errors.js';
import { signupLimit } from '../firms/limits.js';
import { FIRM_SIGN_IN } from '../firms/interest.js';
import { formFields, isFull, isNotice, isOpen, signupPanel, type TypedForm } from './panel.js';
import { activityHref, presentActivity } from './present.js';

// /dialog/{id}: one activity with every public fact, its projects and published outcome, and the
// sign-up panel. A signed-in firm signs up in one click (POST /dialog/{id}/tilmeld), sees its own
// sign-up or place in the waiting list and may cancel (POST /dialog/{id}/afmeld). Without an
// account, /dialog/{id}/tilmeld is a page of its own with e-mail and firm name (not cached: it
// carries a CSRF token), confirmed by the link mailed (/dialog/bekraeft/{token}).

type ById = { Params: { id: string } };

/** The id in the path as a number, or null for anything that is not one of ours. */
export const activityIdOf = (raw: string) => (/^\d{1,9}$/.test(raw) ? Number(raw) : null);

export const notFound = (request: FastifyRequest, reply: FastifyReply, raw: string) =>
  renderError(reply, 404, t(request.lang, 'dialoguePages.errors.notFoundTitle'), t(request.lang, 'dialoguePages.errors.notFoundMessage', { id: raw }));

/** Reads the activity of the path, or answers 404. */
export async function loadActivity(request: FastifyRequest, reply: FastifyReply, raw: string): Promise<ActivityView | null> {
  const id = activityIdOf(raw);
  const view = id === null ? null : await activityView(request.server.db, id);
  if (!view) {
    await notFound(request, reply, raw);
    return null;
  }
  return view;
}

/** A service's refusal as the form shows it: by its field, or ('form') at the top of the panel. */
export function refusalForm(request: FastifyRequest, refusal: { field: string; message: string }): TypedForm {
  const message = localize(request.lang, refusal.message);
  const field = refusal.field === 'form' ? 'tilmelding' : refusal.field;
  return { values: typedValues(request.body), errors: { [field]: message }, errorList: [{ field, message }] };
}

/** The activity's page; `typed` shows a firm's form again with why it was refused (then 400). */
export async function activityPage(request: FastifyRequest, reply: FastifyReply, view: ActivityView, typed: TypedForm | null = null) {
  const lang = request.lang;
  const firm = request.firm;
  const own = firm ? await signupOfFirm(request.server.db, view.id, firm.firmId) : null;
  const besked = (request.query as Record<string, unknown> | undefined)?.besked;
  if (typed) reply.code(400);
  return reply.view('pages/dialogue-activity', {
    pageTitle: view.title,
    activity: presentActivity(view, lang),
    panel: signupPanel(request, reply, view, own && own.status !== 'cancelled' ? { ...own, status: own.status } : null, typed, isNotice(besked) ? besked : null),
  });
}

/** The guest's sign-up page (no account): e-mail, firm name and the sign-up's own fields. */
export function guestPage(request: FastifyRequest, reply: FastifyReply, view: ActivityView, typed: TypedForm | null = null) {
  const lang = request.lang;
  prepareForm(request, reply);
  if (typed) reply.code(400);
  const consultation = view.kind === 'written_consultation';
  const query = lang === 'en' ? '?lang=en' : '';
  const path = `${activityHref(view.id)}/${consultation ? 'kommentar' : 'tilmeld'}`;
  return reply.view('pages/dialogue-guest', {
    pageTitle: t(lang, consultation ? 'dialoguePages.guest.commentPageTitle' : 'dialoguePages.guest.pageTitle', { title: view.title }),
    intro: t(lang, consultation ? 'dialoguePages.guest.commentIntro' : 'dialoguePages.guest.intro'),
    fullOffer: isFull(view) ? t(lang, 'dialoguePages.signup.fullOffer') : null,
    // Closed (deadline passed, cancelled): said at once, and a refusal still shows why.
    closedText: isOpen(view) ? null : t(lang, consultation ? 'dialoguePages.signup.commentsClosed' : 'dialoguePages.signup.closed'),
    backHref: activityHref(view.id),
    form: formFields(view, lang, typed, `${path}${query}`),
  });
}

export const sentPath = '/dialog/tjek-din-mail';

/** Where a firm lands after posting: the activity's panel with a message, in the page's language. */
export const backToPanel = (request: FastifyRequest, id: number, besked: string | null) => {
  const query = [besked ? `besked=${besked}` : null, request.lang === 'en' ? 'lang=en' : null].filter(Boolean).join('&');
  return `${activityHref(id)}${query ? `?${query}` : ''}#tilmelding`;
};

export async function activityRoutes(app: FastifyInstance) {
  app.get<ById>('/dialog/:id', { config: { cacheable: true } }, async (request, reply) => {
    const view = await loadActivity(request, reply, request.params.id);
    return view ? activityPage(request, reply, view) : reply;
  });

  app.get('/dialog/tjek-din-mail', async (request, reply) =>
    reply.view('pages/dialogue-message', { pageTitle: t(request.lang, 'dialoguePages.guest.sentTitle'), title: t(request.lang, 'dialoguePages.guest.sentTitle'), message: t(request.lang, 'dialoguePages.guest.sentMessage') }),
  );

  // Without an account: the guest form. A signed-in firm is sent to the activity's page (one click there).
  app.get<ById>('/dialog/:id/tilmeld', async (request, reply) => {
    const view = await loadActivity(request, reply, request.params.id);
    if (!view) return reply;
    if (request.firm) return reply.redirect(backToPanel(request, view.id, null), 303);
    return guestPage(request, reply, view);
  });

  app.post<ById>('/dialog/:id/tilmeld', { preHandler: app.csrfProtection, config: { rateLimit: signupLimit(app) } }, async (request, reply) => {
    const view = await loadActivity(request, reply, request.params.id);
    if (!view) return reply;
    const firm = request.firm;
    const show = (typed: TypedForm) => (firm ? activityPage(request, reply, view, typed) : guestPage(request, reply, view, typed));
    const form = firm ? parseForm(signupForm, request.body, request.lang) : parseForm(guestSignupForm, request.body, request.lang);
    if (!form.ok) {
      const errorList = form.errorList;
      return show({ values: typedValues(request.body), errors: form.errors, errorList });
    }
    const data = form.data as { attendees: number; slotId: number | null; email?: string; firmName?: string };
    const who = firm
      ? { firmId: firm.firmId, contactId: firm.contactId }
      : { guest: { email: data.email ?? '', firmName: data.firmName ?? '', lang: request.lang } };
    const outcome = await signUp(app.db, view.id, who, { attendees: data.attendees, slotId: data.slotId });
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return notFound(request, reply, request.params.id);
      // Refused: the page as it is now (seats, slots), the form as typed and why.
      const now = (await activityView(app.db, view.id)) ?? view;
      return firm ? activityPage(request, reply, now, refusalForm(request, outcome)) : guestPage(request, reply, now, refusalForm(request, outcome));
    }
    if (!firm) return reply.redirect(request.lang === 'en' ? `${sentPath}?lang=en` : sentPath, 303);
    const besked = outcome.status === 'waiting' ? 'venteliste' : 'tilmeldt';
    return reply.redirect(backToPanel(request, view.id, besked), 303);
  });

  app.post<ById>('/dialog/:id/afmeld', { preHandler: app.csrfProtection }, async (request, reply) => {
    const firm = request.firm;
    if (!firm) return reply.redirect(FIRM_SIGN_IN, 303);
    const view = await loadActivity(request, reply, request.params.id);
    if (!view) return reply;
    const own = await signupOfFirm(app.db, view.id, firm.firmId);
    if (!own) return reply.redirect(backToPanel(request, view.id, null), 303);
    const outcome = await cancelSignup(app.db, own.id, { firmId: firm.firmId });
    if (!outcome.ok) return activityPage(request, reply, view, refusalForm(request, outcome));
    return reply.redirect(backToPanel(request, view.id, 'afmeldt'), 303);
  });
}
