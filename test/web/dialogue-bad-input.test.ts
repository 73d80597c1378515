import t from 'tap';
import { testApp } from '../helpers/app.js';
import { activity, inDays, withProjects } from '../helpers/dialogue-pages.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';
import type { Db } from '../../src/db/database.js';

const signups = (db: Db) => db.selectFrom('dialogue_signups').select(['status', 'attendees']).execute();

t.test('bad sign-ups get a clear message with the typed values kept, and nothing is saved', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const id = await activity(database.db, officer, { capacity: 3 });
  const page = `/dialog/${id}`;
  const firm = await signedInFirm(app, database.db);
  await firm.browser.get(page);

  for (const attendees of ['0', 'to', '11', '']) {
    const res = await firm.browser.post(`${page}/tilmeld`, { attendees });
    t.equal(res.statusCode, 400, `attendees ${JSON.stringify(attendees)}`);
    const body = decodeEntities(res.body);
    t.match(body, 'Antal deltagere skal være et helt tal fra 1 til 10');
    t.match(body, `id="attendees" name="attendees" value="${attendees}"`, 'the typed value kept');
    t.match(body, '<a href="#attendees">');
  }
  const tooMany = await firm.browser.post(`${page}/tilmeld`, { attendees: '4' });
  t.equal(tooMany.statusCode, 400, 'more attendees than the meeting has seats');
  t.match(tooMany.body, 'value="4"');
  t.same(await signups(database.db), []);

  t.equal((await firm.browser.post(`${page}/tilmeld`, { attendees: '1' })).statusCode, 303);
  const twice = await firm.browser.post(`${page}/tilmeld`, { attendees: '2' });
  t.equal(twice.statusCode, 400, 'a double sign-up');
  t.match(decodeEntities(twice.body), 'I er allerede tilmeldt denne aktivitet');
  t.match(twice.body, '<a href="#tilmelding">');
  t.same(await signups(database.db), [{ status: 'confirmed', attendees: 1 }]);

  const guest = new Browser(app);
  await guest.get(`${page}/tilmeld`);
  const badGuest = await guest.post(`${page}/tilmeld`, { email: 'ikke-en-adresse', firmName: 'Gæst & Co', attendees: '2' });
  t.equal(badGuest.statusCode, 400);
  const body = decodeEntities(badGuest.body);
  t.match(body, 'E-mailadressen ser ikke rigtig ud');
  t.match(body, 'value="ikke-en-adresse"');
  t.match(body, 'value="Gæst & Co"');
  t.same((await signups(database.db)).length, 1);
});

t.test('past the sign-up deadline, and a forged slot id, are refused with the reason', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await withProjects(database.db);
  const closed = await activity(database.db, officer, { signupDeadline: inDays(-1, '12:00'), startsAt: inDays(5, '09:00'), endsAt: inDays(5, '10:00') }, inDays(-3));
  const firm = await signedInFirm(app, database.db);
  const page = decodeEntities((await firm.browser.get(`/dialog/${closed}`)).body);
  t.match(page, 'Tilmeldingen er lukket.');
  const late = await firm.browser.post(`/dialog/${closed}/tilmeld`, { attendees: '1' });
  t.equal(late.statusCode, 400);
  t.match(decodeEntities(late.body), 'Tilmeldingsfristen er overstået');

  const talks = await activity(database.db, officer, { kind: 'one_to_one', capacity: null, startsAt: null, endsAt: null, slots: [{ startsAt: inDays(8, '09:00'), endsAt: inDays(8, '09:30') }] });
  const other = await activity(database.db, officer, { kind: 'one_to_one', title: 'Andre samtaler', capacity: null, startsAt: null, endsAt: null, slots: [{ startsAt: inDays(9, '09:00'), endsAt: inDays(9, '09:30') }] });
  const foreign = await database.db.selectFrom('dialogue_slots').select('id').where('activity_id', '=', other).executeTakeFirstOrThrow();
  await firm.browser.get(`/dialog/${talks}`);
  for (const slotId of [String(foreign.id), '999999', 'x']) {
    const forged = await firm.browser.post(`/dialog/${talks}/tilmeld`, { slotId, attendees: '1' });
    t.equal(forged.statusCode, 400, `slot ${slotId}`);
    t.match(decodeEntities(forged.body), 'Tidspunktet hører ikke til denne aktivitet. Vælg et af de viste tidspunkter');
  }
  t.same(await signups(database.db), []);
});
