import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { prepareForm } from '../../auth/plugin.js';
import type { TenderRow } from '../../db/types.js';
import { GUEST_LINK_HOURS, guestIdFrom, loadGuestSigner, MAX_FIRM_NAME_LENGTH } from '../../dialogue/guests.js';
import { publishedQuestions, questionStats, type PublishedQuestion, type QuestionStats } from '../../dialogue/published.js';
import { questionWindow } from '../../dialogue/question-deadlines.js';
import { tenderForQuestions } from '../../dialogue/question-views.js';
import { askQuestion, type AskRefusal, confirmGuestQuestion } from '../../dialogue/questions.js';
import { MAX_QUESTION_LENGTH } from '../../domain/dialogue.js';
import { t, type Lang } from '../../i18n/index.js';
import { msg } from '../../i18n/messages.js';
import type { LinkSigner } from '../../subscriptions/tokens.js';
import { formatDateTime, isoInstant } from '../../wording/format.js';
import { statusLabel } from '../../wording/labels.js';
import { parseForm, typedValues, type FieldErrors } from '../admin/forms.js';
import { renderError } from '../errors.js';
import { signupLimit } from './firms/limits.js';

// Questions and answers on a tender page: the numbered list of published questions with their
// answers (a correction shows "rettet den …" and the earlier text in a <details>), the number of
// questions and the median time to answer, and the way to ask. A signed-in firm asks in a form on
// the tender page; a visitor gets a link to /udbud/{id}/spoergsmaal (the tender page stays the same
// for every anonymous reader, so cacheable), where a guest gives an e-mail address and the firm's
// name and confirms by the mailed link (/udbud/{id}/spoergsmaal/bekraeft/{token}: GET shows a
// button, since mail scanners fetch links; POST confirms).

const tenderHref = (id: string) => `/udbud/${encodeURIComponent(id)}`;
const askHref = (id: string) => `${tenderHref(id)}/spoergsmaal`;
const withLang = (request: FastifyRequest, url: string) => (request.lang === 'en' ? `${url}${url.includes('?') ? '&' : '?'}lang=en` : url);

const rulesOf = (app: FastifyInstance) => ({ nationalDays: app.config.questionDaysNational });

/** "37 timer", "1 time", "2,5 dage": the median time to answer. */
export function medianText(hours: number, lang: Lang): string {
  if (hours < 48) {
    const rounded = Math.max(1, Math.round(hours));
    return rounded === 1 ? t(lang, 'questions.section.oneHour') : t(lang, 'questions.section.hours', { count: rounded });
  }
  const days = (Math.round((hours / 24) * 10) / 10).toLocaleString(lang === 'en' ? 'en-GB' : 'da-DK');
  return t(lang, 'questions.section.days', { count: days });
}

/** The counts and median as sentences, for the tender page (and any page showing the figures). */
export function statsLines(stats: QuestionStats, lang: Lang): string[] {
  if (stats.questions === 0) return [t(lang, 'questions.section.statsNone')];
  const lines = [
    stats.questions === 1
      ? t(lang, 'questions.section.statsOne', { answered: stats.answered })
      : t(lang, 'questions.section.statsMany', { questions: stats.questions, answered: stats.answered }),
  ];
  if (stats.medianHoursToAnswer !== null) lines.push(t(lang, 'questions.section.median', { time: medianText(stats.medianHoursToAnswer, lang) }));
  return lines;
}

/** A published question with its answer: the current text, "rettet den …" and the earlier versions. */
export function presentQuestion(q: PublishedQuestion, lang: Lang) {
  const current = q.answer.at(-1) ?? null;
  const first = q.answer[0] ?? null;
  return {
    number: q.number,
    heading: t(lang, 'questions.section.number', { number: q.number }),
    text: q.text,
    received: t(lang, 'questions.section.received', { date: formatDateTime(q.receivedAt, lang) }),
    receivedIso: isoInstant(q.receivedAt),
    answer: current
      ? {
          text: current.text,
          answered: t(lang, 'questions.section.answered', { date: formatDateTime(first!.publishedAt, lang) }),
          answeredIso: isoInstant(first!.publishedAt),
          corrected: current.version > 1 ? t(lang, 'questions.section.corrected', { date: formatDateTime(current.publishedAt, lang) }) : null,
          correctedIso: isoInstant(current.publishedAt),
          earlier: q.answer
            .slice(0, -1)
            .reverse()
            .map((v) => ({ summary: t(lang, 'questions.section.earlier', { version: v.version, date: formatDateTime(v.publishedAt, lang) }), text: v.text })),
        }
      : null,
  };
}

/** A question typed into a form that was refused: shown again with why. */
export interface TypedQuestion {
  values: Record<string, string>;
  errors: FieldErrors;
  /** A refusal of the whole question (deadline passed, tender not open), above the form. */
  refusal?: string;
}

/** Why the tender takes no question now, in the reader's words; null when it does. */
function closedText(window: Awaited<ReturnType<typeof questionWindow>>, row: TenderRow, lang: Lang): string | null {
  if (window.open) return null;
  if (row.status !== 'published') return t(lang, 'questions.errors.notOpen', { status: statusLabel(row.status, lang) });
  if (!window.deadline) return t(lang, 'questions.section.noDeadline');
  return t(lang, 'questions.section.deadlinePassed', { deadline: formatDateTime(window.deadline, lang) });
}

/**
 * The tender page's section: null for a tender that takes no questions and has none published.
 * Only a signed-in firm gets a form (and a CSRF token) here.
 */
export async function questionsSection(request: FastifyRequest, reply: FastifyReply, row: TenderRow) {
  const app = request.server;
  const lang = request.lang;
  const [list, stats, window] = await Promise.all([publishedQuestions(app.db, row.id), questionStats(app.db, row.id), questionWindow(app.db, row, rulesOf(app))]);
  if (row.status !== 'published' && list.length === 0) return null;
  const firm = request.firm;
  const open = window.open;
  if (open && firm && firm.status !== 'rejected') prepareForm(request, reply);
  return {
    questions: list.map((q) => presentQuestion(q, lang)),
    stats: statsLines(stats, lang),
    deadline: open && window.deadline ? t(lang, 'questions.section.deadline', { deadline: formatDateTime(window.deadline, lang) }) : null,
    closed: row.status === 'published' ? closedText(window, row, lang) : null,
    askHref: askHref(row.id),
    anonymous: open && !firm,
    rejected: open && firm?.status === 'rejected',
    form: open && firm && firm.status !== 'rejected' ? questionForm(row.id, {}, {}, lang) : null,
  };
}

/** The question field (and, for a guest, the address and firm name) as typed, with errors. */
function questionForm(tenderId: string, values: Record<string, string>, errors: FieldErrors, lang: Lang) {
  return {
    action: askHref(tenderId),
    text: values.text ?? '',
    email: values.email ?? '',
    firmName: values.firmName ?? '',
    errors,
    hint: t(lang, 'questions.section.hint', { max: MAX_QUESTION_LENGTH }),
  };
}

const textField = z
  .string({ error: msg('questions.errors.empty') })
  .trim()
  .min(1, msg('questions.errors.empty'))
  .max(MAX_QUESTION_LENGTH, msg('questions.errors.tooLong', { max: MAX_QUESTION_LENGTH }));

const firmQuestion = z.object({ text: textField, _csrf: z.string().optional() });
const guestQuestion = z.object({
  text: textField,
  email: z
    .string({ error: msg('questions.errors.email') })
    .trim()
    .min(1, msg('questions.errors.email'))
    .max(254, msg('questions.errors.emailTooLong'))
    .pipe(z.email({ error: msg('questions.errors.emailInvalid') })),
  firmName: z
    .string({ error: msg('questions.errors.firmName') })
    .trim()
    .min(1, msg('questions.errors.firmName'))
    .max(MAX_FIRM_NAME_LENGTH, msg('questions.errors.firmNameTooLong', { max: MAX_FIRM_NAME_LENGTH })),
  _csrf: z.string().optional(),
});

/** The refusal of a whole question, in the reader's words. */
function refusalText(outcome: AskRefusal, lang: Lang): string {
  switch (outcome.reason) {
    case 'deadline_passed':
      return outcome.deadline ? t(lang, 'questions.errors.deadlinePassed', { deadline: formatDateTime(outcome.deadline, lang) }) : t(lang, 'questions.errors.noDeadline');
    case 'not_open':
      return t(lang, 'questions.errors.notOpen', { status: statusLabel(outcome.status, lang) });
    case 'rejected':
      return t(lang, 'questions.errors.rejected');
    case 'empty':
      return t(lang, 'questions.errors.empty');
    case 'too_long':
      return t(lang, 'questions.errors.tooLong', { max: MAX_QUESTION_LENGTH });
    default:
      return t(lang, 'questions.errors.notSentTitle');
  }
}

const tenderNotFound = (request: FastifyRequest, reply: FastifyReply, id: string) =>
  renderError(reply, 404, t(request.lang, 'errors.tenderNotFoundTitle'), t(request.lang, 'errors.tenderNotFoundMessage', { id }));

/** The ask page: the form (guest fields for a visitor), or why the tender takes no question now. */
async function askPage(request: FastifyRequest, reply: FastifyReply, row: TenderRow, typed: TypedQuestion | null, status = 200) {
  const app = request.server;
  const lang = request.lang;
  const window = await questionWindow(app.db, row, rulesOf(app));
  const firm = request.firm;
  const closed = typed?.refusal ?? closedText(window, row, lang) ?? (firm?.status === 'rejected' ? t(lang, 'questions.section.rejected') : null);
  prepareForm(request, reply);
  const errors = typed?.errors ?? {};
  reply.code(status);
  return reply.view('pages/question-ask', {
    pageTitle: t(lang, 'questions.ask.pageTitle', { title: row.title }),
    about: t(lang, 'questions.ask.about', { title: row.title }),
    tenderHref: tenderHref(row.id),
    closed,
    // The form is shown again with the text after a refusal; a closed tender offers none.
    form: closed && !typed ? null : questionForm(row.id, typed?.values ?? {}, errors, lang),
    guest: !firm,
    signedInAs: firm ? t(lang, 'questions.ask.signedInAs', { firm: firm.firmName }) : null,
    guestIntro: t(lang, 'questions.ask.guestIntro', { hours: GUEST_LINK_HOURS }),
    deadline: window.open && window.deadline ? t(lang, 'questions.section.deadline', { deadline: formatDateTime(window.deadline, lang) }) : null,
    errorList: Object.entries(errors).map(([field, message]) => ({ field, message })),
  });
}

type ById = { Params: { id: string } };
type ByToken = { Params: { id: string; token: string } };

export async function questionRoutes(app: FastifyInstance) {
  // Questions send mail (a receipt, a guest's link): per client IP address, as the firms' forms.
  await app.register(fastifyRateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (request, context) =>
      Object.assign(new Error(t(request.lang, 'firmAccount.errors.tooManyMessage', { minutes: Math.max(1, Math.ceil(context.ttl / 60_000)) })), {
        statusCode: 429,
        title: t(request.lang, 'firmAccount.errors.tooManyTitle'),
      }),
  });

  let signer: LinkSigner | undefined;
  const guestOf = async (token: string) => guestIdFrom((signer ??= await loadGuestSigner(app.db)), token);

  app.get<ById>('/udbud/:id/spoergsmaal', async (request, reply) => {
    const row = await tenderForQuestions(app.db, request.params.id);
    if (!row) return tenderNotFound(request, reply, request.params.id);
    return askPage(request, reply, row, null);
  });

  app.post<ById>('/udbud/:id/spoergsmaal', { preHandler: app.csrfProtection, config: { rateLimit: signupLimit(app) } }, async (request, reply) => {
    const row = await tenderForQuestions(app.db, request.params.id);
    if (!row) return tenderNotFound(request, reply, request.params.id);
    const lang = request.lang;
    const values = typedValues(request.body);
    const firm = request.firm;
    if (firm) {
      const form = parseForm(firmQuestion, request.body, lang);
      if (!form.ok) return askPage(request, reply, row, { values, errors: form.errors }, 400);
      const outcome = await askQuestion(app.db, { kind: 'firm', firmId: firm.firmId, contactId: firm.contactId, lang }, row.id, form.data.text, rulesOf(app));
      if (!outcome.ok) return refusedQuestion(request, reply, row, values, outcome);
      return reply.redirect(withLang(request, `${askHref(row.id)}/modtaget`), 303);
    }
    const form = parseForm(guestQuestion, request.body, lang);
    if (!form.ok) return askPage(request, reply, row, { values, errors: form.errors }, 400);
    const outcome = await askQuestion(app.db, { kind: 'guest', email: form.data.email, firmName: form.data.firmName, lang }, row.id, form.data.text, rulesOf(app));
    if (!outcome.ok) return refusedQuestion(request, reply, row, values, outcome);
    request.log.info({ tenderId: row.id }, 'guest question waiting for confirmation');
    return reply.redirect(withLang(request, `${askHref(row.id)}/tjek-din-mail`), 303);
  });

  function refusedQuestion(request: FastifyRequest, reply: FastifyReply, row: TenderRow, values: Record<string, string>, outcome: AskRefusal) {
    if (outcome.reason === 'not_found') return tenderNotFound(request, reply, row.id);
    const message = refusalText(outcome, request.lang);
    if (outcome.reason === 'empty' || outcome.reason === 'too_long') return askPage(request, reply, row, { values, errors: { text: message } }, 400);
    const status = outcome.reason === 'rejected' ? 403 : 409;
    return askPage(request, reply, row, { values, errors: {}, refusal: message }, status);
  }

  app.get<ById>('/udbud/:id/spoergsmaal/tjek-din-mail', async (request, reply) =>
    reply.view('pages/question-done', {
      pageTitle: t(request.lang, 'questions.sent.pageTitle'),
      heading: t(request.lang, 'questions.sent.heading'),
      text: t(request.lang, 'questions.sent.text', { hours: GUEST_LINK_HOURS }),
      tenderHref: tenderHref(request.params.id),
    }),
  );

  app.get<ById>('/udbud/:id/spoergsmaal/modtaget', async (request, reply) =>
    reply.view('pages/question-done', {
      pageTitle: t(request.lang, 'questions.receivedPage.pageTitle'),
      heading: t(request.lang, 'questions.receivedPage.heading'),
      text: t(request.lang, 'questions.receivedPage.text'),
      tenderHref: tenderHref(request.params.id),
    }),
  );

  const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
    renderError(reply, 400, t(request.lang, 'questions.confirm.invalidTitle'), t(request.lang, 'questions.confirm.invalidMessage'));

  app.get<ByToken>('/udbud/:id/spoergsmaal/bekraeft/:token', async (request, reply) => {
    const guestId = await guestOf(request.params.token);
    const row = await tenderForQuestions(app.db, request.params.id);
    if (!guestId || !row) return invalidLink(request, reply);
    prepareForm(request, reply);
    return reply.view('pages/question-confirm', {
      pageTitle: t(request.lang, 'questions.confirm.pageTitle'),
      text: t(request.lang, 'questions.confirm.text', { title: row.title }),
      action: withLang(request, `${askHref(row.id)}/bekraeft/${encodeURIComponent(request.params.token)}`),
    });
  });

  app.post<ByToken>('/udbud/:id/spoergsmaal/bekraeft/:token', { preHandler: app.csrfProtection }, async (request, reply) => {
    const lang = request.lang;
    const guestId = await guestOf(request.params.token);
    if (!guestId) return invalidLink(request, reply);
    const outcome = await confirmGuestQuestion(app.db, guestId, request.params.id, rulesOf(app));
    if (outcome.ok) return reply.redirect(withLang(request, `${askHref(request.params.id)}/modtaget`), 303);
    switch (outcome.reason) {
      case 'unknown':
      case 'not_found':
        return invalidLink(request, reply);
      case 'expired':
        return renderError(reply, 410, t(lang, 'questions.confirm.expiredTitle'), t(lang, 'questions.confirm.expiredMessage', { hours: GUEST_LINK_HOURS }));
      default:
        return renderError(reply, 409, t(lang, 'questions.errors.notSentTitle'), refusalText(outcome, lang));
    }
  });
}
