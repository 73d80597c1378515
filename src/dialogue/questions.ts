import { sql } from 'kysely';
import type { Actor } from '../audit/audit.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import type { TenderRow } from '../db/types.js';
import { answerTiming, MAX_ANSWER_LENGTH, MAX_QUESTION_LENGTH, questionsOpen, type AnswerTiming } from '../domain/dialogue.js';
import type { Lang } from '../i18n/index.js';
import { appendEvents } from '../tenders/events.js';
import { lockTender } from '../tenders/repository.js';
import { confirmGuest, createGuest, MAX_FIRM_NAME_LENGTH } from './guests.js';
import { queueDialogueMail } from './mail-queue.js';
import { questionDeadlineOf, type QuestionRules } from './question-deadlines.js';

// Questions on a tender open for bids, answered in the open. A signed-in firm's question counts as
// received at once; a guest's once the link mailed to the address is followed. Officers publish a
// question only together with its answer (one answer may cover several questions), reworded so
// nothing identifies the asker: the received text stays on the row and, when it differs, in the
// audit entry. Numbers 1, 2, 3 … are given at publication. A correction is a new version of the
// answer (and a new 'answer' event): nothing published changes silently. An answer published
// later than the rule allows (EU: 6 days before the bid deadline) is flagged with the bid deadline
// that would give bidders the days again.
//
// This file holds the writes; the deadline rule is in question-deadlines.ts, and what officers
// read (received, unanswered, set-aside questions) in question-views.ts.

/** Who asks: a signed-in firm's contact person, or a guest by e-mail address (confirmed by link). */
export type Asker =
  | { kind: 'firm'; firmId: string; contactId: string; lang: Lang }
  | { kind: 'guest'; email: string; firmName: string; lang: Lang };

export type AskRefusal =
  | { ok: false; reason: 'not_found' | 'rejected' | 'empty' | 'too_long' | 'bad_guest' }
  | { ok: false; reason: 'not_open'; status: string }
  | { ok: false; reason: 'deadline_passed'; deadline: Date | null };

export type AskOutcome = { ok: true; questionId: number; status: 'received' | 'unconfirmed' } | AskRefusal;

/** Why the tender takes no question now, or null when it does. */
async function closedFor(db: Executor, row: TenderRow, rules: QuestionRules, now: Date): Promise<AskRefusal | null> {
  if (row.status !== 'published') return { ok: false, reason: 'not_open', status: row.status };
  const { deadline } = await questionDeadlineOf(db, row, rules, now);
  if (!questionsOpen(deadline, now)) return { ok: false, reason: 'deadline_passed', deadline };
  return null;
}

/**
 * Takes a question: a firm's is received at once (and its receipt queued); a guest's waits for the
 * link mailed to the address (the guest row queues it). Nothing is written when it is refused.
 */
export async function askQuestion(db: Db, asker: Asker, tenderId: string, text: string, rules: QuestionRules, now = new Date()): Promise<AskOutcome> {
  const question = text.trim();
  if (!question) return { ok: false, reason: 'empty' };
  if (question.length > MAX_QUESTION_LENGTH) return { ok: false, reason: 'too_long' };
  if (asker.kind === 'guest') {
    const email = asker.email.trim();
    const firmName = asker.firmName.trim();
    if (!email || email.length > 254 || !email.includes('@') || !firmName || firmName.length > MAX_FIRM_NAME_LENGTH) return { ok: false, reason: 'bad_guest' };
  }
  return db.transaction().execute(async (trx): Promise<AskOutcome> => {
    const row = await lockTender(trx, tenderId);
    if (!row) return { ok: false, reason: 'not_found' };
    const closed = await closedFor(trx, row, rules, now);
    if (closed) return closed;
    if (asker.kind === 'firm') {
      const firm = await trx.selectFrom('firms').select('status').where('id', '=', asker.firmId).executeTakeFirst();
      if (!firm || firm.status === 'rejected') return { ok: false, reason: 'rejected' };
      const { id } = await trx
        .insertInto('questions')
        .values({ tender_id: tenderId, firm_id: asker.firmId, contact_id: asker.contactId, text: question, lang: asker.lang, status: 'received', received_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await queueDialogueMail(trx, { contactId: asker.contactId }, 'question_received', { questionId: id });
      return { ok: true, questionId: id, status: 'received' };
    }
    const guestId = await createGuest(trx, { email: asker.email, firmName: asker.firmName, lang: asker.lang }, 'question');
    const { id } = await trx
      .insertInto('questions')
      .values({ tender_id: tenderId, guest_id: guestId, text: question, lang: asker.lang, status: 'unconfirmed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true, questionId: id, status: 'unconfirmed' };
  });
}

export type GuestQuestionConfirmation =
  | { ok: true; questionId: number; firstTime: boolean }
  | { ok: false; reason: 'unknown' | 'expired' }
  | AskRefusal;

/**
 * Confirms a guest's question from the mailed link: it counts as received now (so only while the
 * tender still takes questions), and the receipt is queued. A link followed again changes nothing.
 */
export async function confirmGuestQuestion(db: Db, guestId: string, tenderId: string, rules: QuestionRules, now = new Date()): Promise<GuestQuestionConfirmation> {
  return db.transaction().execute(async (trx): Promise<GuestQuestionConfirmation> => {
    const question = await trx
      .selectFrom('questions')
      .select(['id', 'status'])
      .where('guest_id', '=', guestId)
      .where('tender_id', '=', tenderId)
      .executeTakeFirst();
    if (!question) return { ok: false, reason: 'unknown' };
    const row = await lockTender(trx, tenderId);
    if (!row) return { ok: false, reason: 'unknown' };
    if (question.status === 'unconfirmed') {
      const closed = await closedFor(trx, row, rules, now);
      if (closed) return closed;
    }
    const confirmed = await confirmGuest(trx, guestId);
    if (!confirmed.ok) return confirmed;
    if (!confirmed.firstTime) return { ok: true, questionId: question.id, firstTime: false };
    await trx.updateTable('questions').set({ status: 'received', received_at: now }).where('id', '=', question.id).execute();
    await queueDialogueMail(trx, { guestId }, 'question_received', { questionId: question.id });
    return { ok: true, questionId: question.id, firstTime: true };
  });
}

/** What the officer publishes: the chosen questions as worded for the public, and the answer. */
export interface NewAnswer {
  questions: Array<{ id: number; text: string }>;
  answer: string;
}

export type OfficerRefusal =
  | { ok: false; reason: 'not_found' | 'no_questions' | 'not_received' | 'empty_answer' | 'answer_too_long' | 'empty_reason' | 'deadline_after_bid' }
  | { ok: false; reason: 'empty_question' | 'question_too_long'; questionId: number };

export type PublishOutcome = { ok: true; answerId: number; numbers: number[]; timing: AnswerTiming } | OfficerRefusal;

async function daysFor(db: Executor, row: TenderRow, rules: QuestionRules, now: Date) {
  return (await questionDeadlineOf(db, row, rules, now)).answerDays;
}

/** Writes one version of an answer (1 first, higher for a correction), flagged late when `timing` says so. */
export async function insertAnswerVersion(
  trx: Executor,
  v: { answerId: number; version: number; text: string; at: Date; actor: Pick<Actor, 'id'>; timing: AnswerTiming },
): Promise<void> {
  await trx
    .insertInto('answer_versions')
    .values({
      answer_id: v.answerId,
      version: v.version,
      text: v.text,
      published_at: v.at,
      published_by: v.actor.id,
      late: v.timing.late,
      suggested_deadline: v.timing.late ? v.timing.suggestedDeadline : null,
    })
    .execute();
}

/** The highest question number on the tender so far; 0 before any is published. */
export async function lastQuestionNumber(trx: Executor, tenderId: string): Promise<number> {
  const { last } = await trx
    .selectFrom('questions')
    .select(sql<number>`coalesce(max(number), 0)::int`.as('last'))
    .where('tender_id', '=', tenderId)
    .executeTakeFirstOrThrow();
  return last;
}

/**
 * Publishes one answer to one or more received questions of the tender, each as reworded: numbers
 * in the order given, the answer's first version (flagged late when it is), an 'answer' event,
 * an audit entry with the received wording where it differs, and a mail to each asker.
 */
export async function publishAnswer(db: Db, actor: Actor, tenderId: string, input: NewAnswer, rules: QuestionRules, now = new Date()): Promise<PublishOutcome> {
  const answer = input.answer.trim();
  if (input.questions.length === 0) return { ok: false, reason: 'no_questions' };
  for (const q of input.questions) {
    const text = q.text.trim();
    if (!text) return { ok: false, reason: 'empty_question', questionId: q.id };
    if (text.length > MAX_QUESTION_LENGTH) return { ok: false, reason: 'question_too_long', questionId: q.id };
  }
  if (!answer) return { ok: false, reason: 'empty_answer' };
  if (answer.length > MAX_ANSWER_LENGTH) return { ok: false, reason: 'answer_too_long' };
  return db.transaction().execute(async (trx): Promise<PublishOutcome> => {
    // The tender's lock serialises numbering: two officers publishing at once get 1 and 2.
    const row = await lockTender(trx, tenderId);
    if (!row) return { ok: false, reason: 'not_found' };
    const ids = [...new Set(input.questions.map((q) => q.id))];
    const stored = await trx
      .selectFrom('questions')
      .select(['id', 'text', 'status', 'contact_id', 'guest_id'])
      .where('tender_id', '=', tenderId)
      .where('id', 'in', ids)
      .forUpdate()
      .execute();
    if (stored.length !== ids.length || stored.some((q) => q.status !== 'received')) return { ok: false, reason: 'not_received' };
    const timing = answerTiming(now, row.tender_deadline, await daysFor(trx, row, rules, now));
    const { id: answerId } = await trx
      .insertInto('answers')
      .values({ tender_id: tenderId, created_at: now, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertAnswerVersion(trx, { answerId, version: 1, text: answer, at: now, actor, timing });
    const byId = new Map(stored.map((q) => [q.id, q]));
    const published: Array<{ id: number; number: number; publishedText: string; receivedText?: string }> = [];
    let number = await lastQuestionNumber(trx, tenderId);
    for (const id of ids) {
      const q = byId.get(id)!;
      const text = input.questions.find((x) => x.id === id)!.text.trim();
      number += 1;
      await trx
        .updateTable('questions')
        .set({ status: 'published', number, published_text: text, published_at: now, published_by: actor.id, answer_id: answerId })
        .where('id', '=', id)
        .execute();
      published.push({ id, number, publishedText: text, ...(text !== q.text ? { receivedText: q.text } : {}) });
      const to = q.contact_id ? { contactId: q.contact_id } : q.guest_id ? { guestId: q.guest_id } : null;
      if (to) await queueDialogueMail(trx, to, 'question_answered', { questionId: id });
    }
    const numbers = published.map((p) => p.number);
    await appendEvents(trx, [{ tenderId, kind: 'answer', source: 'officer', revision: null, changes: [], details: { answerId, version: 1, numbers } }]);
    await recordAudit(trx, actor, {
      action: 'question.answer',
      entityType: 'answer',
      entityId: String(answerId),
      newValue: { tenderId, answer, late: timing.late, suggestedDeadline: timing.late ? timing.suggestedDeadline.toISOString() : null, questions: published },
    });
    return { ok: true, answerId, numbers, timing };
  });
}

export type CorrectOutcome = { ok: true; version: number; timing: AnswerTiming } | OfficerRefusal | { ok: false; reason: 'unchanged' };

/** A correction: the answer's next version, an 'answer' event and an audit entry with both texts. */
export async function correctAnswer(db: Db, actor: Actor, tenderId: string, answerId: number, text: string, rules: QuestionRules, now = new Date()): Promise<CorrectOutcome> {
  const answer = text.trim();
  if (!answer) return { ok: false, reason: 'empty_answer' };
  if (answer.length > MAX_ANSWER_LENGTH) return { ok: false, reason: 'answer_too_long' };
  return db.transaction().execute(async (trx): Promise<CorrectOutcome> => {
    const row = await lockTender(trx, tenderId);
    if (!row) return { ok: false, reason: 'not_found' };
    const current = await trx
      .selectFrom('answer_versions as v')
      .innerJoin('answers as a', 'a.id', 'v.answer_id')
      .select(['v.version', 'v.text'])
      .where('a.id', '=', answerId)
      .where('a.tender_id', '=', tenderId)
      .orderBy('v.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.text === answer) return { ok: false, reason: 'unchanged' };
    const version = current.version + 1;
    const timing = answerTiming(now, row.tender_deadline, await daysFor(trx, row, rules, now));
    await insertAnswerVersion(trx, { answerId, version, text: answer, at: now, actor, timing });
    const numbers = (
      await trx.selectFrom('questions').select('number').where('answer_id', '=', answerId).orderBy('number').execute()
    ).map((q) => q.number!);
    await appendEvents(trx, [{ tenderId, kind: 'answer', source: 'officer', revision: null, changes: [], details: { answerId, version, numbers } }]);
    await recordAudit(trx, actor, {
      action: 'question.correct',
      entityType: 'answer',
      entityId: String(answerId),
      oldValue: { version: current.version, text: current.text },
      newValue: { tenderId, version, text: answer, late: timing.late, suggestedDeadline: timing.late ? timing.suggestedDeadline.toISOString() : null },
    });
    return { ok: true, version, timing };
  });
}

export type RejectOutcome = { ok: true } | OfficerRefusal;

/** Sets a received question aside as no question for the public (spam, a complaint …), with the reason. */
export async function rejectQuestion(db: Db, actor: Actor, tenderId: string, questionId: number, reason: string): Promise<RejectOutcome> {
  const why = reason.trim();
  if (!why) return { ok: false, reason: 'empty_reason' };
  if (why.length > MAX_QUESTION_LENGTH) return { ok: false, reason: 'question_too_long', questionId };
  return db.transaction().execute(async (trx): Promise<RejectOutcome> => {
    const question = await trx
      .selectFrom('questions')
      .select(['status', 'text'])
      .where('id', '=', questionId)
      .where('tender_id', '=', tenderId)
      .forUpdate()
      .executeTakeFirst();
    if (!question) return { ok: false, reason: 'not_found' };
    if (question.status !== 'received') return { ok: false, reason: 'not_received' };
    await trx.updateTable('questions').set({ status: 'rejected', rejected_reason: why }).where('id', '=', questionId).execute();
    await recordAudit(trx, actor, {
      action: 'question.reject',
      entityType: 'question',
      entityId: String(questionId),
      oldValue: { status: 'received', text: question.text },
      newValue: { tenderId, status: 'rejected', reason: why },
    });
    return { ok: true };
  });
}

export type DeadlineOutcome = { ok: true } | OfficerRefusal;

/**
 * Sets the tender's question deadline (null: back to the default rule). It must fall before the
 * bid deadline, when there is one.
 */
export async function setQuestionDeadline(db: Db, actor: Actor, tenderId: string, deadline: Date | null): Promise<DeadlineOutcome> {
  return db.transaction().execute(async (trx): Promise<DeadlineOutcome> => {
    const row = await lockTender(trx, tenderId);
    if (!row) return { ok: false, reason: 'not_found' };
    if (deadline && row.tender_deadline && deadline.getTime() >= row.tender_deadline.getTime()) return { ok: false, reason: 'deadline_after_bid' };
    const before = await trx.selectFrom('question_deadlines').select('deadline').where('tender_id', '=', tenderId).executeTakeFirst();
    if (deadline) {
      await trx
        .insertInto('question_deadlines')
        .values({ tender_id: tenderId, deadline, set_by: actor.id })
        .onConflict((oc) => oc.column('tender_id').doUpdateSet({ deadline, set_by: actor.id, set_at: sql`now()` }))
        .execute();
    } else {
      await trx.deleteFrom('question_deadlines').where('tender_id', '=', tenderId).execute();
    }
    await recordAudit(trx, actor, {
      action: 'question.deadline',
      entityType: 'tender',
      entityId: tenderId,
      oldValue: { deadline: before?.deadline.toISOString() ?? null },
      newValue: { deadline: deadline?.toISOString() ?? null },
    });
    return { ok: true };
  });
}
