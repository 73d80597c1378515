import t from 'tap';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { lowestPriceAwardForm } from '../helpers/fixtures.js';
import { firmInDatabase, testCvrs } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

// The award form's bid rows and the public round after the award, in English.

const [A, B] = [testCvrs[7]!, testCvrs[8]!];

t.test('bid rows refused and shown in English; the public round after the award', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const officer = await signedIn(app, db, 'officer');
  const a = await firmInDatabase(db, { cvr: A, name: 'Tag A ApS', trades: ['tag'] });
  const b = await firmInDatabase(db, { cvr: B, name: 'Tag B ApS', trades: ['tag'] });
  await officer.get(`/admin/udbud/${SMALL_TENDER}/invitationer?lang=en`);
  t.equal((await officer.post(`/admin/udbud/${SMALL_TENDER}/invitationer`, { firm: [a.firmId, b.firmId] })).statusCode, 303);
  await officer.get(`/admin/udbud/${SMALL_TENDER}`);

  const rows = {
    'award-winnerName': 'Tag A ApS',
    'award-winnerCvr': A,
    'award-awardValueDkk': '900.000',
    'award-bid1Cvr': A,
    'award-bid1Name': 'Tag A ApS',
    'award-bid1Amount': '900.000',
    'award-bid1Valid': 'yes',
    'award-bid2Cvr': B,
    'award-bid2Name': 'Tag B ApS',
    'award-bid2Amount': '950.000',
    'award-bid2Valid': 'no',
  };
  const bad = await officer.post(`/admin/udbud/${SMALL_TENDER}/tildeling`, lowestPriceAwardForm({ ...rows, 'award-winnerCvr': B, 'award-winnerName': 'Tag B ApS' }));
  t.equal(bad.statusCode, 400);
  const html = decodeEntities(bad.body);
  t.match(html, /Write why bid 2 is not valid/);
  t.match(html, /<h3 class="h4" id="award-bids-heading">Bids received<\/h3>/);
  t.match(html, /name="award-bid2Amount" value="950.000"/, 'rows kept');

  const ok = await officer.post(`/admin/udbud/${SMALL_TENDER}/tildeling`, lowestPriceAwardForm({ ...rows, 'award-bid2Reason': 'Reservations' }));
  t.equal(ok.statusCode, 303);
  const page = decodeEntities((await officer.get(`/udbud/${SMALL_TENDER}`)).body);
  t.match(page, /<h2 id="underhand-heading">Invited bids \(underhåndsbud\)<\/h2>/);
  t.match(page, /2 firms have been invited to bid/);
  t.match(page, /0 firms showed interest in the work/);
  t.match(page, /<td>Tag A ApS<\/td><td>\d{8}<\/td><td>DKK 900,000<\/td><td>Valid<\/td><td><span class="badge badge-success">Winner<\/span><\/td>/);
  t.match(page, /Not valid: Reservations/);
});
