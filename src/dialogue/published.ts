import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

// The public side of questions and answers: what the tender page, the API, OCDS, feeds and alerts
// show. Never who asked: only the question as the officer published it, its number, when it was
// received and published, and every version of its answer (oldest first; the last is current, the
// earlier ones are shown as "rettet den …" with their text one click away).

export interface AnswerVersion {
  version: number;
  text: string;
  publishedAt: Date;
  /** Published later than the rule allows (6 days before an EU bid deadline): the officers are told. */
  late: boolean;
  suggestedDeadline: Date | null;
}

export interface PublishedQuestion {
  id: number;
  tenderId: string;
  /** 1, 2, 3 … per tender, in the order questions were published. */
  number: number;
  text: string;
  receivedAt: Date;
  publishedAt: Date;
  answerId: number | null;
  /** The answer's versions, oldest first; empty while unanswered. */
  answer: AnswerVersion[];
}

/** Each tender's published questions with their answers, by number; a tender without any gets no entry. */
export async function publishedQuestionsOf(db: Executor, tenderIds: readonly string[]): Promise<Map<string, PublishedQuestion[]>> {
  const byTender = new Map<string, PublishedQuestion[]>();
  if (tenderIds.length === 0) return byTender;
  const rows = await db
    .selectFrom('questions')
    .select(['id', 'tender_id', 'number', 'published_text', 'received_at', 'asked_at', 'published_at', 'answer_id'])
    .where('tender_id', 'in', [...tenderIds])
    .where('status', '=', 'published')
    .orderBy('tender_id')
    .orderBy('number')
    .execute();
  const answerIds = [...new Set(rows.flatMap((r) => (r.answer_id === null ? [] : [r.answer_id])))];
  const versions =
    answerIds.length === 0
      ? []
      : await db
          .selectFrom('answer_versions')
          .selectAll()
          .where('answer_id', 'in', answerIds)
          .orderBy('answer_id')
          .orderBy('version')
          .execute();
  const versionsOf = new Map<number, AnswerVersion[]>();
  for (const v of versions) {
    const list = versionsOf.get(v.answer_id) ?? [];
    list.push({ version: v.version, text: v.text, publishedAt: v.published_at, late: v.late, suggestedDeadline: v.suggested_deadline });
    versionsOf.set(v.answer_id, list);
  }
  for (const r of rows) {
    const list = byTender.get(r.tender_id) ?? [];
    list.push({
      id: r.id,
      tenderId: r.tender_id,
      number: r.number!,
      text: r.published_text!,
      receivedAt: r.received_at ?? r.asked_at,
      publishedAt: r.published_at!,
      answerId: r.answer_id,
      answer: r.answer_id === null ? [] : (versionsOf.get(r.answer_id) ?? []),
    });
    byTender.set(r.tender_id, list);
  }
  return byTender;
}

/** One tender's published questions with their answers, by number. */
export const publishedQuestions = async (db: Executor, tenderId: string): Promise<PublishedQuestion[]> =>
  (await publishedQuestionsOf(db, [tenderId])).get(tenderId) ?? [];

export interface QuestionStats {
  /** Questions received (confirmed), not counting those an officer set aside as not a question. */
  questions: number;
  /** Of those, the ones with a published answer. */
  answered: number;
  /** The median time from receipt to the answer's first version, in hours; null before any answer. */
  medianHoursToAnswer: number | null;
}

/** Questions and the median time to answer, for one tender or (null) all of them. */
export async function questionStats(db: Executor, tenderId: string | null): Promise<QuestionStats> {
  let query = db
    .selectFrom('questions as q')
    .leftJoin('answer_versions as v', (join) => join.onRef('v.answer_id', '=', 'q.answer_id').on('v.version', '=', 1))
    .select([
      sql<number>`count(*) filter (where q.status in ('received', 'published'))::int`.as('questions'),
      sql<number>`count(v.answer_id) filter (where q.status = 'published')::int`.as('answered'),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (v.published_at - coalesce(q.received_at, q.asked_at))) / 3600.0)
        filter (where q.status = 'published' and v.answer_id is not null)`.as('median'),
    ]);
  if (tenderId !== null) query = query.where('q.tender_id', '=', tenderId);
  const row = await query.executeTakeFirstOrThrow();
  return { questions: row.questions, answered: row.answered, medianHoursToAnswer: row.median === null ? null : Number(row.median) };
}
