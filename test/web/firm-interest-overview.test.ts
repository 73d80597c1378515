import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { testApp } from '../helpers/app.js';
import { dbdItem } from '../helpers/dbd.js';
import { EU_TENDER, PLANNED_TENDER, withTenders } from '../helpers/decisions.js';
import { signedInFirm } from '../helpers/firms.js';
import { unescaped } from '../helpers/html.js';

const COMING = 'T-COMING';

t.test('Mit overblik: the firm’s interests with status, timing, latest change and note, its invitations, and withdrawing', async (t) => {
  const { app, database } = await testApp(t);
  await withTenders(database.db);
  await importDbdItems(database.db, [
    dbdItem({ id: COMING, title: 'Nyt tag på <Hallen>', status: 'in_preparation', timeline: { expectedTenderPublication: '2099-Q2' } }),
  ]);
  const firm = await signedInFirm(app, database.db, { name: 'Overblik Tømrer ApS' });

  const empty = await firm.browser.get('/virksomhed/overblik');
  t.equal(empty.statusCode, 200);
  t.match(empty.body, '<h1>Mit overblik</h1>');
  t.match(empty.body, 'Her følger Overblik Tømrer ApS de udbud');
  t.match(empty.body, 'I har ikke vist interesse for nogen udbud endnu.');
  t.match(empty.body, 'I har ikke fået nogen invitationer.');
  t.match(empty.body, '<a href="/virksomhed/overblik">Mit overblik</a>', 'in the header');

  await firm.browser.get(`/udbud/${PLANNED_TENDER}`);
  await firm.browser.post(`/udbud/${PLANNED_TENDER}/interesse`, { note: 'Malerarbejdet <alt>' });
  await firm.browser.post(`/udbud/${COMING}/interesse`, {});
  await importDbdItems(database.db, [
    dbdItem({ id: COMING, revision: 2, title: 'Nyt tag på <Hallen>', status: 'in_preparation', timeline: { expectedTenderPublication: '2099-Q3' } }),
  ]);
  await database.db.insertInto('invitations').values({ tender_id: EU_TENDER, firm_id: firm.firmId, cvr: firm.cvr, firm_name: 'Overblik Tømrer ApS' }).execute();

  const overview = await firm.browser.get('/virksomhed/overblik');
  t.equal(overview.statusCode, 200);
  const html = unescaped(overview.body);
  t.match(html, '<a href="/udbud/T-PLANNED">Maling af gang</a>');
  t.match(html, '<a href="/udbud/T-COMING">Nyt tag på &lt;Hallen&gt;</a>', 'the title escaped');
  t.match(html, 'Under forberedelse');
  t.match(html, 'Forventes udbudt 3. kvartal 2099');
  t.match(html, /Forventet offentliggørelse ændret fra .*2099 til .*2099/, 'the latest change, from the events');
  t.match(html, 'Antal interesserede virksomheder: 1', 'the interest event is the latest change of the other');
  t.match(html, 'Malerarbejdet &lt;alt&gt;', 'the note, escaped');
  t.match(html, '<form method="post" action="/udbud/T-COMING/interesse/traek-tilbage" class="inline-form">');
  t.match(html, '<input type="hidden" name="tilbage" value="overblik">');
  t.match(html, '<h2 id="invitations-heading">Invitationer til underhåndsbud</h2>');
  t.match(html, '<a href="/udbud/T-EU">Ny skole i Ølby</a> · Åben for tilbud · <span class="small-text">Inviteret ');
  t.ok(html.indexOf('Nyt tag på') < html.indexOf('Maling af gang'), 'the newest interest first');

  const withdrawn = await firm.browser.post(`/udbud/${COMING}/interesse/traek-tilbage`, { tilbage: 'overblik' });
  t.equal(withdrawn.statusCode, 303);
  t.equal(withdrawn.headers.location, '/virksomhed/overblik');
  const after = await firm.browser.get('/virksomhed/overblik');
  t.notMatch(after.body, 'Nyt tag på');
  t.match(after.body, 'Maling af gang');
});

t.test('Mit overblik needs a signed-in firm', async (t) => {
  const { app } = await testApp(t);
  const res = await app.inject('/virksomhed/overblik');
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/virksomhed/log-ind');
  const home = await app.inject('/');
  t.notMatch(home.body, 'Mit overblik', 'no header link for a visitor');
});
