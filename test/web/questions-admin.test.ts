import t from 'tap';
import type { Db } from '../../src/db/database.js';
import { askQuestion, confirmGuestQuestion } from '../../src/dialogue/questions.js';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { decodeEntities, unescaped } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

const publicPage = `/udbud/${SMALL_TENDER}`;
const adminPage = `/admin/udbud/${SMALL_TENDER}/spoergsmaal`;
const rules = { nationalDays: 4 };
const DAY = 86_400_000;

const bidDeadlineIn = (db: Db, days: number) =>
  db.updateTable('tenders').set({ tender_deadline: new Date(Date.now() + days * DAY) }).where('id', '=', SMALL_TENDER).execute();

/** Two questions from a firm and one from a confirmed guest, asked `daysAgo` days ago. */
async function threeQuestions(db: Db, daysAgo = 0) {
  const at = new Date(Date.now() - daysAgo * DAY);
  const firm = await firmInDatabase(db, { name: 'Tag & Søn ApS', contactName: 'Tina Tag', email: 'tina@tagogsoen.test' });
  const asker = { kind: 'firm' as const, firmId: firm.firmId, contactId: firm.contactId, lang: 'da' as const };
  const ids: number[] = [];
  for (const text of ['Vi hos Tag & Søn spørger: må tagpappen genbruges?', 'Skal tagrenderne skiftes?']) {
    const asked = await askQuestion(db, asker, SMALL_TENDER, text, rules, at);
    if (asked.ok) ids.push(asked.questionId);
  }
  const guest = await askQuestion(db, { kind: 'guest', email: 'gaest@murer.test', firmName: 'Murer Madsen', lang: 'da' }, SMALL_TENDER, 'Køb vores tagsten!', rules, at);
  const guestId = (await db.selectFrom('questions').select('guest_id').where('id', '=', guest.ok ? guest.questionId : 0).executeTakeFirstOrThrow()).guest_id!;
  await confirmGuestQuestion(db, guestId, SMALL_TENDER, rules, at);
  if (guest.ok) ids.push(guest.questionId);
  return ids as [number, number, number];
}

t.test('officers see who asked, answer two questions in one go reworded, correct the answer and reject the third', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  await bidDeadlineIn(db, 20);
  const [first, second, third] = await threeQuestions(db);
  const officer = await signedIn(app, db, 'officer');

  const overview = await officer.get('/admin/spoergsmaal');
  t.equal(overview.statusCode, 200);
  t.match(overview.body, 'Spørgsmål (3 ubesvarede)', 'the back-office bar counts them');
  t.match(overview.body, `<a href="${adminPage}">Renovering af tag, Testskolen</a>`);
  t.match(overview.body, 'Tag &amp; Søn ApS, CVR');
  t.match(overview.body, 'Tina Tag, tina@tagogsoen.test');
  t.match(overview.body, 'Murer Madsen, Gæst (ingen konto), gaest@murer.test');
  t.match(overview.body, /Svar senest \d+\. \w+ \d{4}/);

  const tenderAdmin = await officer.get(`/admin/udbud/${SMALL_TENDER}`);
  t.match(tenderAdmin.body, `<a href="${adminPage}">Spørgsmål og svar (3 ubesvarede)</a>`);

  const page = await officer.get(adminPage);
  t.equal(page.statusCode, 200);
  t.match(page.body, 'Besvar spørgsmål fra Tag &amp; Søn ApS');
  t.match(page.body, 'Vi hos Tag &amp; Søn spørger: må tagpappen genbruges?');

  // Nothing chosen: the answer is kept, nothing published.
  const none = await officer.post(`${adminPage}/svar`, { answer: 'Ja, se bilag 3.' });
  t.equal(none.statusCode, 400);
  t.match(none.body, '<a href="#q">Vælg mindst ét spørgsmål, som svaret dækker</a>');
  t.match(none.body, 'Ja, se bilag 3.');
  const emptyWording = await officer.post(`${adminPage}/svar`, { q: [String(first)], [`text-${first}`]: ' ', answer: 'Ja, se bilag 3.' });
  t.equal(emptyWording.statusCode, 400);
  t.match(emptyWording.body, `<a href="#text-${first}">Skriv spørgsmålet, som det skal offentliggøres</a>`);
  t.same(await db.selectFrom('answers').select('id').execute(), []);

  const published = await officer.post(`${adminPage}/svar`, {
    q: [String(first), String(second)],
    [`text-${first}`]: 'Må tagpappen genbruges?',
    [`text-${second}`]: 'Skal tagrenderne skiftes?',
    answer: 'Nej, tagpappen bortskaffes.\n\nTagrenderne skiftes: se bilag 3.',
  });
  t.equal(published.statusCode, 303);
  t.equal(published.headers.location, `${adminPage}?gemt=svar`);
  const after = await officer.get(published.headers.location as string);
  t.match(after.body, 'Svaret er offentliggjort på udbudssiden.');
  t.match(after.body, 'Svar på spørgsmål 1, 2');
  t.notMatch(after.body, 'Besvar spørgsmål fra Tag', 'no longer waiting');

  const anonymous = await app.inject(publicPage);
  const html = decodeEntities(anonymous.body);
  t.match(html, '<li id="spoergsmaal-1" class="question">');
  t.match(html, /<h3 class="h4">Spørgsmål 1<\/h3>[\s\S]*<p>Må tagpappen genbruges\?<\/p>[\s\S]*<p>Nej, tagpappen bortskaffes\.<\/p>\n<p>Tagrenderne skiftes: se bilag 3\.<\/p>/);
  t.match(html, /<h3 class="h4">Spørgsmål 2<\/h3>[\s\S]*<p>Skal tagrenderne skiftes\?<\/p>/);
  t.notMatch(html, 'Vi hos Tag & Søn', 'the received wording is not public');
  t.notMatch(html, 'Tina Tag');
  t.notMatch(html, 'gaest@murer.test');
  t.match(html, '3 spørgsmål modtaget, 2 besvaret.');
  t.match(html, 'Mediantid fra spørgsmål til svar: 1 time.');

  const audit = await db.selectFrom('audit_log').select(['action', 'new_value', 'user_email']).where('action', 'like', 'question.%').execute();
  t.same(audit.map((a) => [a.action, a.user_email]), [['question.answer', 'officer@koege.test']]);
  t.match(JSON.stringify(audit[0]?.new_value), 'Vi hos Tag & Søn spørger: må tagpappen genbruges?', 'the original wording is kept in the audit log');

  const answerId = (await db.selectFrom('answers').select('id').executeTakeFirstOrThrow()).id;
  const unchanged = await officer.post(`${adminPage}/svar/${answerId}/ret`, { [`correct-${answerId}`]: 'Nej, tagpappen bortskaffes.\n\nTagrenderne skiftes: se bilag 3.' });
  t.equal(unchanged.statusCode, 409);
  t.match(unchanged.body, 'Det rettede svar er det samme som det nuværende. Intet er gemt.');
  const corrected = await officer.post(`${adminPage}/svar/${answerId}/ret`, { [`correct-${answerId}`]: 'Nej, tagpappen bortskaffes.\n\nTagrenderne skiftes: se bilag 4.' });
  t.equal(corrected.statusCode, 303);
  const correctedPage = decodeEntities((await app.inject(publicPage)).body);
  t.match(correctedPage, /rettet den \d+\. \w+ \d{4}/);
  t.match(correctedPage, /<details class="answer-earlier">\s*<summary>Tidligere svar \(version 1, offentliggjort [^)]+\)<\/summary>\s*<p>Nej, tagpappen bortskaffes\.<\/p>\n<p>Tagrenderne skiftes: se bilag 3\.<\/p>/);
  t.match(correctedPage, 'se bilag 4.');

  const noReason = await officer.post(`${adminPage}/${third}/afvis`, { [`reason-${third}`]: '' });
  t.equal(noReason.statusCode, 400);
  t.match(noReason.body, `<a href="#reason-${third}">Skriv en begrundelse</a>`);
  const rejected = await officer.post(`${adminPage}/${third}/afvis`, { [`reason-${third}`]: 'Reklame' });
  t.equal(rejected.statusCode, 303);
  const rejectedPage = await officer.get(adminPage);
  t.match(rejectedPage.body, 'Begrundelse: Reklame');
  t.match(rejectedPage.body, 'Ingen spørgsmål venter på svar.');
  t.match(rejectedPage.body, 'Spørgsmål</a>', 'the bar has no count when none wait');
  t.match(decodeEntities((await app.inject(publicPage)).body), '2 spørgsmål modtaget, 2 besvaret.');
  t.same(
    (await db.selectFrom('audit_log').select('action').where('action', 'like', 'question.%').orderBy('id').execute()).map((a) => a.action),
    ['question.answer', 'question.correct', 'question.reject'],
  );
});

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
