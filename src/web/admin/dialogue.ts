import type { FastifyInstance, FastifyReply } from 'fastify';
import { activityInputOf, cancelActivity, createActivity, updateActivity } from '../../dialogue/activities.js';
import { activityForm, cancelForm, type DialogueErrors, outcomeForm, type RefusalCode, wordErrors } from '../../dialogue/activity-forms.js';
import { type ActivitySummary, activityView, listActivities } from '../../dialogue/activity-views.js';
import { publishOutcome } from '../../dialogue/outcomes.js';
import { signupCountsOf } from '../../dialogue/admin-counts.js';
import { isMeeting } from '../../domain/dialogue.js';
import { t, type Lang, type TranslationKey } from '../../i18n/index.js';
import { tenderFilterSchema } from '../../tenders/filter.js';
import { matchingTenders } from '../../tenders/search.js';
import { formatDateTime } from '../../wording/format.js';
import { renderError } from '../errors.js';
import { attendeesSection, commentsSection } from './dialogue-people.js';
import { concernsOf, fieldAnchors, fieldsOf, kindChoices, kindLabel, seatsText, statusOf, tenderChoices, whenText } from './dialogue-present.js';
import { parseForm, typedValues, type FieldErrors } from './forms.js';

// The officers' market dialogue: /admin/dialog lists coming and past activities with seats and
// waiting lists; /admin/dialog/ny creates one; /admin/dialog/{id} shows one with its attendees
// (contact persons and e-mail addresses: officers only), comments on a draft, and the forms to
// edit it (a changed time or place mails the attendees), cancel it and publish its outcome. The
// services in dialogue/activities.ts and outcomes.ts check, write, append the events and audit.

type Body = Record<string, unknown>;
const bodyOf = (body: unknown): Body => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {});
const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

/** ?gemt= after a save → the notice's key. */
const notices: Record<string, TranslationKey> = {
  oprettet: 'dialogueAdmin.page.created',
  gemt: 'dialogueAdmin.page.saved',
  aflyst: 'dialogueAdmin.page.cancelledDone',
  resultat: 'dialogueAdmin.page.outcomeSaved',
};

const statusFor = (code: RefusalCode) => (code === 'not_found' ? 404 : code === 'not_allowed' ? 409 : 400);

/** What was posted and is shown again: the fields as typed, the errors by field, a refusal of the whole form. */
interface Posted {
  fields: Record<string, string>;
  tenderIds: string[];
  errors: FieldErrors;
  refusal: string | null;
}

/** A refusal's (or the form's) messages, worded, as the page shows them: by field, in a summary, and the whole form's on top. */
function present(errors: FieldErrors): { errors: FieldErrors; errorList: Array<{ field: string; message: string }>; refusal: string | null } {
  const { form, ...fields } = errors;
  // The slots are laid out from the time and the length: their error sits at the length.
  if (fields.slots && !fields.slotMinutes) fields.slotMinutes = fields.slots;
  const errorList = Object.entries(fields)
    .filter(([field]) => !(field === 'slotMinutes' && fields.slots))
    .map(([field, message]) => ({ field: fieldAnchors[field] ?? field, message }));
  return { errors: fields, errorList, refusal: form ?? null };
}

const worded = (lang: Lang, errors: DialogueErrors) => wordErrors(lang, errors).errors;

export async function dialogueAdminRoutes(app: FastifyInstance) {
  const pipeline = () => matchingTenders(app.db, tenderFilterSchema.parse({ status: ['planned', 'in_preparation'], sort: 'title' }), 500);

  // ---- the list ----------------------------------------------------------------------------

  app.get('/admin/dialog', async (request, reply) => {
    const lang = request.lang;
    const now = new Date();
    const [coming, past] = await Promise.all([listActivities(app.db, { when: 'coming', now }), listActivities(app.db, { when: 'past', now })]);
    const counts = await signupCountsOf(app.db, [...coming, ...past].map((a) => a.id));
    const row = (a: ActivitySummary) => {
      const c = counts.get(a.id)!;
      return {
        href: `/admin/dialog/${a.id}`,
        title: a.title,
        sample: a.sample,
        kind: kindLabel(a.kind, lang),
        when: whenText(a, lang),
        concerns: concernsOf(a, lang),
        seats: seatsText(a.kind, c, lang),
        waiting: isMeeting(a.kind) ? String(c.waiting) : t(lang, 'dialogueAdmin.list.notApplicable'),
        ...statusOf(a, now, lang),
      };
    };
    const section = (id: string, activities: ActivitySummary[], key: 'coming' | 'past') => ({
      id,
      heading: t(lang, `dialogueAdmin.list.${key}`),
      caption: t(lang, `dialogueAdmin.list.${key}Caption`),
      none: t(lang, key === 'coming' ? 'dialogueAdmin.list.noneComing' : 'dialogueAdmin.list.nonePast'),
      activities: activities.map(row),
    });
    return reply.view('admin/dialogue-list', {
      pageTitle: t(lang, 'dialogueAdmin.list.pageTitle'),
      sections: [section('coming', coming, 'coming'), section('past', past, 'past')],
    });
  });

  // ---- create --------------------------------------------------------------------------------

  async function newPage(reply: FastifyReply, lang: Lang, posted: Posted, status = 200) {
    const shown = present(posted.errors);
    reply.code(status);
    return reply.view('admin/dialogue-new', {
      pageTitle: t(lang, 'dialogueAdmin.form.newPageTitle'),
      form: posted.fields,
      choices: { kinds: kindChoices(posted.fields.kind ?? '', lang), tenders: tenderChoices(await pipeline(), [], posted.tenderIds, lang) },
      showSlots: true,
      showConsultation: true,
      errors: shown.errors,
      errorList: shown.errorList,
      refusal: posted.refusal ?? shown.refusal,
    });
  }

  app.get<{ Querystring: { udbud?: unknown } }>('/admin/dialog/ny', async (request, reply) => {
    const chosen = list(request.query?.udbud);
    return newPage(reply, request.lang, { fields: {}, tenderIds: chosen, errors: {}, refusal: null });
  });

  app.post('/admin/dialog/ny', async (request, reply) => {
    const lang = request.lang;
    const body = bodyOf(request.body);
    const posted: Posted = { fields: typedValues(body), tenderIds: list(body.tenderIds), errors: {}, refusal: null };
    const form = parseForm(activityForm, body, lang);
    if (!form.ok) return newPage(reply, lang, { ...posted, errors: form.errors }, 400);
    const result = await createActivity(app.db, form.data, request.user!);
    if (!result.ok) return newPage(reply, lang, { ...posted, errors: worded(lang, result.errors) }, statusFor(result.code));
    return reply.redirect(`/admin/dialog/${result.id}?gemt=oprettet`, 303);
  });

  // ---- one activity --------------------------------------------------------------------------

  interface PagePosted {
    activity?: Posted;
    cancel?: { reason: string; errors: FieldErrors };
    outcome?: { fields: Record<string, string>; errors: FieldErrors };
    notice?: string | null;
  }

  const notFound = (reply: FastifyReply, lang: Lang, id: string | number) =>
    renderError(reply, 404, t(lang, 'dialogueAdmin.page.notFoundTitle'), t(lang, 'dialogueAdmin.page.notFoundMessage', { id: String(id) }));

  /** The activity's page; a 404 page when there is none. */
  async function activityPage(reply: FastifyReply, id: number, lang: Lang, posted: PagePosted, status = 200) {
    const [view, input] = await Promise.all([activityView(app.db, id), activityInputOf(app.db, id)]);
    if (!view || !input) return notFound(reply, lang, id);
    const stored = fieldsOf(input);
    const form = posted.activity ?? { fields: stored.fields, tenderIds: stored.tenderIds, errors: {}, refusal: null };
    const shown = present({ ...form.errors, ...(posted.cancel?.errors ?? {}), ...(posted.outcome?.errors ?? {}) });
    const [attendees, comments, tenders] = await Promise.all([
      view.kind === 'written_consultation' ? null : attendeesSection(app.db, id, lang),
      view.kind === 'written_consultation' ? commentsSection(app.db, id, lang) : null,
      pipeline(),
    ]);
    reply.code(status);
    return reply.view('admin/dialogue', {
      pageTitle: t(lang, 'dialogueAdmin.page.pageTitle', { title: view.title }),
      activity: {
        title: view.title,
        kind: kindLabel(view.kind, lang),
        ...statusOf(view, new Date(), lang),
        publicHref: `/dialog/${view.id}`,
        adminHref: `/admin/dialog/${view.id}`,
        when: whenText(view, lang),
        place: view.place,
        onlineUrl: view.onlineUrl,
        concerns: concernsOf(view, lang),
        seats: isMeeting(view.kind) || view.kind === 'one_to_one' ? seatsText(view.kind, countsOf(view), lang) : null,
        signupDeadline: view.signupDeadline ? formatDateTime(view.signupDeadline, lang) : null,
        draftUrl: view.draftUrl,
        commentDeadline: view.commentDeadline ? formatDateTime(view.commentDeadline, lang) : null,
        sequence: view.sequence,
        cancelReason: view.status === 'cancelled' ? view.cancelReason : null,
      },
      cancelled: view.status === 'cancelled',
      notice: posted.notice ?? null,
      refusal: form.refusal ?? shown.refusal,
      errors: shown.errors,
      errorList: shown.errorList,
      kindFixed: t(lang, 'dialogueAdmin.form.kindFixed', { kind: kindLabel(view.kind, lang) }),
      form: { ...form.fields, kind: view.kind },
      choices: { tenders: tenderChoices(tenders, view.tenders, form.tenderIds, lang) },
      showSlots: view.kind === 'one_to_one',
      showConsultation: view.kind === 'written_consultation',
      slotsNow: view.slots.map((slot) => ({ time: whenText({ kind: 'one_to_one', startsAt: slot.startsAt, endsAt: slot.endsAt, commentDeadline: null }, lang), booked: !slot.free })),
      showSignups: attendees !== null,
      ...(attendees ?? {}),
      showComments: comments !== null,
      comments: comments ?? [],
      cancel: { reason: posted.cancel?.reason ?? '' },
      outcome: posted.outcome?.fields ?? { summary: view.outcome?.summary ?? '', learned: view.outcome?.learned ?? '', changesMade: view.outcome?.changesMade ?? '' },
      outcomePublished: view.outcome ? t(lang, 'dialogueAdmin.page.outcomePublished', { date: formatDateTime(view.outcome.publishedAt, lang) }) : null,
    });
  }

  /** The id in the path, or null for one that cannot be an activity's. */
  const idOf = (raw: string) => (/^\d{1,9}$/.test(raw) ? Number(raw) : null);

  app.get<{ Params: { id: string }; Querystring: { gemt?: unknown; mails?: unknown } }>('/admin/dialog/:id', async (request, reply) => {
    const lang = request.lang;
    const id = idOf(request.params.id);
    if (id === null) return notFound(reply, lang, request.params.id);
    const saved = typeof request.query?.gemt === 'string' ? request.query.gemt : '';
    const mails = typeof request.query?.mails === 'string' && /^\d{1,6}$/.test(request.query.mails) ? Number(request.query.mails) : 0;
    let notice: string | null = Object.hasOwn(notices, saved) ? t(lang, notices[saved]!) : null;
    if (saved === 'gemt' && mails > 0) notice = t(lang, mails === 1 ? 'dialogueAdmin.page.savedMailedOne' : 'dialogueAdmin.page.savedMailed', { count: mails });
    return activityPage(reply, id, lang, { notice });
  });

  app.post<{ Params: { id: string } }>('/admin/dialog/:id', async (request, reply) => {
    const lang = request.lang;
    const id = idOf(request.params.id);
    if (id === null) return notFound(reply, lang, request.params.id);
    const body = bodyOf(request.body);
    const posted: Posted = { fields: typedValues(body), tenderIds: list(body.tenderIds), errors: {}, refusal: null };
    const form = parseForm(activityForm, body, lang);
    if (!form.ok) return activityPage(reply, id, lang, { activity: { ...posted, errors: form.errors } }, 400);
    const result = await updateActivity(app.db, id, form.data, request.user!);
    if (!result.ok) return activityPage(reply, id, lang, { activity: { ...posted, errors: worded(lang, result.errors) } }, statusFor(result.code));
    return reply.redirect(`/admin/dialog/${id}?gemt=gemt${result.notified > 0 ? `&mails=${result.notified}` : ''}`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/dialog/:id/aflys', async (request, reply) => {
    const lang = request.lang;
    const id = idOf(request.params.id);
    if (id === null) return notFound(reply, lang, request.params.id);
    const form = parseForm(cancelForm, request.body, lang);
    const reason = typedValues(request.body).reason ?? '';
    if (!form.ok) return activityPage(reply, id, lang, { cancel: { reason, errors: form.errors } }, 400);
    const result = await cancelActivity(app.db, id, form.data.reason, request.user!);
    if (!result.ok) return activityPage(reply, id, lang, { cancel: { reason, errors: worded(lang, result.errors) } }, statusFor(result.code));
    return reply.redirect(`/admin/dialog/${id}?gemt=aflyst`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/dialog/:id/resultat', async (request, reply) => {
    const lang = request.lang;
    const id = idOf(request.params.id);
    if (id === null) return notFound(reply, lang, request.params.id);
    const form = parseForm(outcomeForm, request.body, lang);
    const typed = typedValues(request.body);
    const fields = { summary: typed.summary ?? '', learned: typed.learned ?? '', changesMade: typed.changesMade ?? '' };
    if (!form.ok) return activityPage(reply, id, lang, { outcome: { fields, errors: form.errors } }, 400);
    const result = await publishOutcome(app.db, id, form.data, request.user!);
    if (!result.ok) return activityPage(reply, id, lang, { outcome: { fields, errors: worded(lang, result.errors) } }, statusFor(result.code));
    return reply.redirect(`/admin/dialog/${id}?gemt=resultat`, 303);
  });
}

/** The counts of one activity from its view, in the list's terms. */
const countsOf = (view: { capacity: number | null; seatsTaken: number; waiting: number; slots: Array<{ free: boolean }> }) => ({
  capacity: view.capacity,
  seatsTaken: view.seatsTaken,
  waiting: view.waiting,
  slots: view.slots.length,
  slotsBooked: view.slots.filter((slot) => !slot.free).length,
});
