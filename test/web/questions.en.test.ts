import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { guestToken, loadGuestSigner } from '../../src/dialogue/guests.js';
import { askQuestion, correctAnswer, publishAnswer } from '../../src/dialogue/questions.js';
import { testApp } from '../helpers/app.js';
import { anOfficer, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { htmlLang } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

const page = `/udbud/${SMALL_TENDER}`;
const ask = `${page}/spoergsmaal`;
const rules = { nationalDays: 4 };

const bidDeadlineIn = (db: Db, days: number) =>
  db.updateTable('tenders').set({ tender_deadline: new Date(Date.now() + days * 86_400_000) }).where('id', '=', SMALL_TENDER).execute();

t.test('in English: the questions and answers, a correction, the figures and the guest’s pages', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  await bidDeadlineIn(db, 20);
  const officer = await anOfficer(db);
  const firm = await firmInDatabase(db);
  const asked = await askQuestion(db, { kind: 'firm', firmId: firm.firmId, contactId: firm.contactId, lang: 'en' }, SMALL_TENDER, 'Is <b>parking</b> available?', rules);
  const published = await publishAnswer(db, officer, SMALL_TENDER, { questions: [{ id: asked.ok ? asked.questionId : 0, text: 'Is <b>parking</b> available?' }], answer: 'Yes, <script>alert(1)</script> 10 places.' }, rules);
  await correctAnswer(db, officer, SMALL_TENDER, published.ok ? published.answerId : 0, 'Yes, 12 places.', rules);

  const res = await app.inject(`${page}?lang=en`);
  t.equal(htmlLang(res.body), 'en');
  t.match(res.body, '<h2 id="spoergsmaal">Questions and answers</h2>');
  t.match(res.body, '1 question received, 1 answered.');
  t.match(res.body, 'Median time from question to answer: 1 hour.');
  t.match(res.body, '<h3 class="h4">Question 1</h3>');
  t.match(res.body, 'Is &lt;b&gt;parking&lt;/b&gt; available?', 'the question is escaped');
  t.notMatch(res.body, '<script>alert(1)</script>', 'and the answer');
  t.match(res.body, /corrected on \d+ \w+ \d{4}/);
  t.match(res.body, /<summary>Earlier answer \(version 1, published [^)]+\)<\/summary>/);
  t.match(res.body, /Deadline for questions: \d+ \w+ \d{4}/);
  t.match(res.body, 'Ask a question about the tender');

  const browser = new Browser(app);
  await browser.get(`${ask}?lang=en`);
  const bad = await browser.post(`${ask}?lang=en`, { text: 'x'.repeat(10_000), email: 'no-address', firmName: '' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'The question may be at most 4000 characters');
  t.match(bad.body, 'Enter a valid e-mail address');
  t.match(bad.body, 'Enter your firm’s name');

  const sent = await browser.post(`${ask}?lang=en`, { text: 'Is there asbestos?', email: 'guest@mason.test', firmName: 'Mason Ltd' });
  t.equal(sent.headers.location, `${ask}/tjek-din-mail?lang=en`);
  t.match((await browser.get(sent.headers.location as string)).body, 'Check your e-mail');
  const guest = await db.selectFrom('dialogue_guests').select(['id', 'lang']).executeTakeFirstOrThrow();
  t.equal(guest.lang, 'en', 'the guest’s mails in English');
  const link = `${ask}/bekraeft/${guestToken(await loadGuestSigner(db), guest.id)}?lang=en`;
  t.match((await browser.get(link)).body, '>Confirm the question</button>');
  const confirmed = await browser.post(link, {});
  t.equal(confirmed.headers.location, `${ask}/modtaget?lang=en`);
  t.match((await browser.get(confirmed.headers.location as string)).body, 'The question has been received');
});
