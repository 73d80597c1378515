import t from 'tap';
import { testApp } from '../helpers/app.js';
import { activity, HALL, inDays, pastMeetingWithOutcome, SCHOOL, withProjects } from '../helpers/dialogue-pages.js';
import { decodeEntities, unescaped } from '../helpers/html.js';
import { publishAnswer, receivedQuestion } from '../helpers/question-rows.js';

t.test('/dialog lists coming and past activities with kind, Copenhagen time, place, seats and the outcome marker', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const coming = await activity(database.db, officer, { startsAt: inDays(10, '09:00'), endsAt: inDays(10, '11:00') });
  const online = await activity(database.db, officer, { title: 'Skoler 2027: online-møde', tenderIds: [], theme: 'Skoler 2027', place: null, onlineUrl: 'https://møde.example/skoler', capacity: null, startsAt: inDays(12, '14:00'), endsAt: inDays(12, '15:00') });
  const past = await pastMeetingWithOutcome(database.db, officer);

  const res = await app.inject('/dialog');
  t.equal(res.statusCode, 200);
  const body = decodeEntities(res.body);
  t.match(body, '<h1>Markedsdialog</h1>');
  const [comingPart, pastPart] = body.split('id="past-heading"');
  t.match(comingPart, `<a href="/dialog/${coming}">Informationsmøde om skole og idrætshal</a>`);
  t.match(comingPart, 'Informationsmøde</span>');
  t.match(comingPart, /kl\. 09\.00–11\.00<\/time>/, 'the start in Copenhagen time, with the end');
  t.match(comingPart, 'Rådhuset, Torvet 1, Køge');
  t.match(comingPart, '5 ledige pladser af 5');
  t.match(comingPart, `<a href="/udbud/${SCHOOL}">Maling af gang</a>`, 'the projects it concerns');
  t.match(comingPart, `<a href="/udbud/${HALL}">Ny idrætshal i Ølby</a>`);
  t.match(comingPart, `<a href="/dialog/${online}">Skoler 2027: online-møde</a>`);
  t.match(comingPart, 'Tema: Skoler 2027');
  t.match(comingPart, 'Ingen grænse for antal deltagere');
  t.match(comingPart, />Online</);
  t.notMatch(comingPart, 'Leverandørdag om tage');
  t.match(pastPart, `<a href="/dialog/${past}">Leverandørdag om tage</a>`);
  t.match(pastPart, 'Resumé offentliggjort');
  t.notMatch(comingPart, 'Resumé offentliggjort');
  t.match(unescaped(res.body), '<a href="/feeds/dialog.rss">RSS</a>');
  t.match(unescaped(res.body), '<a href="/kalender/dialog.ics">Kalender (.ics)</a>');
});

t.test('the front page and the footer link to /dialog', async (t) => {
  const { app } = await testApp(t);
  const home = await app.inject('/');
  t.match(home.body, '<a href="/dialog">Markedsdialog før udbuddene');
  t.match(home.body, '<li><a href="/dialog">Markedsdialog</a></li>');
});


t.test('/dialog gives the questions on tenders across all of them: how many, how many answered, the median time to answer', async (t) => {
  const { app, database } = await testApp(t);
  await withProjects(database.db);
  const none = decodeEntities((await app.inject('/dialog')).body);
  t.match(none, 'Spørgsmål til udbud');
  t.match(none, '<p class="question-stats">Ingen spørgsmål modtaget endnu.</p>');
  const now = Date.now();
  const hours = (n: number) => new Date(now - n * 3_600_000);
  await publishAnswer(database.db, SCHOOL, [{ text: 'Hvornår er der besigtigelse?', receivedAt: hours(30) }], 'Den 5. januar kl. 10.', { publishedAt: hours(6) });
  await publishAnswer(database.db, HALL, [{ text: 'Må vi byde på en del?', receivedAt: hours(50) }], 'Nej.', { publishedAt: hours(2) });
  await receivedQuestion(database.db, HALL, { text: 'Endnu ikke besvaret', receivedAt: hours(1) });
  const body = decodeEntities((await app.inject('/dialog')).body);
  t.match(body, '<p class="question-stats">3 spørgsmål modtaget, 2 besvaret.</p>', 'counted across tenders, the unanswered one too');
  t.match(body, '<p class="question-stats">Mediantid fra spørgsmål til svar: 36 timer.</p>', 'the median of 24 and 48 hours');
  t.match(body, '<a href="/api/v1/questions/stats">');
  const en = decodeEntities((await app.inject('/dialog?lang=en')).body);
  t.match(en, '<p class="question-stats">3 questions received, 2 answered.</p>');
});
