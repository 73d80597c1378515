import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TenderRow } from '../../db/types.js';
import { publishedQuestions } from '../../dialogue/published.js';
import { questionDeadlineOf } from '../../dialogue/question-deadlines.js';
import { rejectedQuestions, tenderForQuestions, unansweredCount, type UnansweredQuestion, unansweredQuestions } from '../../dialogue/question-views.js';
import { correctAnswer, type OfficerRefusal, publishAnswer, rejectQuestion, setQuestionDeadline } from '../../dialogue/questions.js';
import { MAX_ANSWER_LENGTH, MAX_QUESTION_LENGTH } from '../../domain/dialogue.js';
import { copenhagenInstant, wallClock } from '../../domain/period.js';
import { t, type Lang, type TranslationKey } from '../../i18n/index.js';
import { formatDateTime } from '../../wording/format.js';
import { renderError } from '../errors.js';
import { presentQuestion } from '../public/questions.js';
import { typedValues, type FieldErrors } from './forms.js';

// The officers' side of questions and answers. /admin/spoergsmaal: every question waiting for an
// answer, on any tender, with who asked and when the answer is due. /admin/udbud/{id}/spoergsmaal:
// one tender's received questions (who asked, the wording as received), the form that publishes
// one answer to one or several of them (each reworded), rejection with a reason, the published
// answers with their versions, late flags and a correction form, and the question deadline.

const rulesOf = (app: FastifyInstance) => ({ nationalDays: app.config.questionDaysNational });
const questionsPath = (id: string) => `/admin/udbud/${encodeURIComponent(id)}/spoergsmaal`;

const savedMessages: Record<string, TranslationKey> = {
  svar: 'questions.tender.saved.answer',
  'svar-sent': 'questions.tender.saved.answerLate',
  rettet: 'questions.tender.saved.correction',
  afvist: 'questions.tender.saved.rejected',
  frist: 'questions.tender.saved.deadline',
};

/** Who asked, for officers only: the firm (with CVR) and contact, or a guest's firm name and address. */
function askerText(q: UnansweredQuestion, lang: Lang) {
  const a = q.asker;
  const parts = a.guest
    ? [a.firmName, t(lang, 'questions.admin.guest'), a.email]
    : [a.firmName, a.cvr ? t(lang, 'questions.admin.cvr', { cvr: a.cvr }) : null, a.contactName, a.email];
  return parts.filter(Boolean).join(', ');
}

function timingText(q: UnansweredQuestion, lang: Lang) {
  if (q.timingNow.late) return { late: true, text: t(lang, 'questions.admin.lateNow', { date: formatDateTime(q.timingNow.suggestedDeadline, lang) }) };
  if (q.answerDue) return { late: false, text: t(lang, 'questions.admin.answerBy', { date: formatDateTime(q.answerDue, lang) }) };
  return { late: false, text: t(lang, 'questions.admin.noBidDeadline') };
}

/** The forms of the tender's page as posted, when shown again after a refusal. */
interface Posted {
  form: 'answer' | 'reject' | 'correct' | 'deadline';
  /** The question (reject) or answer (correct) the form was for. */
  target?: number;
  typed: Record<string, string>;
  picked?: number[];
  errors: FieldErrors;
  refusal?: string;
}

const pad = (n: string) => n.padStart(2, '0');

/** The form fields of a deadline, in Copenhagen time. */
function deadlineFields(deadline: Date | null) {
  if (!deadline) return { date: '', time: '' };
  const c = wallClock(deadline);
  return { date: `${c.year}-${pad(c.month)}-${pad(c.day)}`, time: `${pad(c.hour)}:${pad(c.minute)}` };
}

async function tenderQuestionsPage(app: FastifyInstance, row: TenderRow, lang: Lang, posted: Posted | null, saved: string | null) {
  const rules = rulesOf(app);
  const now = new Date();
  const [received, published, rejected, deadline] = await Promise.all([
    unansweredQuestions(app.db, row.id, rules, now),
    publishedQuestions(app.db, row.id),
    rejectedQuestions(app.db, row.id),
    questionDeadlineOf(app.db, row, rules, now),
  ]);
  const answerPosted = posted?.form === 'answer' ? posted : null;
  // One answer may cover several questions: the published list grouped by answer.
  const answers = new Map<number, typeof published>();
  for (const q of published) if (q.answerId !== null) answers.set(q.answerId, [...(answers.get(q.answerId) ?? []), q]);
  const deadlineText =
    deadline.source === 'set'
      ? t(lang, 'questions.tender.deadlineSet', { deadline: formatDateTime(deadline.deadline!, lang) })
      : deadline.source === 'default'
        ? t(lang, 'questions.tender.deadlineDefault', { deadline: formatDateTime(deadline.deadline!, lang), days: deadline.answerDays })
        : t(lang, 'questions.tender.deadlineNone');
  const deadlineTyped = posted?.form === 'deadline' ? posted.typed : deadline.source === 'set' ? deadlineFields(deadline.deadline) : { date: '', time: '' };
  const errorList = posted ? Object.entries(posted.errors).map(([field, message]) => ({ field, message })) : [];
  return {
    pageTitle: t(lang, 'questions.tender.pageTitle', { title: row.title }),
    tender: { id: row.id, title: row.title, adminHref: `/admin/udbud/${encodeURIComponent(row.id)}`, href: `/udbud/${encodeURIComponent(row.id)}` },
    saved: saved && Object.hasOwn(savedMessages, saved) ? t(lang, savedMessages[saved]!) : null,
    refusal: posted?.refusal ?? null,
    errorList,
    deadline: {
      text: deadlineText,
      answerDays: t(lang, 'questions.tender.answerDays', { days: deadline.answerDays, eu: deadline.isEu ? t(lang, 'questions.tender.euRule') : '' }),
      action: `${questionsPath(row.id)}/frist`,
      date: deadlineTyped.date ?? '',
      time: deadlineTyped.time ?? '',
      errors: posted?.form === 'deadline' ? posted.errors : {},
    },
    received: received.map((q) => {
      const who = askerText(q, lang);
      const picked = answerPosted ? (answerPosted.picked ?? []).includes(q.id) : false;
      const rejectPosted = posted?.form === 'reject' && posted.target === q.id ? posted : null;
      return {
        id: q.id,
        textName: `text-${q.id}`,
        reasonName: `reason-${q.id}`,
        who,
        pickLabel: t(lang, 'questions.tender.pick', { who }),
        receivedText: t(lang, 'questions.tender.receivedText', { date: formatDateTime(q.receivedAt, lang), who }),
        original: q.text,
        picked,
        published: answerPosted ? (answerPosted.typed[`text-${q.id}`] ?? q.text) : q.text,
        publishedError: answerPosted?.errors[`text-${q.id}`] ?? null,
        timing: timingText(q, lang),
        rejectAction: `${questionsPath(row.id)}/${q.id}/afvis`,
        rejectReason: rejectPosted?.typed[`reason-${q.id}`] ?? '',
        rejectError: rejectPosted?.errors[`reason-${q.id}`] ?? null,
      };
    }),
    answerForm: {
      action: `${questionsPath(row.id)}/svar`,
      answer: answerPosted?.typed.answer ?? '',
      answerError: answerPosted?.errors.answer ?? null,
      pickError: answerPosted?.errors.q ?? null,
      hint: t(lang, 'questions.tender.answerHint', { max: MAX_ANSWER_LENGTH }),
    },
    published: [...answers.entries()].map(([answerId, questions]) => {
      const versions = questions[0]!.answer;
      const current = versions.at(-1)!;
      const correctPosted = posted?.form === 'correct' && posted.target === answerId ? posted : null;
      return {
        answerId,
        correctName: `correct-${answerId}`,
        heading: t(lang, 'questions.tender.answerTo', { numbers: questions.map((q) => q.number).join(', ') }),
        questions: questions.map((q) => presentQuestion(q, lang)),
        versions: versions.map((v) => ({
          label: t(lang, 'questions.tender.version', { version: v.version, date: formatDateTime(v.publishedAt, lang) }),
          text: v.text,
          late: v.late && v.suggestedDeadline ? t(lang, 'questions.tender.late', { days: deadline.answerDays, date: formatDateTime(v.suggestedDeadline, lang) }) : null,
        })),
        correctAction: `${questionsPath(row.id)}/svar/${answerId}/ret`,
        correctText: correctPosted?.typed[`correct-${answerId}`] ?? current.text,
        correctError: correctPosted?.errors[`correct-${answerId}`] ?? null,
        open: correctPosted !== null,
      };
    }),
    rejected: rejected.map((q) => ({ text: q.text, reason: t(lang, 'questions.tender.rejectedReason', { reason: q.rejected_reason ?? '' }) })),
  };
}

/** An officer refusal as the field it concerns and its message. */
function refusalFor(outcome: OfficerRefusal | { ok: false; reason: 'unchanged' }, lang: Lang, field: string): { errors: FieldErrors; refusal?: string; status: number } {
  switch (outcome.reason) {
    case 'no_questions':
      return { status: 400, errors: { q: t(lang, 'questions.tender.errors.noQuestions') } };
    case 'empty_question':
      return { status: 400, errors: { [`text-${outcome.questionId}`]: t(lang, 'questions.tender.errors.emptyQuestion') } };
    case 'question_too_long':
      return { status: 400, errors: { [field === 'answer' ? `text-${outcome.questionId}` : field]: t(lang, field === 'answer' ? 'questions.tender.errors.questionTooLong' : 'questions.tender.errors.reasonTooLong', { max: MAX_QUESTION_LENGTH }) } };
    case 'empty_answer':
      return { status: 400, errors: { [field]: t(lang, 'questions.tender.errors.emptyAnswer') } };
    case 'answer_too_long':
      return { status: 400, errors: { [field]: t(lang, 'questions.tender.errors.answerTooLong', { max: MAX_ANSWER_LENGTH }) } };
    case 'empty_reason':
      return { status: 400, errors: { [field]: t(lang, 'questions.tender.errors.emptyReason') } };
    case 'unchanged':
      return { status: 409, errors: {}, refusal: t(lang, 'questions.tender.errors.unchanged') };
    case 'deadline_after_bid':
      return { status: 400, errors: { date: t(lang, 'questions.tender.errors.deadlineAfterBid', { deadline: '' }) } };
    case 'not_received':
    case 'not_found':
      return { status: 409, errors: {}, refusal: t(lang, 'questions.tender.errors.notReceived') };
  }
}

type ById = { Params: { id: string }; Querystring: { gemt?: string } };

export async function questionAdminRoutes(app: FastifyInstance) {
  app.get('/admin/spoergsmaal', async (request, reply) => {
    const lang = request.lang;
    const questions = await unansweredQuestions(app.db, null, rulesOf(app));
    return reply.view('admin/questions', {
      pageTitle: t(lang, 'questions.admin.pageTitle'),
      caption: t(lang, 'questions.admin.caption', { count: questions.length }),
      questions: questions.map((q) => ({
        tender: q.tenderTitle,
        tenderId: q.tenderId,
        href: questionsPath(q.tenderId),
        text: q.text,
        who: askerText(q, lang),
        received: formatDateTime(q.receivedAt, lang),
        timing: timingText(q, lang),
      })),
    });
  });

  async function tenderOr404(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    const row = await tenderForQuestions(app.db, request.params.id);
    if (!row) await renderError(reply, 404, t(request.lang, 'errors.tenderNotFoundTitle'), t(request.lang, 'errors.tenderNotFoundMessage', { id: request.params.id }));
    return row;
  }

  async function again(request: FastifyRequest, reply: FastifyReply, row: TenderRow, status: number, posted: Posted) {
    reply.code(status);
    return reply.view('admin/tender-questions', await tenderQuestionsPage(app, row, request.lang, posted, null));
  }

  const savedHref = (id: string, saved: string) => `${questionsPath(id)}?gemt=${saved}`;

  app.get<ById>('/admin/udbud/:id/spoergsmaal', async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    return reply.view('admin/tender-questions', await tenderQuestionsPage(app, row, request.lang, null, typeof request.query.gemt === 'string' ? request.query.gemt : null));
  });

  app.post<ById>('/admin/udbud/:id/spoergsmaal/svar', async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    const typed = typedValues(request.body);
    const rawPicked = (request.body as Record<string, unknown> | null)?.q;
    const picked = [rawPicked ?? []].flat().map((v) => Number(v)).filter((n) => Number.isSafeInteger(n) && n > 0);
    const questions = picked.map((id) => ({ id, text: typed[`text-${id}`] ?? '' }));
    const outcome = await publishAnswer(app.db, request.user!, row.id, { questions, answer: typed.answer ?? '' }, rulesOf(app));
    if (!outcome.ok) {
      const refused = refusalFor(outcome, request.lang, 'answer');
      return again(request, reply, row, refused.status, { form: 'answer', typed, picked, errors: refused.errors, refusal: refused.refusal });
    }
    return reply.redirect(savedHref(row.id, outcome.timing.late ? 'svar-sent' : 'svar'), 303);
  });

  app.post<{ Params: { id: string; question: string } }>('/admin/udbud/:id/spoergsmaal/:question/afvis', async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    const typed = typedValues(request.body);
    const questionId = Number(request.params.question);
    const field = `reason-${questionId}`;
    const outcome = Number.isSafeInteger(questionId)
      ? await rejectQuestion(app.db, request.user!, row.id, questionId, typed[field] ?? '')
      : ({ ok: false, reason: 'not_found' } as const);
    if (!outcome.ok) {
      const refused = refusalFor(outcome, request.lang, field);
      return again(request, reply, row, refused.status, { form: 'reject', target: questionId, typed, errors: refused.errors, refusal: refused.refusal });
    }
    return reply.redirect(savedHref(row.id, 'afvist'), 303);
  });

  app.post<{ Params: { id: string; answer: string } }>('/admin/udbud/:id/spoergsmaal/svar/:answer/ret', async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    const typed = typedValues(request.body);
    const answerId = Number(request.params.answer);
    const field = `correct-${answerId}`;
    const outcome = Number.isSafeInteger(answerId)
      ? await correctAnswer(app.db, request.user!, row.id, answerId, typed[field] ?? '', rulesOf(app))
      : ({ ok: false, reason: 'not_found' } as const);
    if (!outcome.ok) {
      const refused = refusalFor(outcome, request.lang, field);
      return again(request, reply, row, refused.status, { form: 'correct', target: answerId, typed, errors: refused.errors, refusal: refused.refusal });
    }
    return reply.redirect(savedHref(row.id, 'rettet'), 303);
  });

  app.post<ById>('/admin/udbud/:id/spoergsmaal/frist', async (request, reply) => {
    const row = await tenderOr404(request, reply);
    if (!row) return reply;
    const lang = request.lang;
    const typed = typedValues(request.body);
    const date = (typed.date ?? '').trim();
    const time = (typed.time ?? '').trim();
    let deadline: Date | null = null;
    if (date || time) {
      deadline = copenhagenInstant(date, time);
      if (!deadline) return again(request, reply, row, 400, { form: 'deadline', typed, errors: { date: t(lang, 'questions.tender.errors.deadlineInvalid') } });
    }
    const outcome = await setQuestionDeadline(app.db, request.user!, row.id, deadline);
    if (!outcome.ok) {
      const errors =
        outcome.reason === 'deadline_after_bid'
          ? { date: t(lang, 'questions.tender.errors.deadlineAfterBid', { deadline: row.tender_deadline ? formatDateTime(row.tender_deadline, lang) : '' }) }
          : { date: t(lang, 'questions.tender.errors.deadlineInvalid') };
      return again(request, reply, row, 400, { form: 'deadline', typed, errors });
    }
    return reply.redirect(savedHref(row.id, 'frist'), 303);
  });
}

/** The back-office tender page's link to its questions, with the number waiting for an answer. */
export async function questionsLink(db: FastifyInstance['db'], tenderId: string, lang: Lang) {
  const count = await unansweredCount(db, tenderId);
  return {
    href: questionsPath(tenderId),
    text: count > 0 ? t(lang, 'questions.admin.backOfficeLink', { count }) : t(lang, 'questions.admin.backOfficeLinkNone'),
  };
}
