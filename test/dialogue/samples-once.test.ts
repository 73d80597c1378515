import t from 'tap';
import { readSampleDialogue, seedSampleDialogue } from '../../src/dialogue/samples.js';
import { testConfig } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { dialogueCounts, MEETING_TENDERS, NOW, OPEN_TENDER, sampleDatabase } from '../helpers/sample-dialogue.js';

// The sample dialogue is added once even when two starts seed at the same time (two instances on
// one PostgreSQL server), and only for the sample projects it names: nothing when they are missing.

t.test('two starts at the same time add it once', async (t) => {
  const { db } = await sampleDatabase(t);
  const outcomes = await Promise.all([seedSampleDialogue(db, testConfig(), NOW), seedSampleDialogue(db, testConfig(), NOW)]);
  t.equal(outcomes.filter((o) => o.meeting !== null).length, 1, `one meeting (${testDatabaseKind})`);
  t.equal(outcomes.filter((o) => o.questionsOn !== null).length, 1, 'one set of questions');
  t.match(await dialogueCounts(db), { activities: 1, questions: 2, events: 4, users: 1 });
});

t.test('nothing when the sample projects are missing', async (t) => {
  const samples = await readSampleDialogue();
  const named = new Set([...samples.meeting.tenderIds, ...samples.questions.tenderIds]);
  const { db } = await sampleDatabase(t, (item) => !named.has(item.id));
  t.same(await seedSampleDialogue(db, testConfig(), NOW), { meeting: null, questionsOn: null });
  t.same(await dialogueCounts(db), { activities: 0, links: 0, questions: 0, answers: 0, versions: 0, events: 0, audit: 0, users: 0 }, 'not even the sample account');
});

t.test('one meeting project missing: no meeting; questions without sample firms have no asker', async (t) => {
  const { db } = await sampleDatabase(t, (item) => item.id !== MEETING_TENDERS[1]);
  t.same(await seedSampleDialogue(db, testConfig(), NOW), { meeting: null, questionsOn: OPEN_TENDER });
  t.match(await dialogueCounts(db), { activities: 0, links: 0, questions: 2, events: 2 });
  const rows = await db.selectFrom('questions').select(['firm_id', 'contact_id', 'guest_id']).execute();
  t.ok(rows.every((r) => r.firm_id === null && r.contact_id === null && r.guest_id === null));
});
