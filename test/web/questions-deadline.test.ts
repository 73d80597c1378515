import t from 'tap';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { unescaped } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

const publicPage = `/udbud/${SMALL_TENDER}`;
const adminPage = `/admin/udbud/${SMALL_TENDER}/spoergsmaal`;

t.test('the question deadline: officers set it (before the bid deadline), the public page shows it, bad input is refused', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  await db.updateTable('tenders').set({ tender_deadline: new Date('2027-03-01T11:00:00Z') }).where('id', '=', SMALL_TENDER).execute();
  const officer = await signedIn(app, db, 'officer');
  const page = await officer.get(adminPage);
  t.match(page.body, 'Spørgefrist: 25. februar 2027 kl. 12.00 (4 dage før tilbudsfristen, standardreglen).');

  const invalid = await officer.post(`${adminPage}/frist`, { date: '2027-02-30', time: '12:00' });
  t.equal(invalid.statusCode, 400);
  t.match(invalid.body, 'Skriv dato og klokkeslæt');
  t.match(unescaped(invalid.body), 'value="2027-02-30"', 'kept as typed');
  const afterBid = await officer.post(`${adminPage}/frist`, { date: '2027-03-02', time: '12:00' });
  t.equal(afterBid.statusCode, 400);
  t.match(afterBid.body, 'Spørgefristen skal ligge før tilbudsfristen (1. marts 2027 kl. 12.00)');
  t.same(await db.selectFrom('question_deadlines').selectAll().execute(), []);

  const saved = await officer.post(`${adminPage}/frist`, { date: '2027-02-20', time: '15:30' });
  t.equal(saved.statusCode, 303);
  const shown = await officer.get(adminPage);
  t.match(shown.body, 'Spørgefrist: 20. februar 2027 kl. 15.30 (sat af udbudsafdelingen).');
  t.match(unescaped(shown.body), 'value="2027-02-20"');
  t.match((await app.inject(publicPage)).body, 'Spørgefrist: 20. februar 2027 kl. 15.30.');
  const audit = await db.selectFrom('audit_log').select(['action', 'new_value']).where('action', '=', 'question.deadline').execute();
  t.same(audit.map((a) => a.new_value), [{ deadline: '2027-02-20T14:30:00.000Z' }]);

  const english = await officer.get(`${adminPage}?lang=en`);
  t.match(english.body, 'Deadline for questions: 20 February 2027');
  const englishList = await officer.get('/admin/spoergsmaal?lang=en');
  t.match(englishList.body, 'No unanswered questions.');
});
