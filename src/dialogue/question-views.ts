import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { answerTiming, defaultQuestionDeadline, type AnswerTiming } from '../domain/dialogue.js';
import { findTender, findTenders } from '../tenders/repository.js';
import { questionDeadlineOf, type QuestionRules } from './question-deadlines.js';

// Questions as the officers read them (back office only: with who asked): those waiting for an
// answer, with when it is due, and those set aside. questions.ts writes them; the public read
// model is published.ts.

/** A received question as officers see it: with who asked (never shown to the public). */
export interface ReceivedQuestion {
  id: number;
  tenderId: string;
  tenderTitle: string;
  text: string;
  lang: string;
  receivedAt: Date;
  asker: { firmName: string; cvr: string | null; contactName: string | null; email: string | null; guest: boolean };
  /** The tender's bid deadline, to tell whether an answer now would be late. */
  bidDeadline: Date | null;
}

/** The questions waiting for an answer, earliest first: of one tender, or (null) of all. */
export async function receivedQuestions(db: Executor, tenderId: string | null): Promise<ReceivedQuestion[]> {
  let query = db
    .selectFrom('questions as q')
    .leftJoin('firms as f', 'f.id', 'q.firm_id')
    .leftJoin('firm_contacts as c', 'c.id', 'q.contact_id')
    .leftJoin('dialogue_guests as g', 'g.id', 'q.guest_id')
    .select([
      'q.id',
      'q.tender_id',
      'q.text',
      'q.lang',
      'q.received_at',
      'q.asked_at',
      'f.name as firm_name',
      'f.cvr',
      'c.name as contact_name',
      'c.email as contact_email',
      'g.email as guest_email',
      'g.firm_name as guest_firm',
    ])
    .where('q.status', '=', 'received');
  if (tenderId !== null) query = query.where('q.tender_id', '=', tenderId);
  const rows = await query.orderBy('q.received_at').orderBy('q.id').execute();
  const tenders = new Map((await findTenders(db, [...new Set(rows.map((r) => r.tender_id))])).map((s) => [s.row.id, s.row]));
  return rows.map((r) => ({
    id: r.id,
    tenderId: r.tender_id,
    tenderTitle: tenders.get(r.tender_id)?.title ?? r.tender_id,
    text: r.text,
    lang: r.lang,
    receivedAt: r.received_at ?? r.asked_at,
    asker: {
      firmName: r.firm_name ?? r.guest_firm ?? '',
      cvr: r.cvr,
      contactName: r.contact_name,
      email: r.contact_email ?? r.guest_email,
      guest: r.guest_email !== null && r.firm_name === null,
    },
    bidDeadline: tenders.get(r.tender_id)?.tender_deadline ?? null,
  }));
}

/** A question an officer set aside, with the reason (back office only). */
export async function rejectedQuestions(db: Executor, tenderId: string) {
  return db
    .selectFrom('questions')
    .select(['id', 'text', 'rejected_reason', 'received_at', 'asked_at'])
    .where('tender_id', '=', tenderId)
    .where('status', '=', 'rejected')
    .orderBy('id')
    .execute();
}


/** The tender behind an id, for the pages (null when unknown). */
export const tenderForQuestions = async (db: Executor, tenderId: string) => (await findTender(db, tenderId))?.row ?? null;

/** Received (unanswered) questions per tender: the count for the back-office bar and tender page. */
export async function unansweredCount(db: Executor, tenderId: string | null = null): Promise<number> {
  let query = db.selectFrom('questions').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'received');
  if (tenderId !== null) query = query.where('tender_id', '=', tenderId);
  return (await query.executeTakeFirstOrThrow()).n;
}

/** A question waiting for an answer, with when the answer is due and whether one now would be late. */
export interface UnansweredQuestion extends ReceivedQuestion {
  /** The last moment an answer is on time (answerDays before the bid deadline); null without a bid deadline. */
  answerDue: Date | null;
  /** An answer published at `now`: on time, or late with the suggested new bid deadline. */
  timingNow: AnswerTiming;
}

/** The received questions (of one tender, or all) with the officers' flags for answers due or late. */
export async function unansweredQuestions(db: Executor, tenderId: string | null, rules: QuestionRules, now = new Date()): Promise<UnansweredQuestion[]> {
  const questions = await receivedQuestions(db, tenderId);
  const days = new Map<string, number>();
  for (const id of new Set(questions.map((q) => q.tenderId))) {
    const row = await tenderForQuestions(db, id);
    if (row) days.set(id, (await questionDeadlineOf(db, row, rules, now)).answerDays);
  }
  return questions.map((q) => {
    const d = days.get(q.tenderId) ?? rules.nationalDays;
    return {
      ...q,
      answerDue: q.bidDeadline ? defaultQuestionDeadline(q.bidDeadline, d) : null,
      timingNow: answerTiming(now, q.bidDeadline, d),
    };
  });
}
