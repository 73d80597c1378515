import t from 'tap';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { decodeEntities } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';
import { bidDeadlineIn, threeQuestions } from '../helpers/questions.js';

const publicPage = `/udbud/${SMALL_TENDER}`;
const adminPage = `/admin/udbud/${SMALL_TENDER}/spoergsmaal`;

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

