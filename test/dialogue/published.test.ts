import t, { type Test } from 'tap';
import type { Db } from '../../src/db/database.js';
import type { QuestionStatus } from '../../src/domain/dialogue.js';
import { publishedQuestions, publishedQuestionsOf, questionStats } from '../../src/dialogue/published.js';
import { EU_TENDER, PLANNED_TENDER, SMALL_TENDER, UNVALUED_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { testDatabase } from '../helpers/app.js';

// The public read model of questions and answers: what the tender page, the API, OCDS and the
// feeds show. Only published questions, by number, in the officer's wording, with every version of
// their answer oldest first, and never who asked. The figures count received and published
// questions (not those awaiting a guest's confirmation, not those set aside) and the median hours
// from receipt to the first version of the answer.

const at = (iso: string) => new Date(iso);
const hoursBefore = (instant: Date, hours: number) => new Date(instant.getTime() - hours * 3_600_000);

async function answer(db: Db, tenderId: string, versions: Array<{ text: string; publishedAt: Date; late?: boolean; suggestedDeadline?: Date }>) {
  const { id } = await db.insertInto('answers').values({ tender_id: tenderId }).returning('id').executeTakeFirstOrThrow();
  // Written newest first on purpose: the read model orders them, not the insertion.
  for (const [index, v] of [...versions.entries()].reverse()) {
    await db
      .insertInto('answer_versions')
      .values({ answer_id: id, version: index + 1, text: v.text, published_at: v.publishedAt, late: v.late ?? false, suggested_deadline: v.suggestedDeadline ?? null })
      .execute();
  }
  return id;
}

interface QuestionInput {
  tenderId: string;
  status: QuestionStatus;
  text: string;
  receivedAt?: Date | null;
  askedAt?: Date;
  number?: number;
  publishedText?: string;
  publishedAt?: Date;
  answerId?: number;
  firmId?: string;
  contactId?: string;
  rejectedReason?: string;
}

async function question(db: Db, q: QuestionInput) {
  const { id } = await db
    .insertInto('questions')
    .values({
      tender_id: q.tenderId,
      status: q.status,
      text: q.text,
      asked_at: q.askedAt ?? q.receivedAt ?? at('2026-11-20T08:00:00Z'),
      received_at: q.receivedAt === undefined ? (q.askedAt ?? at('2026-11-20T08:00:00Z')) : q.receivedAt,
      number: q.number ?? null,
      published_text: q.publishedText ?? null,
      published_at: q.publishedAt ?? null,
      answer_id: q.answerId ?? null,
      firm_id: q.firmId ?? null,
      contact_id: q.contactId ?? null,
      rejected_reason: q.rejectedReason ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * On the small tender: question 2 answered after 10 hours and corrected later; questions 1 and 3
 * share one answer (30 and 20 hours after their receipt); one received question still unanswered,
 * one awaiting a guest's confirmation, one set aside. On the EU tender: one answered after 4 hours.
 */
async function questionsOnTwoTenders(t: Test) {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const asker = await firmInDatabase(db, { name: 'Spørgende Tømrer ApS', email: 'spoerger@firma.test', contactName: 'Sanne Spørger' });

  const correctedFirst = at('2026-11-21T12:00:00Z');
  const corrected = await answer(db, SMALL_TENDER, [
    { text: 'Ja, tagpappen skal fjernes.', publishedAt: correctedFirst },
    { text: 'Ja, tagpappen og underlaget skal fjernes.', publishedAt: at('2026-11-23T09:00:00Z') },
  ]);
  const sharedAt = at('2026-11-22T15:00:00Z');
  const shared = await answer(db, SMALL_TENDER, [
    { text: 'Arbejdet må udføres i uge 28–32.', publishedAt: sharedAt, late: true, suggestedDeadline: at('2026-11-30T11:00:00Z') },
  ]);
  const ids = {
    two: await question(db, {
      tenderId: SMALL_TENDER,
      status: 'published',
      text: 'Hej, jeg er fra Spørgende Tømrer: skal den gamle tagpap af?',
      receivedAt: hoursBefore(correctedFirst, 10),
      number: 2,
      publishedText: 'Skal den gamle tagpap fjernes?',
      publishedAt: correctedFirst,
      answerId: corrected,
      firmId: asker.firmId,
      contactId: asker.contactId,
    }),
    three: await question(db, {
      tenderId: SMALL_TENDER,
      status: 'published',
      text: 'Hvornår må vi arbejde på taget?',
      receivedAt: hoursBefore(sharedAt, 20),
      number: 3,
      publishedText: 'Hvornår må arbejdet udføres?',
      publishedAt: sharedAt,
      answerId: shared,
    }),
    one: await question(db, {
      tenderId: SMALL_TENDER,
      status: 'published',
      text: 'Må vi arbejde i sommerferien?',
      receivedAt: hoursBefore(sharedAt, 30),
      number: 1,
      publishedText: 'Må arbejdet udføres i sommerferien?',
      publishedAt: sharedAt,
      answerId: shared,
    }),
  };
  await question(db, { tenderId: SMALL_TENDER, status: 'received', text: 'Er der asbest i taget?', receivedAt: at('2026-11-24T10:00:00Z') });
  await question(db, { tenderId: SMALL_TENDER, status: 'unconfirmed', text: 'Gæstens spørgsmål', receivedAt: null, askedAt: at('2026-11-24T11:00:00Z') });
  await question(db, { tenderId: SMALL_TENDER, status: 'rejected', text: 'Køb vores tagpap!', rejectedReason: 'Reklame, ikke et spørgsmål' });

  const euAt = at('2026-11-25T13:00:00Z');
  const euAnswer = await answer(db, EU_TENDER, [{ text: 'Tegningerne ligger i udbudsmaterialet.', publishedAt: euAt }]);
  await question(db, {
    tenderId: EU_TENDER,
    status: 'published',
    text: 'Hvor er tegningerne?',
    receivedAt: hoursBefore(euAt, 4),
    number: 1,
    publishedText: 'Hvor findes tegningerne?',
    publishedAt: euAt,
    answerId: euAnswer,
  });
  // On the planned tender only questions that do not count.
  await question(db, { tenderId: PLANNED_TENDER, status: 'unconfirmed', text: 'Ubekræftet', receivedAt: null });
  await question(db, { tenderId: PLANNED_TENDER, status: 'rejected', text: 'Afvist', rejectedReason: 'Ikke et spørgsmål' });
  return { db, ids, asker, sharedAt, correctedFirst };
}

t.test('a tender page lists the published questions by number, in the officer\'s wording', async (t) => {
  const { db, ids, sharedAt, correctedFirst } = await questionsOnTwoTenders(t);
  const list = await publishedQuestions(db, SMALL_TENDER);
  t.same(
    list.map((q) => [q.number, q.id, q.text]),
    [
      [1, ids.one, 'Må arbejdet udføres i sommerferien?'],
      [2, ids.two, 'Skal den gamle tagpap fjernes?'],
      [3, ids.three, 'Hvornår må arbejdet udføres?'],
    ],
    'by number, not in the order they were written',
  );
  t.notOk(
    list.some((q) => /asbest|Gæstens|Køb vores/.test(q.text)),
    'received, unconfirmed and rejected questions are not shown',
  );
  t.same(list[0]!.receivedAt, hoursBefore(sharedAt, 30));
  t.same(list[1]!.publishedAt, correctedFirst);
  t.ok(list.every((q) => q.tenderId === SMALL_TENDER));
});

t.test('an answer\'s versions come oldest first; one answer may cover several questions', async (t) => {
  const { db, sharedAt } = await questionsOnTwoTenders(t);
  const [one, two, three] = await publishedQuestions(db, SMALL_TENDER);
  t.same(
    two!.answer.map((v) => [v.version, v.text]),
    [
      [1, 'Ja, tagpappen skal fjernes.'],
      [2, 'Ja, tagpappen og underlaget skal fjernes.'],
    ],
    'the correction is the last, the first text is kept',
  );
  t.equal(one!.answerId, three!.answerId, 'questions 1 and 3 share their answer');
  t.same(one!.answer, three!.answer);
  t.same(one!.answer, [{ version: 1, text: 'Arbejdet må udføres i uge 28–32.', publishedAt: sharedAt, late: true, suggestedDeadline: at('2026-11-30T11:00:00Z') }]);
  t.same(two!.answer[0]!.late, false);
  t.equal(two!.answer[0]!.suggestedDeadline, null);
});

t.test('never who asked, nor the text as received', async (t) => {
  const { db, asker } = await questionsOnTwoTenders(t);
  const shown = JSON.stringify(await publishedQuestions(db, SMALL_TENDER));
  for (const secret of [asker.firmId, asker.contactId, 'Spørgende Tømrer', 'Sanne Spørger', 'spoerger@firma.test', 'Hej, jeg er fra']) {
    t.notMatch(shown, secret, `not ${secret}`);
  }
  t.same(Object.keys((await publishedQuestions(db, SMALL_TENDER))[0]!).sort(), ['answer', 'answerId', 'id', 'number', 'publishedAt', 'receivedAt', 'tenderId', 'text']);
});

t.test('several tenders at once: an entry only for tenders with published questions', async (t) => {
  const { db } = await questionsOnTwoTenders(t);
  const byTender = await publishedQuestionsOf(db, [SMALL_TENDER, EU_TENDER, UNVALUED_TENDER, PLANNED_TENDER, 'T-UNKNOWN']);
  t.same([...byTender.keys()].sort(), [EU_TENDER, SMALL_TENDER].sort());
  t.same(byTender.get(SMALL_TENDER)!.map((q) => q.number), [1, 2, 3]);
  t.same(byTender.get(EU_TENDER)!.map((q) => [q.number, q.text, q.answer.length]), [[1, 'Hvor findes tegningerne?', 1]]);
  t.same(await publishedQuestionsOf(db, []), new Map(), 'no tenders asked for: nothing');
  t.same(await publishedQuestions(db, UNVALUED_TENDER), [], 'a tender without questions: an empty list');
});

t.test('per tender: received and published questions count, and the median hours to the first answer', async (t) => {
  const { db } = await questionsOnTwoTenders(t);
  // Small tender: 4 questions (3 published, 1 received); answered after 10, 20 and 30 hours. The
  // correction two days later does not count: the time to answer is to the first version.
  t.same(await questionStats(db, SMALL_TENDER), { questions: 4, answered: 3, medianHoursToAnswer: 20 });
  t.same(await questionStats(db, EU_TENDER), { questions: 1, answered: 1, medianHoursToAnswer: 4 });
  t.same(await questionStats(db, PLANNED_TENDER), { questions: 0, answered: 0, medianHoursToAnswer: null }, 'unconfirmed and rejected do not count');
  t.same(await questionStats(db, UNVALUED_TENDER), { questions: 0, answered: 0, medianHoursToAnswer: null }, 'no questions: no median');
});

t.test('overall: every tender together, the median of an even count is the mean of the middle two', async (t) => {
  const { db } = await questionsOnTwoTenders(t);
  // 10, 20, 30 and 4 hours: the middle two are 10 and 20.
  t.same(await questionStats(db, null), { questions: 5, answered: 4, medianHoursToAnswer: 15 });
});

t.test('overall with no questions at all', async (t) => {
  const { db } = await testDatabase(t);
  t.same(await questionStats(db, null), { questions: 0, answered: 0, medianHoursToAnswer: null });
});

t.test('minutes count: the median is in hours with fractions', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const publishedAt = at('2026-11-25T13:00:00Z');
  const answerId = await answer(db, SMALL_TENDER, [{ text: 'Svar', publishedAt }]);
  await question(db, {
    tenderId: SMALL_TENDER,
    status: 'published',
    text: 'Spørgsmål',
    receivedAt: new Date(publishedAt.getTime() - 90 * 60_000),
    number: 1,
    publishedText: 'Spørgsmål',
    publishedAt,
    answerId,
  });
  t.same(await questionStats(db, SMALL_TENDER), { questions: 1, answered: 1, medianHoursToAnswer: 1.5 });
});
