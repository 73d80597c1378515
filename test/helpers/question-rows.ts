import type { Db } from '../../src/db/database.js';
import { appendEvents, type DialogueDetails } from '../../src/tenders/events.js';

// Questions, answers and dialogue events written straight to the database, as the services of
// dialogue/ write them (for open-data tests that need exact times): a question is published together with its
// answer, numbered 1, 2, 3 … per tender, and the 'answer' event (AnswerDetails) is appended in the
// same transaction; a correction is a new answer version with its own 'answer' event.

export interface AskedQuestion {
  /** The question as received (officers only). */
  text: string;
  /** The question as published; defaults to the received text. */
  published?: string;
  receivedAt?: Date;
  /** Who asked: a firm's contact person or a guest (never public). */
  firmId?: string;
  contactId?: string;
  guestId?: string;
}

export interface PublishedAnswer {
  answerId: number;
  numbers: number[];
  questionIds: number[];
  eventId: number;
}

/** Questions received and published with one answer (version 1), and the 'answer' event. */
export async function publishAnswer(
  db: Db,
  tenderId: string,
  questions: AskedQuestion[],
  answer: string,
  options: { publishedAt?: Date } = {},
): Promise<PublishedAnswer> {
  return db.transaction().execute(async (trx) => {
    const publishedAt = options.publishedAt ?? new Date();
    const { id: answerId } = await trx.insertInto('answers').values({ tender_id: tenderId }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('answer_versions').values({ answer_id: answerId, version: 1, text: answer, published_at: publishedAt }).execute();
    const { max } = await trx
      .selectFrom('questions')
      .select((eb) => eb.fn.max<number | null>('number').as('max'))
      .where('tender_id', '=', tenderId)
      .executeTakeFirstOrThrow();
    let number = max ?? 0;
    const numbers: number[] = [];
    const questionIds: number[] = [];
    for (const q of questions) {
      number += 1;
      const receivedAt = q.receivedAt ?? new Date(publishedAt.getTime() - 24 * 3600_000);
      const { id } = await trx
        .insertInto('questions')
        .values({
          tender_id: tenderId,
          firm_id: q.firmId ?? null,
          contact_id: q.contactId ?? null,
          guest_id: q.guestId ?? null,
          text: q.text,
          status: 'published',
          asked_at: receivedAt,
          received_at: receivedAt,
          number,
          published_text: q.published ?? q.text,
          published_at: publishedAt,
          answer_id: answerId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      numbers.push(number);
      questionIds.push(id);
    }
    await appendEvents(trx, [{ tenderId, kind: 'answer', source: 'officer', revision: null, changes: [], details: { answerId, version: 1, numbers } }]);
    const { id: eventId } = await trx.selectFrom('tender_events').select('id').where('tender_id', '=', tenderId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { answerId, numbers, questionIds, eventId: Number(eventId) };
  });
}

/** A question received and not (yet) published: counted in the figures, not shown. */
export async function receivedQuestion(db: Db, tenderId: string, question: AskedQuestion): Promise<number> {
  const receivedAt = question.receivedAt ?? new Date();
  const { id } = await db
    .insertInto('questions')
    .values({
      tender_id: tenderId,
      firm_id: question.firmId ?? null,
      contact_id: question.contactId ?? null,
      guest_id: question.guestId ?? null,
      text: question.text,
      status: 'received',
      asked_at: receivedAt,
      received_at: receivedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A correction: the answer's next version and its 'answer' event (the numbers of the questions it answers). */
export async function correctAnswer(db: Db, answerId: number, text: string, options: { publishedAt?: Date } = {}): Promise<{ version: number }> {
  return db.transaction().execute(async (trx) => {
    const { tender_id: tenderId } = await trx.selectFrom('answers').select('tender_id').where('id', '=', answerId).executeTakeFirstOrThrow();
    const { max } = await trx
      .selectFrom('answer_versions')
      .select((eb) => eb.fn.max<number>('version').as('max'))
      .where('answer_id', '=', answerId)
      .executeTakeFirstOrThrow();
    const version = Number(max) + 1;
    await trx.insertInto('answer_versions').values({ answer_id: answerId, version, text, published_at: options.publishedAt ?? new Date() }).execute();
    const numbers = (await trx.selectFrom('questions').select('number').where('answer_id', '=', answerId).orderBy('number').execute()).map((r) => r.number!);
    await appendEvents(trx, [{ tenderId, kind: 'answer', source: 'officer', revision: null, changes: [], details: { answerId, version, numbers } }]);
    return { version };
  });
}

/** A 'dialogue' event on a tender, as the activity services append one per linked tender. */
export async function dialogueEvent(db: Db, tenderId: string, details: DialogueDetails): Promise<void> {
  await db.transaction().execute((trx) => appendEvents(trx, [{ tenderId, kind: 'dialogue', source: 'officer', revision: null, changes: [], details }]));
}
