import t from 'tap';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { signedIn } from '../helpers/officer.js';
import { bidDeadlineIn, DAY, threeQuestions } from '../helpers/questions.js';

const adminPage = `/admin/udbud/${SMALL_TENDER}/spoergsmaal`;

t.test('an answer later than the rule allows is flagged with the suggested new bid deadline', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  // Bid deadline in two days: answers were due two days ago (4 days before).
  await bidDeadlineIn(db, 2);
  const [first] = await threeQuestions(db, 10);
  const officer = await signedIn(app, db, 'officer');
  const overview = await officer.get('/admin/spoergsmaal');
  t.match(overview.body, /<span class="badge badge-error">Et svar nu er for sent: foreslået ny tilbudsfrist \d+\. \w+ \d{4}/);

  const published = await officer.post(`${adminPage}/svar`, { q: String(first), [`text-${first}`]: 'Må tagpappen genbruges?', answer: 'Nej.' });
  t.equal(published.statusCode, 303);
  t.equal(published.headers.location, `${adminPage}?gemt=svar-sent`);
  const page = await officer.get(published.headers.location as string);
  t.match(page.body, 'Svaret er offentliggjort, men for sent');
  t.match(page.body, /For sent: svaret kom senere end 4 dage før tilbudsfristen\. Foreslået ny tilbudsfrist: \d+\. \w+ \d{4}/);
  const [version] = await db.selectFrom('answer_versions').selectAll().execute();
  t.equal(version?.late, true);
  t.ok(version!.suggested_deadline!.getTime() >= Date.now() + 4 * DAY - 60_000, 'at least 4 days after the answer');
});

