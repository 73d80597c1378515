import t from 'tap';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { publishedQuestions, questionStats } from '../../src/dialogue/published.js';
import { readSampleDialogue, seedSampleDialogue } from '../../src/dialogue/samples.js';
import { copenhagenInstant } from '../../src/domain/period.js';
import { seedSampleFirms } from '../../src/firms/samples.js';
import { eventsOf, type AnswerDetails, type DialogueDetails } from '../../src/tenders/events.js';
import { testConfig } from '../helpers/app.js';
import { copenhagenClock as local, dialogueCounts, MEETING_TENDERS, NOW, OPEN_TENDER, sampleDatabase } from '../helpers/sample-dialogue.js';

// Sample dialogue on a new installation with the bundled sample export: one coming information
// meeting for two pipeline projects and two answered questions on an open tender, marked as sample
// data, with their events on the spine and the sample account's audit entries; never with
// DBD_URL, and a second start adds nothing. (Two starts at once and missing sample projects:
// samples-once.test.ts.)

const dialogueEvents = async (db: Db, tenderId: string) => (await eventsOf(db, tenderId)).filter((e) => e.kind === 'dialogue' || e.kind === 'answer');

t.test('the bundled sample gets a coming information meeting and two answered questions, once', async (t) => {
  const { db } = await sampleDatabase(t);
  await seedSampleFirms(db, testConfig(), NOW);
  const none = { meeting: null, questionsOn: null };

  await t.test('never with DBD_URL set (an export file of its own, or the API)', async (t) => {
    const file = loadConfig({ DBD_URL: '/data/export.json', LOG_LEVEL: 'silent' });
    const api = loadConfig({ DBD_URL: 'https://dbd.example.invalid/api', DBD_TOKEN: 'x', LOG_LEVEL: 'silent' });
    t.same(await seedSampleDialogue(db, file, NOW), none);
    t.same(await seedSampleDialogue(db, api, NOW), none);
    t.match(await dialogueCounts(db), { activities: 0, links: 0, questions: 0, answers: 0, versions: 0, events: 0, audit: 0 });
  });

  const outcome = await seedSampleDialogue(db, testConfig(), NOW);

  await t.test('a coming information meeting for two pipeline projects', async (t) => {
    t.ok(outcome.meeting, 'a meeting was added');
    const meeting = await db.selectFrom('dialogue_activities').selectAll().executeTakeFirstOrThrow();
    t.equal(meeting.id, outcome.meeting);
    t.equal(meeting.sample, true, 'marked as sample data');
    t.equal(meeting.kind, 'information_meeting');
    t.equal(meeting.status, 'announced');
    t.match(meeting.title, /\(eksempeldata\)$/, 'the title says it is sample data');
    t.match(meeting.place, 'Køge Rådhus');
    t.equal(meeting.capacity, 40);
    t.equal(local(meeting.starts_at!), '2026-12-21 09:00', 'three weeks on, 09:00 Copenhagen time');
    t.equal(local(meeting.ends_at!), '2026-12-21 11:00');
    t.same(meeting.starts_at, new Date('2026-12-21T08:00:00Z'));
    t.equal(local(meeting.signup_deadline!), '2026-12-19 09:00', 'sign-up closes two days before');

    const links = await db.selectFrom('dialogue_activity_tenders').select('tender_id').orderBy('tender_id').execute();
    t.same(links.map((l) => l.tender_id), MEETING_TENDERS);
    const statuses = await db.selectFrom('tenders').select('status').where('id', 'in', MEETING_TENDERS).execute();
    t.ok(statuses.every((s) => s.status === 'planned' || s.status === 'in_preparation'), 'both are pipeline projects');

    for (const tenderId of MEETING_TENDERS) {
      const events = await dialogueEvents(db, tenderId);
      t.equal(events.length, 1, `one event on ${tenderId}`);
      t.equal(events[0]!.source, 'officer');
      t.same(events[0]!.details as DialogueDetails, {
        action: 'announced',
        activityId: meeting.id,
        kind: 'information_meeting',
        title: meeting.title,
        startsAt: '2026-12-21T08:00:00.000Z',
      });
    }
    const user = await db.selectFrom('users').select(['id', 'disabled_at']).where('email', '=', 'eksempeldata@example.invalid').executeTakeFirstOrThrow();
    t.equal(meeting.created_by, user.id, 'by the sample account');
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.activity.create').execute();
    t.equal(audit.length, 1, 'audited');
    t.equal(audit[0]!.user_id, user.id);
    t.equal(audit[0]!.entity_id, String(meeting.id));
  });

  await t.test('two answered questions on an open tender, asked by sample firms', async (t) => {
    t.equal(outcome.questionsOn, OPEN_TENDER);
    const tender = await db.selectFrom('tenders').select(['status', 'tender_deadline']).where('id', '=', OPEN_TENDER).executeTakeFirstOrThrow();
    t.equal(tender.status, 'published');
    t.ok(tender.tender_deadline! > NOW, 'open for bids');

    const rows = await db.selectFrom('questions').selectAll().orderBy('number').execute();
    t.equal(rows.length, 2);
    for (const row of rows) {
      t.ok(row.sample && row.status === 'published' && row.tender_id === OPEN_TENDER, `question ${row.number} is a published sample`);
      t.ok(row.asked_at < NOW && row.published_at! < NOW && row.received_at!.getTime() === row.asked_at.getTime(), 'asked and answered before the start');
      t.not(row.text, row.published_text, 'reworded for publication; the received text stays for officers');
    }
    const firms = await db.selectFrom('firms').select(['id', 'sample']).where('id', 'in', rows.map((r) => r.firm_id!)).execute();
    t.equal(firms.length, 2, 'each asked by a firm');
    t.ok(firms.every((f) => f.sample), 'a sample firm');
    t.ok(rows.every((r) => r.contact_id !== null), 'with its contact person');

    const samples = await readSampleDialogue();
    const shown = await publishedQuestions(db, OPEN_TENDER);
    t.same(
      shown.map((q) => [q.number, q.text, q.answer.map((v) => v.text)]),
      samples.questions.items.map((item, index) => [index + 1, item.publishedText, [item.answer]]),
    );
    t.ok(shown.every((q) => q.answer.every((v) => v.late === false && v.suggestedDeadline === null)), 'answered in time');
    t.ok(shown.every((q) => /\(eksempeldata\)$/.test(q.text) && /\(eksempeldata\)$/.test(q.answer[0]!.text)), 'the texts say they are sample data');
    // 22 and 26 hours to answer.
    t.same(await questionStats(db, OPEN_TENDER), { questions: 2, answered: 2, medianHoursToAnswer: 24 });

    // The history is newest first: the answer to question 1 came first.
    const events = (await dialogueEvents(db, OPEN_TENDER)).reverse().map((e) => [e.kind, e.source, e.details as AnswerDetails]);
    t.same(
      events,
      shown.map((q) => ['answer', 'officer', { answerId: q.answerId, version: 1, numbers: [q.number] }]),
      "one 'answer' event per answer",
    );
    const audit = await db.selectFrom('audit_log').select(['entity_id', 'new_value']).where('action', '=', 'question.answer').orderBy('id').execute();
    t.same(audit.map((a) => a.entity_id), shown.map((q) => String(q.answerId)), 'each answer audited');
    t.match(audit[0]!.new_value, { tenderId: OPEN_TENDER, questions: [{ number: 1, receivedText: samples.questions.items[0]!.text }] }, 'with the text as received');
  });

  await t.test('a second start adds nothing, nor one days later', async (t) => {
    const before = await dialogueCounts(db);
    t.match(before, { activities: 1, links: 2, questions: 2, answers: 2, versions: 2, events: 4, audit: 3 });
    t.same(await seedSampleDialogue(db, testConfig(), NOW), none);
    t.same(await seedSampleDialogue(db, testConfig(), new Date('2026-12-05T09:00:00Z')), none);
    t.same(await dialogueCounts(db), before);
  });
});

t.test('the meeting is on a working day a few weeks on, at 09:00 Copenhagen time in summer too', async (t) => {
  const { db } = await sampleDatabase(t);
  // Saturday 5 June 2027: three weeks on is a Saturday, so the meeting is on Monday 28 June. By
  // then no sample tender is open for bids any more, so there are no sample questions.
  const outcome = await seedSampleDialogue(db, testConfig(), new Date('2027-06-05T10:00:00Z'));
  t.equal(outcome.questionsOn, null, 'no open tender: no questions');
  const meeting = await db.selectFrom('dialogue_activities').select(['starts_at', 'signup_deadline']).executeTakeFirstOrThrow();
  t.same(meeting.starts_at, copenhagenInstant('2027-06-28', '09:00'));
  t.same(meeting.starts_at, new Date('2027-06-28T07:00:00Z'), 'summer time: UTC+2');
  t.equal(local(meeting.signup_deadline!), '2027-06-26 09:00');
  t.equal((await db.selectFrom('questions').select('id').execute()).length, 0);
});
