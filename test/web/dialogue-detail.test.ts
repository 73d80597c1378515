import t from 'tap';
import { testApp } from '../helpers/app.js';
import { pastMeetingWithOutcome, SCHOOL, withProjects } from '../helpers/dialogue-pages.js';
import { decodeEntities } from '../helpers/html.js';

t.test("an activity's page shows every fact, its projects and the published outcome", async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await pastMeetingWithOutcome(database.db, officer);
  const res = await app.inject(`/dialog/${id}`);
  t.equal(res.statusCode, 200);
  const body = decodeEntities(res.body);
  t.match(body, '<h1>Leverandørdag om tage</h1>');
  t.match(body, '<h2 id="outcome-heading">Resultat af dialogen</h2>');
  t.match(body, 'Tolv virksomheder deltog og gav gode råd.');
  t.match(body, '<h3 class="h4">Hvad vi lærte</h3>');
  t.match(body, 'Små firmaer vil byde på delentrepriser.');
  t.match(body, '<h3 class="h4">Hvad der er ændret i udbuddet</h3>');
  t.match(body, 'Opgaven deles i tre delentrepriser.');
  t.match(body, 'Vi fortæller om de to byggerier');
  t.match(body, /<dt>Tidspunkt<\/dt><dd><time datetime="[^"]+">\d+\. \w+ \d{4} kl\. 13\.00–15\.00<\/time>/);
  t.match(body, `<a href="/udbud/${SCHOOL}">Maling af gang</a>`);
  t.match(body, 'Tilmeldingen er lukket.', 'a past meeting takes no sign-ups');
  t.notMatch(body, 'name="_csrf"', 'no form for an anonymous reader: the page may be cached');
  t.notOk(res.headers['set-cookie']);
});

t.test('an unknown or malformed activity id is a 404 page', async (t) => {
  const { app } = await testApp(t);
  for (const id of ['999', 'abc', '1%27--']) {
    const res = await app.inject(`/dialog/${id}`);
    t.equal(res.statusCode, 404, id);
    t.match(res.body, 'Aktiviteten findes ikke');
  }
});

