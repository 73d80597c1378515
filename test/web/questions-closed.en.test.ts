import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { signedInFirm } from '../helpers/firms.js';
import { signedIn } from '../helpers/officer.js';

const page = `/udbud/${SMALL_TENDER}`;
const ask = `${page}/spoergsmaal`;

const bidDeadlineIn = (db: Db, days: number) =>
  db.updateTable('tenders').set({ tender_deadline: new Date(Date.now() + days * 86_400_000) }).where('id', '=', SMALL_TENDER).execute();

t.test('in English: after the question deadline the firm is told so and nothing is saved; officers read their pages in English', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  await bidDeadlineIn(db, 2);
  const firm = await signedInFirm(app, db);
  const tenderPage = await firm.browser.get(`${page}?lang=en`);
  t.match(tenderPage.body, /The deadline for questions passed on \d+ \w+ \d{4}/);
  t.notMatch(tenderPage.body, 'Send the question');
  const late = await firm.browser.post(`${ask}?lang=en`, { text: 'Can the deadline move?' });
  t.equal(late.statusCode, 409);
  t.match(late.body, /The deadline for questions passed on .+\. The question was not sent\./);
  t.match(late.body, 'Can the deadline move?');
  t.same(await db.selectFrom('questions').select('id').execute(), []);

  const officer = await signedIn(app, db, 'officer');
  const admin = await officer.get(`/admin/udbud/${SMALL_TENDER}/spoergsmaal?lang=en`);
  t.match(admin.body, 'No questions are waiting for an answer.');
  t.match(admin.body, '(4 days before the bid deadline, the default rule)');
  t.match(admin.body, '>Questions</a>');
  const tenderAdmin = await officer.get(`/admin/udbud/${SMALL_TENDER}?lang=en`);
  t.match(tenderAdmin.body, '>Questions and answers</a>');
});
