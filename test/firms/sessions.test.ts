import t from 'tap';
import { createFirmSession, endFirmSession, FIRM_SESSION_COOKIE, resolveFirmSession } from '../../src/firms/sessions.js';
import { testApp } from '../helpers/app.js';
import { firmInDatabase, signedInFirm } from '../helpers/firms.js';

t.test('a firm session: resolved, idle, expired, ended, gone with the contact', async (t) => {
  const { app } = await testApp(t);
  const db = app.db;
  const firm = await firmInDatabase(db, { name: 'Køge Tømrer ApS' });
  const token = await createFirmSession(db, firm.contactId);
  t.match(await resolveFirmSession(db, token), { firmName: 'Køge Tømrer ApS', cvr: firm.cvr, status: 'approved', email: firm.email });
  t.equal(await resolveFirmSession(db, 'ikke-en-session'), null);
  t.equal(await resolveFirmSession(db, undefined), null);

  await db.updateTable('firm_sessions').set({ last_seen_at: new Date(Date.now() - 8 * 24 * 3600_000) }).execute();
  t.equal(await resolveFirmSession(db, token), null, 'idle more than 7 days');
  t.equal((await db.selectFrom('firm_sessions').select('token_hash').execute()).length, 0, 'and removed');

  const second = await createFirmSession(db, firm.contactId);
  await db.updateTable('firm_sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
  t.equal(await resolveFirmSession(db, second), null, 'past its absolute expiry');

  const third = await createFirmSession(db, firm.contactId);
  await endFirmSession(db, third);
  t.equal(await resolveFirmSession(db, third), null, 'ended');

  const fourth = await createFirmSession(db, firm.contactId);
  await db.deleteFrom('firms').where('id', '=', firm.firmId).execute();
  t.equal(await resolveFirmSession(db, fourth), null, 'deleting the firm deletes its contacts and sessions');
});

t.test('the signed-in firm is on the request', async (t) => {
  const { app } = await testApp(t);
  const { browser, cvr } = await signedInFirm(app, app.db, { name: 'Herfølge El A/S' });
  t.ok(browser.cookies.get(FIRM_SESSION_COOKIE));
  app.get('/test-firm', async (request) => ({ firm: request.firm?.firmName ?? null, cvr: request.firm?.cvr ?? null }));
  const res = await browser.get('/test-firm');
  t.same(res.json(), { firm: 'Herfølge El A/S', cvr });
  const anonymous = await app.inject({ method: 'GET', url: '/test-firm' });
  t.same(anonymous.json(), { firm: null, cvr: null });
});
