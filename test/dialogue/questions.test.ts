import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { questionDeadlineOf } from '../../src/dialogue/question-deadlines.js';
import { receivedQuestions, tenderForQuestions } from '../../src/dialogue/question-views.js';
import { askQuestion, confirmGuestQuestion, correctAnswer, publishAnswer, rejectQuestion, setQuestionDeadline } from '../../src/dialogue/questions.js';
import { publishedQuestions, questionStats } from '../../src/dialogue/published.js';
import { eventsOf } from '../../src/tenders/events.js';
import { testDatabase } from '../helpers/app.js';
import { anOfficer, EU_TENDER, PLANNED_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';

// The fixtures' bid deadline: 10 November 2026 at 12:00 Copenhagen time (11:00 UTC).
const rules = { nationalDays: 4 };
const early = new Date('2026-11-01T09:00:00Z');
const mailsOf = (db: Db, kind: string) => db.selectFrom('dialogue_mails').selectAll().where('kind', '=', kind).orderBy('created_at').execute();
const counts = async (db: Db) => ({
  questions: (await db.selectFrom('questions').select('id').execute()).length,
  guests: (await db.selectFrom('dialogue_guests').select('id').execute()).length,
  mails: (await db.selectFrom('dialogue_mails').select('id').execute()).length,
});

t.test('the question deadline: 6 days before an EU bid deadline, the national figure otherwise, or what the officer set', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const eu = (await tenderForQuestions(db, EU_TENDER))!;
  const small = (await tenderForQuestions(db, SMALL_TENDER))!;
  const euDeadline = await questionDeadlineOf(db, eu, rules, early);
  t.equal(euDeadline.isEu, true);
  t.equal(euDeadline.source, 'default');
  t.equal(euDeadline.deadline?.toISOString(), '2026-11-04T11:00:00.000Z', '6 days before, same clock time');
  const smallDeadline = await questionDeadlineOf(db, small, rules, early);
  t.equal(smallDeadline.isEu, false);
  t.equal(smallDeadline.deadline?.toISOString(), '2026-11-06T11:00:00.000Z', '4 days before');

  const officer = await anOfficer(db);
  t.same(await setQuestionDeadline(db, officer, SMALL_TENDER, new Date('2026-11-10T11:00:00Z')), { ok: false, reason: 'deadline_after_bid' });
  t.same(await setQuestionDeadline(db, officer, SMALL_TENDER, new Date('2026-11-08T08:00:00Z')), { ok: true });
  const set = await questionDeadlineOf(db, small, rules, early);
  t.equal(set.source, 'set');
  t.equal(set.deadline?.toISOString(), '2026-11-08T08:00:00.000Z');
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'question.deadline').execute();
  t.equal(audit.length, 1, 'the refused one is not audited');
  t.same(audit[0]?.new_value, { deadline: '2026-11-08T08:00:00.000Z' });
  t.same(await setQuestionDeadline(db, officer, SMALL_TENDER, null), { ok: true });
  t.equal((await questionDeadlineOf(db, small, rules, early)).source, 'default', 'back to the rule');
});

t.test('a firm asks and the question is received at once with a receipt; refusals save nothing', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const firm = await firmInDatabase(db);
  const asker = { kind: 'firm' as const, firmId: firm.firmId, contactId: firm.contactId, lang: 'da' as const };

  const asked = await askQuestion(db, asker, SMALL_TENDER, '  Må tagpappen genbruges?  ', rules, early);
  t.match(asked, { ok: true, status: 'received' });
  const [row] = await db.selectFrom('questions').selectAll().execute();
  t.equal(row?.text, 'Må tagpappen genbruges?');
  t.equal(row?.firm_id, firm.firmId);
  t.ok(row?.received_at);
  t.same((await mailsOf(db, 'question_received')).map((m) => [m.contact_id, m.details]), [[firm.contactId, { questionId: row!.id }]]);

  const before = await counts(db);
  t.same(await askQuestion(db, asker, SMALL_TENDER, '   ', rules, early), { ok: false, reason: 'empty' });
  t.same(await askQuestion(db, asker, SMALL_TENDER, 'x'.repeat(10_000), rules, early), { ok: false, reason: 'too_long' });
  t.same(await askQuestion(db, asker, PLANNED_TENDER, 'Hvornår?', rules, early), { ok: false, reason: 'not_open', status: 'planned' });
  t.same(await askQuestion(db, asker, 'T-NONE', 'Hvornår?', rules, early), { ok: false, reason: 'not_found' });
  const late = await askQuestion(db, asker, SMALL_TENDER, 'For sent?', rules, new Date('2026-11-07T09:00:00Z'));
  t.match(late, { ok: false, reason: 'deadline_passed' });
  t.equal((late as { deadline: Date }).deadline.toISOString(), '2026-11-06T11:00:00.000Z');
  const rejected = await firmInDatabase(db, { status: 'rejected' });
  t.same(await askQuestion(db, { ...asker, firmId: rejected.firmId, contactId: rejected.contactId }, SMALL_TENDER, 'Må vi?', rules, early), { ok: false, reason: 'rejected' });
  t.same(await counts(db), before, 'nothing written by any refusal');
});

t.test('a guest’s question waits for the link, then counts as received; a second click changes nothing', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const asked = await askQuestion(db, { kind: 'guest', email: ' gaest@murer.test ', firmName: 'Murer Hansen', lang: 'en' }, SMALL_TENDER, 'Is asbestos expected?', rules, early);
  t.match(asked, { ok: true, status: 'unconfirmed' });
  const [guestMail] = await mailsOf(db, 'guest_confirm');
  const guestId = guestMail!.guest_id!;
  t.same(guestMail?.details, { guestId, action: 'question' });
  t.same(await receivedQuestions(db, SMALL_TENDER), [], 'not received before the link is followed');

  t.same(await confirmGuestQuestion(db, guestId, EU_TENDER, rules, early), { ok: false, reason: 'unknown' }, 'another tender’s link');
  const confirmed = await confirmGuestQuestion(db, guestId, SMALL_TENDER, rules, early);
  t.match(confirmed, { ok: true, firstTime: true });
  t.match(await confirmGuestQuestion(db, guestId, SMALL_TENDER, rules, early), { ok: true, firstTime: false });
  t.equal((await mailsOf(db, 'question_received')).length, 1, 'one receipt');
  const [received] = await receivedQuestions(db, SMALL_TENDER);
  t.same(received?.asker, { firmName: 'Murer Hansen', cvr: null, contactName: null, email: 'gaest@murer.test', guest: true });

  // A link followed after the question deadline: the question is not taken.
  await askQuestion(db, { kind: 'guest', email: 'sen@murer.test', firmName: 'Sen ApS', lang: 'da' }, SMALL_TENDER, 'Sent?', rules, early);
  const lateGuest = (await mailsOf(db, 'guest_confirm'))[1]!.guest_id!;
  t.match(await confirmGuestQuestion(db, lateGuest, SMALL_TENDER, rules, new Date('2026-11-07T09:00:00Z')), { ok: false, reason: 'deadline_passed' });
  const guest = await db.selectFrom('dialogue_guests').select('confirmed_at').where('id', '=', lateGuest).executeTakeFirstOrThrow();
  t.equal(guest.confirmed_at, null);
});

t.test('an officer answers two questions in one go: numbered, reworded, audited with the original, an event and mails', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  const firm = await firmInDatabase(db, { name: 'Tag & Co ApS' });
  const asker = { kind: 'firm' as const, firmId: firm.firmId, contactId: firm.contactId, lang: 'da' as const };
  const a = await askQuestion(db, asker, SMALL_TENDER, 'Vi hos Tag & Co undrer os: må tagpappen genbruges?', rules, early);
  const b = await askQuestion(db, asker, SMALL_TENDER, 'Skal gammelt tagpap bortskaffes af entreprenøren?', rules, early);
  const c = await askQuestion(db, asker, SMALL_TENDER, 'Køb vores produkter!', rules, early);
  const [idA, idB, idC] = [a, b, c].map((x) => (x.ok ? x.questionId : 0)) as [number, number, number];

  const refusedBefore = await db.selectFrom('answers').select('id').execute();
  t.same(await publishAnswer(db, officer, SMALL_TENDER, { questions: [], answer: 'Svar' }, rules, early), { ok: false, reason: 'no_questions' });
  t.same(await publishAnswer(db, officer, SMALL_TENDER, { questions: [{ id: idA, text: ' ' }], answer: 'Svar' }, rules, early), { ok: false, reason: 'empty_question', questionId: idA });
  t.same(await publishAnswer(db, officer, SMALL_TENDER, { questions: [{ id: idA, text: 'Q' }], answer: '' }, rules, early), { ok: false, reason: 'empty_answer' });
  t.same(await publishAnswer(db, officer, EU_TENDER, { questions: [{ id: idA, text: 'Q' }], answer: 'Svar' }, rules, early), { ok: false, reason: 'not_received' }, 'another tender’s question');
  t.same(await db.selectFrom('answers').select('id').execute(), refusedBefore);

  const published = await publishAnswer(
    db,
    officer,
    SMALL_TENDER,
    { questions: [{ id: idA, text: 'Må tagpappen genbruges?' }, { id: idB, text: 'Skal gammelt tagpap bortskaffes af entreprenøren?' }], answer: 'Nej, og ja: se bilag 3.' },
    rules,
    early,
  );
  t.match(published, { ok: true, numbers: [1, 2], timing: { late: false } });
  const answerId = published.ok ? published.answerId : 0;

  const list = await publishedQuestions(db, SMALL_TENDER);
  t.same(list.map((q) => [q.number, q.text, q.answer.map((v) => v.text)]), [
    [1, 'Må tagpappen genbruges?', ['Nej, og ja: se bilag 3.']],
    [2, 'Skal gammelt tagpap bortskaffes af entreprenøren?', ['Nej, og ja: se bilag 3.']],
  ]);
  const events = (await eventsOf(db, SMALL_TENDER)).filter((e) => e.kind === 'answer');
  t.same(events.map((e) => e.details), [{ answerId, version: 1, numbers: [1, 2] }]);
  const [audit] = await db.selectFrom('audit_log').selectAll().where('action', '=', 'question.answer').execute();
  t.equal(audit?.user_email, officer.email);
  t.same((audit?.new_value as { questions: unknown[] }).questions, [
    { id: idA, number: 1, publishedText: 'Må tagpappen genbruges?', receivedText: 'Vi hos Tag & Co undrer os: må tagpappen genbruges?' },
    { id: idB, number: 2, publishedText: 'Skal gammelt tagpap bortskaffes af entreprenøren?' },
  ], 'the received wording only where it differs');
  t.same((await mailsOf(db, 'question_answered')).map((m) => m.details), [{ questionId: idA }, { questionId: idB }]);
  t.same(await publishAnswer(db, officer, SMALL_TENDER, { questions: [{ id: idA, text: 'Igen' }], answer: 'Igen' }, rules, early), { ok: false, reason: 'not_received' }, 'published once');

  t.same(await rejectQuestion(db, officer, SMALL_TENDER, idC, ' '), { ok: false, reason: 'empty_reason' });
  t.same(await rejectQuestion(db, officer, SMALL_TENDER, idC, 'Reklame, ikke et spørgsmål'), { ok: true });
  t.same(await receivedQuestions(db, SMALL_TENDER), []);
  const rejectAudit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'question.reject').execute();
  t.same(rejectAudit.map((r) => r.new_value), [{ tenderId: SMALL_TENDER, status: 'rejected', reason: 'Reklame, ikke et spørgsmål' }]);

  const stats = await questionStats(db, SMALL_TENDER);
  t.equal(stats.questions, 2, 'the rejected one is not counted');
  t.equal(stats.answered, 2);
});

t.test('a correction is a new version with its own event; an answer after the due date is flagged with a new bid deadline', async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const officer = await anOfficer(db);
  const firm = await firmInDatabase(db);
  const asked = await askQuestion(db, { kind: 'firm', firmId: firm.firmId, contactId: firm.contactId, lang: 'da' }, EU_TENDER, 'Er der parkering?', rules, early);
  // Answered on 6 November: the EU rule wants answers by 4 November at 12:00.
  const answeredAt = new Date('2026-11-06T10:00:00Z');
  const published = await publishAnswer(db, officer, EU_TENDER, { questions: [{ id: asked.ok ? asked.questionId : 0, text: 'Er der parkering?' }], answer: 'Ja, 10 pladser.' }, rules, answeredAt);
  t.match(published, { ok: true, timing: { late: true } });
  const suggested = published.ok && published.timing.late ? published.timing.suggestedDeadline : null;
  t.equal(suggested?.toISOString(), '2026-11-12T11:00:00.000Z', '6 days after the answer, at the bid deadline’s clock time');
  const answerId = published.ok ? published.answerId : 0;

  t.same(await correctAnswer(db, officer, EU_TENDER, answerId, 'Ja, 10 pladser.', rules, answeredAt), { ok: false, reason: 'unchanged' });
  t.same(await correctAnswer(db, officer, SMALL_TENDER, answerId, 'Nej', rules, answeredAt), { ok: false, reason: 'not_found' }, 'another tender’s answer');
  t.match(await correctAnswer(db, officer, EU_TENDER, answerId, 'Ja, 12 pladser.', rules, early), { ok: true, version: 2, timing: { late: false } });
  const [q] = await publishedQuestions(db, EU_TENDER);
  t.same(q?.answer.map((v) => [v.version, v.text, v.late]), [[1, 'Ja, 10 pladser.', true], [2, 'Ja, 12 pladser.', false]], 'the earlier text is kept');
  t.same((await eventsOf(db, EU_TENDER)).filter((e) => e.kind === 'answer').map((e) => e.details), [
    { answerId, version: 2, numbers: [1] },
    { answerId, version: 1, numbers: [1] },
  ]);
  const [audit] = await db.selectFrom('audit_log').selectAll().where('action', '=', 'question.correct').execute();
  t.same(audit?.old_value, { version: 1, text: 'Ja, 10 pladser.' });
});
