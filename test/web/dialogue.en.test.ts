import t from 'tap';
import { testApp } from '../helpers/app.js';
import { activity, pastMeetingWithOutcome, SCHOOL, withProjects } from '../helpers/dialogue-pages.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities, htmlLang } from '../helpers/html.js';

t.test('the dialogue pages in English: list, activity, outcome and the tender page history', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const coming = await activity(database.db, officer, { capacity: 5 });
  const past = await pastMeetingWithOutcome(database.db, officer);

  const list = await app.inject('/dialog?lang=en');
  t.equal(htmlLang(list.body), 'en');
  const body = decodeEntities(list.body);
  t.match(body, '<h1>Market dialogue</h1>');
  t.match(body, 'Coming activities');
  t.match(body, 'Information meeting</span>');
  t.match(body, '5 seats left of 5');
  t.match(body, /\d+ \w+ \d{4}, 09:00–11:00<\/time>/);
  t.match(body, 'Summary published');

  const detail = decodeEntities((await app.inject(`/dialog/${past}?lang=en`)).body);
  t.match(detail, 'Outcome of the dialogue');
  t.match(detail, 'What changed in the tender');
  t.match(detail, 'Sign-up is closed.');

  const tender = decodeEntities((await app.inject(`/udbud/${SCHOOL}?lang=en`)).body);
  t.match(tender, '<h2 id="dialogue-heading">Market dialogue</h2>');
  t.match(tender, `/dialog/${coming}`);
});

t.test('a refused sign-up in English keeps the typed value and says why', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, { capacity: 5 });
  const firm = await signedInFirm(app, database.db);
  const page = decodeEntities((await firm.browser.get(`/dialog/${id}?lang=en`)).body);
  t.match(page, 'We keep the firm’s name');
  t.match(page, `action="/dialog/${id}/tilmeld?lang=en"`);
  const refused = await firm.browser.post(`/dialog/${id}/tilmeld?lang=en`, { attendees: '99' });
  t.equal(refused.statusCode, 400);
  t.match(decodeEntities(refused.body), 'The number of attendees must be a whole number from 1 to 10');
  t.match(refused.body, 'value="99"');
  const ok = await firm.browser.post(`/dialog/${id}/tilmeld?lang=en`, { attendees: '2' });
  t.equal(ok.headers.location, `/dialog/${id}?besked=tilmeldt&lang=en#tilmelding`);
  t.match(decodeEntities((await firm.browser.get(ok.headers.location!)).body), 'Your firm is signed up with 2 attendee(s).');
});
