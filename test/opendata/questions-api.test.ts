import t from 'tap';
import { eventListSchema, questionListSchema, questionStatsSchema, tenderDetailSchema, tenderPageSchema } from '../../src/opendata/schemas.js';
import { testApp } from '../helpers/app.js';
import { EU_TENDER, SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { correctAnswer, publishAnswer, receivedQuestion } from '../helpers/question-rows.js';

// Questions and answers as open data: /api/v1/tenders/{id}/questions lists the questions as the
// officer published them with every version of each answer, the tender and the whole portal have
// their figures (questions, answered, median hours to answer), and nothing tells who asked.

const hours = (n: number) => n * 3600_000;
const published = new Date('2026-11-02T10:00:00Z');

async function withQuestions(t: Parameters<typeof testApp>[0]) {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const asker = await firmInDatabase(db, { name: 'Spørgelysten Tømrer ApS', email: 'spoerger@toemrer.test' });
  const first = await publishAnswer(
    db,
    EU_TENDER,
    [
      { text: 'Hej, det er Kim fra Spørgelysten: må vi arbejde om lørdagen?', published: 'Må der arbejdes om lørdagen?', receivedAt: new Date(published.getTime() - hours(48)), ...asker },
      { text: 'Gælder lørdagsarbejde også nedrivning?', receivedAt: new Date(published.getTime() - hours(24)), ...asker },
    ],
    'Ja, fra kl. 8 til 16.',
    { publishedAt: published },
  );
  await correctAnswer(db, first.answerId, 'Ja, fra kl. 7 til 16.', { publishedAt: new Date(published.getTime() + hours(5)) });
  await receivedQuestion(db, EU_TENDER, { text: 'Et spørgsmål, der endnu ikke er besvaret', ...asker });
  await publishAnswer(db, SMALL_TENDER, [{ text: 'Skal stilladset med?', receivedAt: new Date(published.getTime() - hours(10)) }], 'Ja.', { publishedAt: published });
  return { app, db, asker, first };
}

t.test('GET /api/v1/tenders/{id}/questions: published wording, every answer version, figures, never the asker', async (t) => {
  const { app, asker } = await withQuestions(t);
  const res = await app.inject(`/api/v1/tenders/${EU_TENDER}/questions`);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['access-control-allow-origin'], '*', 'open to any site, as the rest of the API');
  const body = res.json();
  t.ok(questionListSchema.safeParse(body).success, 'matches the documented schema');
  t.equal(body.tenderId, EU_TENDER);
  t.same(body.stats, { questions: 3, answered: 2, medianHoursToAnswer: 36 }, 'the unanswered question counts, the median is of the two answered');
  t.same(
    body.items.map((q: { number: number; question: string }) => [q.number, q.question]),
    [
      [1, 'Må der arbejdes om lørdagen?'],
      [2, 'Gælder lørdagsarbejde også nedrivning?'],
    ],
    'by number, as the officer published them; the unanswered one is not shown',
  );
  const [one] = body.items;
  t.same(one.answer, {
    text: 'Ja, fra kl. 7 til 16.',
    publishedAt: '2026-11-02T11:00:00+01:00',
    correctedAt: '2026-11-02T16:00:00+01:00',
    versions: [
      { version: 1, text: 'Ja, fra kl. 8 til 16.', publishedAt: '2026-11-02T11:00:00+01:00' },
      { version: 2, text: 'Ja, fra kl. 7 til 16.', publishedAt: '2026-11-02T16:00:00+01:00' },
    ],
  }, 'the current text, and the earlier one kept');
  t.equal(one.receivedAt, '2026-10-31T11:00:00+01:00', 'received, Copenhagen time');
  t.same(body.links, { tender: `http://udbud.test/api/v1/tenders/${EU_TENDER}`, html: `http://udbud.test/udbud/${EU_TENDER}` });
  for (const secret of ['Spørgelysten', 'Kim fra', asker.email, asker.cvr, asker.contactId, asker.firmId, 'endnu ikke er besvaret']) {
    t.notMatch(res.body, secret, `nothing of the asker or the unpublished question: ${secret}`);
  }
});

t.test('a tender without questions has an empty list and zero figures; an unknown tender is a Danish 404', async (t) => {
  const { app } = await withQuestions(t);
  const empty = await app.inject('/api/v1/tenders/T-NOVALUE/questions');
  t.equal(empty.statusCode, 200);
  t.same(empty.json().items, []);
  t.same(empty.json().stats, { questions: 0, answered: 0, medianHoursToAnswer: null });
  const missing = await app.inject('/api/v1/tenders/FINDES-IKKE/questions');
  t.equal(missing.statusCode, 404);
  t.same(missing.json(), { error: { code: 'not_found', message: 'Der er intet udbud med id FINDES-IKKE.' } });
});

t.test('the tender carries its figures and a link to its questions; the portal has an overall figure', async (t) => {
  const { app } = await withQuestions(t);
  const detail = (await app.inject(`/api/v1/tenders/${EU_TENDER}`)).json();
  t.ok(tenderDetailSchema.safeParse(detail).success, 'matches the documented schema');
  t.same(detail.questionStats, { questions: 3, answered: 2, medianHoursToAnswer: 36 });
  t.equal(detail.links.questions, `http://udbud.test/api/v1/tenders/${EU_TENDER}/questions`);
  const list = (await app.inject('/api/v1/tenders?limit=2')).json();
  t.ok(tenderPageSchema.safeParse(list).success);
  t.match(list.items[0].links.questions, /\/questions$/);

  const overall = await app.inject('/api/v1/questions/stats');
  t.equal(overall.statusCode, 200);
  t.ok(questionStatsSchema.safeParse(overall.json()).success);
  t.same(overall.json(), { questions: 4, answered: 3, medianHoursToAnswer: 24 }, 'the median of 48, 24 and 10 hours');
});

t.test('the events API tells an answer by its numbers and version, with a Danish headline', async (t) => {
  const { app } = await withQuestions(t);
  const body = (await app.inject(`/api/v1/tenders/${EU_TENDER}/events`)).json();
  t.ok(eventListSchema.safeParse(body).success, 'matches the documented schema');
  const answers = body.items.filter((e: { kind: string }) => e.kind === 'answer');
  t.same(
    answers.map((e: { headline: string; answer: unknown; source: string }) => [e.headline, e.answer, e.source]),
    [
      ['Svaret på spørgsmål 1 og 2 er rettet', { version: 2, numbers: [1, 2] }, 'Udbud og Indkøb'],
      ['Svar på spørgsmål 1 og 2 er offentliggjort', { version: 1, numbers: [1, 2] }, 'Udbud og Indkøb'],
    ],
  );
  t.ok(body.items.filter((e: { kind: string }) => e.kind !== 'answer').every((e: { answer: unknown; dialogue: unknown }) => e.answer === null && e.dialogue === null));
});

t.test('the OpenAPI document and the docs page, in Danish and English, describe the new operations', async (t) => {
  const { app } = await testApp(t);
  const doc = (await app.inject('/api/openapi.json')).json();
  t.ok(doc.paths['/api/v1/tenders/{id}/questions'].get, 'the questions list');
  t.ok(doc.paths['/api/v1/questions/stats'].get, 'the overall figure');
  t.ok(doc.components.schemas.QuestionList && doc.components.schemas.Question && doc.components.schemas.QuestionStats);
  t.notOk(JSON.stringify(doc.components.schemas.Question).match(/firm|contact|email|author/i), 'no field for who asked');
  t.match((await app.inject('/api/docs')).body, 'Et udbuds spørgsmål og svar');
  const english = (await app.inject('/api/docs?lang=en')).body;
  t.match(english, 'A tender’s questions and answers');
  t.match(english, 'Questions and time to answer across all tenders');
});
