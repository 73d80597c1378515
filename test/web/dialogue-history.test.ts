import t from 'tap';
import { setWaiver } from '../../src/dialogue/outcomes.js';
import { testApp } from '../helpers/app.js';
import { EU_TENDER } from '../helpers/decisions.js';
import { activity, HALL, pastMeetingWithOutcome, SCHOOL, withProjects } from '../helpers/dialogue-pages.js';
import { decodeEntities } from '../helpers/html.js';

t.test("a tender's page shows its dialogue history with outcomes, and each project links to its activities", async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const coming = await activity(database.db, officer);
  const past = await pastMeetingWithOutcome(database.db, officer, { tenderIds: [SCHOOL] });
  const res = await app.inject(`/udbud/${SCHOOL}`);
  t.equal(res.statusCode, 200);
  const body = decodeEntities(res.body);
  t.match(body, '<h2 id="dialogue-heading">Markedsdialog</h2>');
  t.match(body, `<a href="/dialog/${coming}">Informationsmøde om skole og idrætshal</a>`);
  t.match(body, `<a href="/dialog/${past}">Leverandørdag om tage</a>`);
  t.match(body, 'Opgaven deles i tre delentrepriser.', 'the outcome, what changed');
  t.ok(body.indexOf(`/dialog/${past}"`) < body.indexOf(`/dialog/${coming}"`), 'earliest first');
  const hall = decodeEntities((await app.inject(`/udbud/${HALL}`)).body);
  t.match(hall, `<a href="/dialog/${coming}">`);
  t.notMatch(hall, `<a href="/dialog/${past}">`);
});

t.test('an EU tender without dialogue shows the public reason; a tender with neither has no section', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const waived = await setWaiver(database.db, EU_TENDER, 'Opgaven er en gentagelse af udbuddet fra 2024, hvor markedet blev afdækket.', officer);
  t.ok(waived.ok, JSON.stringify(waived));
  const body = decodeEntities((await app.inject(`/udbud/${EU_TENDER}`)).body);
  t.match(body, 'Ingen markedsdialog');
  t.match(body, 'Opgaven er en gentagelse af udbuddet fra 2024, hvor markedet blev afdækket.');
  const none = await app.inject(`/udbud/${SCHOOL}`);
  t.notMatch(none.body, 'id="dialogue-heading"');
});

