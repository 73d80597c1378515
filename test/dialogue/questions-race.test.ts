import t from 'tap';
import { askQuestion, publishAnswer } from '../../src/dialogue/questions.js';
import { testDatabase } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { anOfficer, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';

const rules = { nationalDays: 4 };
const early = new Date('2026-11-01T09:00:00Z');

t.test(`two officers answering at once: the questions get numbers 1 and 2, one each (${testDatabaseKind})`, async (t) => {
  const { db } = await testDatabase(t);
  await withTenders(db);
  const firm = await firmInDatabase(db);
  const asker = { kind: 'firm' as const, firmId: firm.firmId, contactId: firm.contactId, lang: 'da' as const };
  const ids: number[] = [];
  for (const text of ['Første?', 'Anden?']) {
    const asked = await askQuestion(db, asker, SMALL_TENDER, text, rules, early);
    if (asked.ok) ids.push(asked.questionId);
  }
  const [otto, anna] = [await anOfficer(db), await anOfficer(db, 'anna@koege.test')];
  const outcomes = await Promise.all([
    publishAnswer(db, otto, SMALL_TENDER, { questions: [{ id: ids[0]!, text: 'Første?' }], answer: 'Svar 1' }, rules, early),
    publishAnswer(db, anna, SMALL_TENDER, { questions: [{ id: ids[1]!, text: 'Anden?' }], answer: 'Svar 2' }, rules, early),
  ]);
  t.ok(outcomes.every((o) => o.ok), 'both are published');
  const numbers = (await db.selectFrom('questions').select('number').orderBy('number').execute()).map((q) => q.number);
  t.same(numbers, [1, 2]);

  // The same question answered twice at once: exactly one answer is published.
  const third = await askQuestion(db, asker, SMALL_TENDER, 'Tredje?', rules, early);
  const thirdId = third.ok ? third.questionId : 0;
  const twice = await Promise.all([
    publishAnswer(db, otto, SMALL_TENDER, { questions: [{ id: thirdId, text: 'Tredje?' }], answer: 'Svar A' }, rules, early),
    publishAnswer(db, anna, SMALL_TENDER, { questions: [{ id: thirdId, text: 'Tredje?' }], answer: 'Svar B' }, rules, early),
  ]);
  t.equal(twice.filter((o) => o.ok).length, 1, 'one succeeds');
  t.same(twice.filter((o) => !o.ok), [{ ok: false, reason: 'not_received' }], 'the other is told it is answered');
  t.equal((await db.selectFrom('answers').select('id').execute()).length, 3, 'no orphan answer');
});
