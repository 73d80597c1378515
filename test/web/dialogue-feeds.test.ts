import { parseFeed } from '@rowanmanning/feed-parser';
import t, { type Test } from 'tap';
import { testApp } from '../helpers/app.js';
import { EU_TENDER, PLANNED_TENDER, withTenders } from '../helpers/decisions.js';
import { firmInDatabase } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';
import { correctAnswer, dialogueEvent, publishAnswer } from '../helpers/question-rows.js';

// Answers and market dialogue where events are told: the RSS and Atom feeds (read with a real feed
// parser) carry the questions and the answer, never who asked; the history on the tender page has a
// line for each, in Danish and English.

const hostile = 'Må vi bruge <script>alert(1)</script> & "stillads"?';

async function appWithDialogue(t: Test) {
  const { app, database } = await testApp(t, { config: { publicUrl: 'https://udbud.koege.dk' } });
  const db = database.db;
  await withTenders(db);
  const asker = await firmInDatabase(db, { name: 'Spørgelysten Tømrer ApS', email: 'spoerger@toemrer.test' });
  const answer = await publishAnswer(db, EU_TENDER, [{ text: 'Kim spørger: lørdag?', published: 'Må der arbejdes om lørdagen?', ...asker }, { text: hostile, ...asker }], 'Ja, fra kl. 8 til 16.');
  await correctAnswer(db, answer.answerId, 'Ja, fra kl. 7 til 16.');
  await dialogueEvent(db, PLANNED_TENDER, { action: 'announced', activityId: 3, kind: 'information_meeting', title: 'Møde om <maling>', startsAt: '2027-01-15T13:00:00Z' });
  return { app, asker };
}

for (const format of ['rss', 'atom'] as const) {
  t.test(`the ${format} feed tells answers with their questions and market dialogue, escaped, never the asker`, async (t) => {
    const { app, asker } = await appWithDialogue(t);
    const res = await app.inject(`/feeds/udbud.${format}`);
    t.equal(res.statusCode, 200);
    t.notMatch(res.body, /<script>/, 'no live markup');
    const feed = parseFeed(res.body);
    const titles = feed.items.map((i) => i.title);
    t.same(titles.slice(0, 3), [
      'Markedsdialog annonceret: Informationsmøde »Møde om <maling>« 15. januar 2027 kl. 14.00: Maling af gang',
      'Svaret på spørgsmål 1 og 2 er rettet: Ny skole i Ølby',
      'Svar på spørgsmål 1 og 2 er offentliggjort: Ny skole i Ølby',
    ]);
    const text = (i: number) => decodeEntities(String(feed.items[i]!.description ?? feed.items[i]!.content));
    t.equal(text(2), `Spørgsmål 1: Må der arbejdes om lørdagen? Spørgsmål 2: ${hostile} Svar: Ja, fra kl. 8 til 16.`, 'the first answer as it was');
    t.equal(text(1), `Spørgsmål 1: Må der arbejdes om lørdagen? Spørgsmål 2: ${hostile} Rettet svar: Ja, fra kl. 7 til 16.`);
    t.equal(feed.items[1]!.url, `https://udbud.koege.dk/udbud/${EU_TENDER}`);
    for (const secret of ['Spørgelysten', 'Kim spørger', asker.email]) t.notMatch(res.body, secret, `never ${secret}`);
  });
}

t.test('the English feed words them in English', async (t) => {
  const { app } = await appWithDialogue(t);
  const feed = parseFeed((await app.inject('/feeds/udbud.atom?lang=en')).body);
  t.same(feed.items.slice(0, 3).map((i) => i.title), [
    'Market dialogue announced: Information meeting “Møde om <maling>” 15 January 2027, 14:00: Maling af gang',
    'The answer to questions 1 and 2 was corrected: Ny skole i Ølby',
    'Answer to questions 1 and 2 published: Ny skole i Ølby',
  ]);
  t.match(decodeEntities(String(feed.items[1]!.description ?? feed.items[1]!.content)), /^Question 1: Må der arbejdes om lørdagen\? .* Corrected answer: Ja, fra kl\. 7 til 16\.$/);
});

t.test('the tender page’s history has a line for each answer and the dialogue, in both languages', async (t) => {
  const { app } = await appWithDialogue(t);
  const da = decodeEntities((await app.inject(`/udbud/${EU_TENDER}`)).body);
  t.match(da, '<p>Svaret på spørgsmål 1 og 2 er rettet</p>');
  t.match(da, '<p>Svar på spørgsmål 1 og 2 er offentliggjort</p>');
  t.notMatch(da, 'Spørgelysten');
  const en = decodeEntities((await app.inject(`/udbud/${EU_TENDER}?lang=en`)).body);
  t.match(en, '<p>The answer to questions 1 and 2 was corrected</p>');
  t.match(en, '<p>Answer to questions 1 and 2 published</p>');
  const planned = (await app.inject(`/udbud/${PLANNED_TENDER}`)).body;
  t.match(planned, '<p>Markedsdialog annonceret: Informationsmøde »Møde om &lt;maling&gt;« 15. januar 2027 kl. 14.00</p>', 'the title escaped once');
});
