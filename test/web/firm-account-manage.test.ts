import t from 'tap';
import { FIRM_SESSION_COOKIE } from '../../src/firms/sessions.js';
import { testApp } from '../helpers/app.js';
import { SMALL_TENDER, withTenders } from '../helpers/decisions.js';
import { signedInFirm } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

const HOSTILE = '<script>alert(1)</script> & "Søn"';

t.test('Min virksomhed: edit details, trades and choices; a refused edit keeps what was typed and changes nothing', async (t) => {
  const { app } = await testApp(t);
  const firm = await signedInFirm(app, app.db, { name: HOSTILE, status: 'unverified', trades: ['toemrer'], publicListing: false });
  const page = await firm.browser.get('/virksomhed');
  t.equal(page.statusCode, 200);
  t.notMatch(page.body, '<script>alert(1)</script>', 'the firm name is escaped');
  t.match(page.body, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Søn&quot;');
  t.match(page.body, 'Afventer godkendelse');
  t.match(page.body, /name="trades" value="toemrer" checked/);
  t.match(page.body, /name="size" value="small" checked/);

  const edit = { name: 'Nyt Navn ApS', address: 'Nørregade 2', postalCode: '4681', city: 'Herfølge', trades: ['el', 'vvs'], size: 'micro', publicListing: 'ja' };
  const bad = await firm.browser.post('/virksomhed', { ...edit, trades: ['el', 'astronaut'] });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'Vælg kun brancher fra listen');
  t.match(bad.body, 'value="Nyt Navn ApS"');
  t.match(bad.body, /name="trades" value="el" checked/);
  const noTrade = await firm.browser.post('/virksomhed', { ...edit, trades: [] });
  t.match(noTrade.body, 'Vælg mindst én branche');
  t.equal((await app.db.selectFrom('firms').select('name').executeTakeFirstOrThrow()).name, HOSTILE, 'nothing saved');

  const saved = await firm.browser.post('/virksomhed', edit);
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, '/virksomhed?besked=gemt');
  const row = await app.db.selectFrom('firms').selectAll().executeTakeFirstOrThrow();
  t.match(row, { name: 'Nyt Navn ApS', address: 'Nørregade 2', postal_code: '4681', city: 'Herfølge', size: 'micro', public_listing: true, wants_invitations: false, status: 'unverified' });
  const trades = await app.db.selectFrom('firm_trades').select('trade_code').orderBy('trade_code').execute();
  t.same(trades.map((r) => r.trade_code), ['el', 'vvs']);
  const after = await firm.browser.get('/virksomhed?besked=gemt');
  t.match(after.body, 'Oplysningerne er gemt.');
  t.match(after.body, 'Min virksomhed: Nyt Navn ApS');
  t.match(after.body, 'vises ikke i det offentlige virksomhedsregister', 'unverified: not listed even when chosen');

  const me = await firm.browser.post('/virksomhed/mig', { contactName: 'Kim K. Hansen', phone: '22 33 44 55', lang: 'en' });
  t.equal(me.statusCode, 303);
  t.match(await app.db.selectFrom('firm_contacts').selectAll().executeTakeFirstOrThrow(), { name: 'Kim K. Hansen', phone: '22 33 44 55', lang: 'en' });
  const badMe = await firm.browser.post('/virksomhed/mig', { contactName: '', phone: 'x', lang: 'da' });
  t.equal(badMe.statusCode, 400);
  t.match(badMe.body, 'Skriv kontaktpersonens navn');
  t.match(badMe.body, 'value="x"');
});

t.test('contact people: add one (who gets a sign-in mail), remove one, never the last', async (t) => {
  const { app } = await testApp(t);
  const firm = await signedInFirm(app, app.db, { contactName: 'Første Person' });
  const other = await signedInFirm(app, app.db, { email: 'anden@andetfirma.test' });
  await firm.browser.get('/virksomhed');

  const last = await firm.browser.post(`/virksomhed/kontakter/${firm.contactId}/fjern`, {});
  t.equal(last.statusCode, 409);
  t.match(last.body, 'Virksomheden skal have mindst én kontaktperson.');

  const taken = await firm.browser.post('/virksomhed/kontakter', { newContactName: 'Dublet', newEmail: 'ANDEN@andetfirma.test' });
  t.equal(taken.statusCode, 409);
  t.match(taken.body, 'E-mailadressen bruges allerede');
  t.match(taken.body, 'value="Dublet"');
  const bad = await firm.browser.post('/virksomhed/kontakter', { newContactName: '', newEmail: 'x' });
  t.equal(bad.statusCode, 400);
  t.match(bad.body, 'Skriv kontaktpersonens navn');

  const added = await firm.browser.post('/virksomhed/kontakter', { newContactName: 'Anden <b>Person</b>', newEmail: 'anden@firma.test' });
  t.equal(added.statusCode, 303);
  const contact = await app.db.selectFrom('firm_contacts').selectAll().where('email', '=', 'anden@firma.test').executeTakeFirstOrThrow();
  t.equal(contact.firm_id, firm.firmId);
  const mails = await app.db.selectFrom('firm_mails').selectAll().where('contact_id', '=', contact.id).execute();
  t.match(mails, [{ kind: 'signin' }], 'the new contact gets a sign-in mail of its own');
  const page = await firm.browser.get('/virksomhed?besked=tilfoejet');
  t.match(page.body, 'Kontaktpersonen er tilføjet');
  t.match(page.body, 'Anden &lt;b&gt;Person&lt;/b&gt;');
  t.match(page.body, 'Første Person (dig)');

  const foreign = await firm.browser.post(`/virksomhed/kontakter/${other.contactId}/fjern`, {});
  t.equal(foreign.statusCode, 404, "another firm's contact cannot be removed");
  const removed = await firm.browser.post(`/virksomhed/kontakter/${contact.id}/fjern`, {});
  t.equal(removed.statusCode, 303);
  t.equal(removed.headers.location, '/virksomhed?besked=fjernet');
  t.equal(await app.db.selectFrom('firm_contacts').select('id').where('id', '=', contact.id).executeTakeFirst(), undefined);
  t.equal((await app.db.selectFrom('firm_mails').selectAll().where('contact_id', '=', contact.id).execute()).length, 0);
});

t.test('pages for firms need a signed-in firm, and every form a CSRF token', async (t) => {
  const { app } = await testApp(t);
  const firm = await signedInFirm(app, app.db);
  const anonymous = new Browser(app);
  for (const path of ['/virksomhed', '/virksomhed/data', '/virksomhed/slet']) {
    const res = await anonymous.get(path);
    t.equal(res.statusCode, 303, path);
    t.equal(res.headers.location, '/virksomhed/log-ind');
  }
  await firm.browser.get('/virksomhed');
  const forged = await firm.browser.post('/virksomhed/slet', { confirm: 'ja' }, { csrf: null });
  t.equal(forged.statusCode, 403);
  t.ok(await app.db.selectFrom('firms').select('id').executeTakeFirst(), 'nothing deleted');
});

t.test('GDPR: the export holds everything about the firm; deletion removes the personal data but keeps invitations and bids', async (t) => {
  const { app } = await testApp(t);
  await withTenders(app.db);
  const firm = await signedInFirm(app, app.db, { name: 'Eksport ApS', contactName: 'Eva Eksport', email: 'eva@eksport.test', trades: ['maler'] });
  const db = app.db;
  await db.insertInto('tender_interests').values({ tender_id: SMALL_TENDER, firm_id: firm.firmId, note: 'Vi har tid i foråret' }).execute();
  await db.insertInto('invitations').values({ tender_id: SMALL_TENDER, firm_id: firm.firmId, cvr: firm.cvr, firm_name: 'Eksport ApS' }).execute();
  const { id: decisionId } = await db
    .insertInto('decisions')
    .values({ tender_id: SMALL_TENDER, kind: 'award', decided_on: '2026-11-20', details: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('bids').values({ tender_id: SMALL_TENDER, decision_id: decisionId, firm_id: firm.firmId, cvr: firm.cvr, firm_name: 'Eksport ApS', amount_dkk: 1_234_000, valid: true, sme: true }).execute();
  await db
    .insertInto('subscriptions')
    .values({ email: 'eva@eksport.test', filter: JSON.stringify({ ids: [SMALL_TENDER] }), frequency: 'instant', confirmed_at: new Date(), firm_contact_id: firm.contactId })
    .execute();

  const exported = await firm.browser.get('/virksomhed/data');
  t.equal(exported.statusCode, 200);
  t.match(exported.headers['content-type'], /^application\/json/);
  t.match(exported.headers['content-disposition'], `attachment; filename="virksomhed-${firm.cvr}.json"`);
  const data = JSON.parse(exported.body);
  t.match(data.firm, { cvr: firm.cvr, name: 'Eksport ApS', postalCode: '4600', status: 'approved', size: 'small' });
  t.same(data.trades, ['maler']);
  t.match(data.contacts, [{ name: 'Eva Eksport', email: 'eva@eksport.test', language: 'da' }]);
  t.match(data.interests, [{ tenderId: SMALL_TENDER, note: 'Vi har tid i foråret' }]);
  t.match(data.invitations, [{ tenderId: SMALL_TENDER, cvr: firm.cvr }]);
  t.match(data.bids, [{ tenderId: SMALL_TENDER, valid: true }]);
  t.equal(Number(data.bids[0].amountDkk), 1_234_000);
  t.match(data.followedTenders, [{ email: 'eva@eksport.test', frequency: 'instant' }]);

  const confirmPage = await firm.browser.get('/virksomhed/slet');
  t.match(confirmPage.body, 'Når du sletter Eksport ApS');
  const unconfirmed = await firm.browser.post('/virksomhed/slet', {});
  t.equal(unconfirmed.statusCode, 400);
  t.match(unconfirmed.body, 'Sæt kryds for at bekræfte');
  t.ok(await db.selectFrom('firms').select('id').executeTakeFirst(), 'not deleted without the confirmation');

  const deleted = await firm.browser.post('/virksomhed/slet', { confirm: 'ja' });
  t.equal(deleted.statusCode, 303);
  t.equal(deleted.headers.location, '/virksomhed/slettet');
  t.ok(deleted.cookies.some((c) => c.name === FIRM_SESSION_COOKIE && c.value === ''), 'the cookie is cleared');
  for (const table of ['firms', 'firm_contacts', 'firm_sessions', 'firm_signins', 'firm_trades', 'tender_interests', 'subscriptions', 'firm_mails'] as const) {
    t.equal((await db.selectFrom(table).selectAll().execute()).length, 0, `nothing left in ${table}`);
  }
  t.match(await db.selectFrom('invitations').selectAll().execute(), [{ firm_id: null, cvr: firm.cvr, firm_name: 'Eksport ApS' }], 'the invitation stays');
  t.match(await db.selectFrom('bids').selectAll().execute(), [{ firm_id: null, cvr: firm.cvr, firm_name: 'Eksport ApS', valid: true }], 'the bid stays');
  const done = await firm.browser.get('/virksomhed/slettet');
  t.match(decodeEntities(done.body), 'Virksomheden er slettet');
  t.equal((await firm.browser.get('/virksomhed')).statusCode, 303, 'signed out');
});
