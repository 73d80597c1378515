import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { testApp, type Teardown } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

const main = (body: string) => decodeEntities(body.slice(body.indexOf('<main'), body.indexOf('</main>')));

/** A CVR lookup service on a local port answering every number with `status` and `body`. */
async function cvrService(t: Teardown, status: number, body: unknown) {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('the back office lists firms for any officer, with the count awaiting approval in the bar', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  t.match((await app.inject('/admin/virksomheder')).headers.location, /^\/login\?next=/, 'not for the public');
  await firmInDatabase(db, { name: 'Afventer Et ApS', status: 'unverified', trades: ['maler'], postalCode: '4623' });
  await firmInDatabase(db, { name: 'Afventer To ApS', status: 'unverified' });
  const approved = await firmInDatabase(db, { name: 'Godkendt VVS A/S', trades: ['vvs'], postalCode: '4000' });
  await firmInDatabase(db, { name: 'Afvist <b>Byg</b>', status: 'rejected' });
  const officer = await signedIn(app, db, 'officer');

  const dashboard = await officer.get('/admin');
  t.match(dashboard.body, /<a href="\/admin\/virksomheder">Virksomheder \(2 afventer\)<\/a>/);
  const list = await officer.get('/admin/virksomheder');
  t.equal(list.statusCode, 200);
  const page = main(list.body);
  t.match(page, '4 virksomheder');
  t.ok(page.indexOf('Afventer Et') < page.indexOf('Godkendt VVS') && page.indexOf('Godkendt VVS') < page.indexOf('Afvist <b>Byg</b>'), 'awaiting first');
  t.match(list.body, 'Afvist &lt;b&gt;Byg&lt;/b&gt;', 'names escaped');
  t.match(page, 'Afventer godkendelse');

  const names = async (query: string) => [...main((await officer.get(`/admin/virksomheder${query}`)).body).matchAll(/href="\/admin\/virksomheder\/[0-9a-f-]+">([^<]+)/g)].map((m) => m[1]);
  t.same(await names('?status=approved'), ['Godkendt VVS A/S']);
  t.same(await names('?status=unverified'), ['Afventer Et ApS', 'Afventer To ApS']);
  t.same(await names(`?q=${approved.cvr}`), ['Godkendt VVS A/S'], 'by CVR');
  t.same(await names('?q=4623'), ['Afventer Et ApS'], 'by postcode');
  t.same(await names('?q=maler'), ['Afventer Et ApS'], 'by trade');
  t.same(await names('?q=godkendt'), ['Godkendt VVS A/S'], 'by name');
  const bad = await officer.get('/admin/virksomheder?status=maaske');
  t.equal(bad.statusCode, 400);
  t.match(main(bad.body), 'Vælg afventer, godkendt eller afvist');
});

t.test('a firm page shows everything, and Godkend is audited and lists the firm publicly', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  const firm = await firmInDatabase(db, { name: 'Køge Tømrer ApS', status: 'unverified', contactName: 'Karen Kontaktsen', trades: ['toemrer', 'tag'], size: 'medium' });
  const officer = await signedIn(app, db, 'officer');
  const res = await officer.get(`/admin/virksomheder/${firm.firmId}`);
  t.equal(res.statusCode, 200);
  const page = main(res.body);
  for (const text of ['Køge Tømrer ApS', firm.cvr, 'Torvet 1, 4600 Køge', 'Mellemstor', 'Tømrer, Tag', 'Karen Kontaktsen', firm.email, 'Afventer godkendelse', 'CVR-opslag er ikke sat op']) t.match(page, text);
  t.notMatch((await app.inject('/virksomheder')).body, 'Køge Tømrer', 'not public before approval');

  const approve = await officer.post(`/admin/virksomheder/${firm.firmId}/godkend`, {});
  t.equal(approve.statusCode, 303);
  t.equal(approve.headers.location, `/admin/virksomheder/${firm.firmId}?udfald=approved`);
  const after = main((await officer.get(String(approve.headers.location))).body);
  t.match(after, 'Virksomheden er godkendt.');
  t.match(after, /Behandlet[\s\S]*officer@koege\.test/);
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'firm.approve').execute();
  t.same(audit.map((a) => [a.entity_id, a.user_email]), [[firm.firmId, 'officer@koege.test']]);
  t.match((await app.inject('/virksomheder')).body, 'Køge Tømrer ApS', 'public once approved');
  t.notMatch((await officer.get('/admin')).body, /afventer\)/, 'none awaiting any more');
});

t.test('Afvis needs a reason; with one it is audited and kept; a forged form changes nothing', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  const firm = await firmInDatabase(db, { name: 'Tvivlsom Byg ApS', status: 'approved' });
  const officer = await signedIn(app, db, 'officer');
  await officer.get(`/admin/virksomheder/${firm.firmId}`);

  const empty = await officer.post(`/admin/virksomheder/${firm.firmId}/afvis`, { reason: '   ' });
  t.equal(empty.statusCode, 400);
  t.match(main(empty.body), /Ret følgende[\s\S]*Skriv en begrundelse for afvisningen/);
  t.match(empty.body, 'aria-invalid="true"');

  const forged = await officer.post(`/admin/virksomheder/${firm.firmId}/afvis`, { reason: 'Forfalsket' }, { csrf: null });
  t.equal(forged.statusCode, 403);
  t.equal((await db.selectFrom('firms').select('status').where('id', '=', firm.firmId).executeTakeFirstOrThrow()).status, 'approved', 'nothing half-saved');
  t.equal((await db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'firm').execute()).length, 0);

  const reject = await officer.post(`/admin/virksomheder/${firm.firmId}/afvis`, { reason: 'CVR-nummeret tilhører <et andet> firma' });
  t.equal(reject.statusCode, 303);
  const page = await officer.get(String(reject.headers.location));
  t.match(main(page.body), 'Virksomheden er afvist.');
  t.match(page.body, 'CVR-nummeret tilhører &lt;et andet&gt; firma', 'the reason shown, escaped');
  const [audit] = await db.selectFrom('audit_log').selectAll().where('action', '=', 'firm.reject').execute();
  t.match(audit, { entity_id: firm.firmId, user_email: 'officer@koege.test', new_value: { status: 'rejected', rejectionReason: 'CVR-nummeret tilhører <et andet> firma' } });
  t.notMatch((await app.inject('/virksomheder')).body, 'Tvivlsom Byg', 'gone from the public register');

  const typedKept = await officer.post(`/admin/virksomheder/${firm.firmId}/afvis`, { reason: 'x'.repeat(1001) });
  t.equal(typedKept.statusCode, 400);
  t.match(main(typedKept.body), 'Begrundelsen må højst være 1000 tegn');
  t.match(typedKept.body, 'x'.repeat(1001), 'what was typed is kept');
});

t.test('an unknown firm is a Danish 404, for pages and buttons alike', async (t) => {
  const { app, database } = await testApp(t);
  const officer = await signedIn(app, database.db, 'officer');
  for (const id of ['00000000-0000-4000-8000-000000000000', 'ikke-et-id', "1'or'1"]) {
    const res = await officer.get(`/admin/virksomheder/${encodeURIComponent(id)}`);
    t.equal(res.statusCode, 404, id);
    t.match(decodeEntities(res.body), 'Virksomheden findes ikke');
  }
  await officer.get('/admin/virksomheder');
  t.equal((await officer.post('/admin/virksomheder/00000000-0000-4000-8000-000000000000/godkend', {})).statusCode, 404);
  t.equal((await officer.post('/admin/virksomheder/ikke-et-id/afvis', { reason: 'x' })).statusCode, 404);
});

t.test("with CVR_URL set, the register's answer stands beside what the firm typed, differences highlighted", async (t) => {
  const url = await cvrService(t, 200, { name: 'Køge Tømrerforretning ApS', address: 'Torvet 1', postalCode: '4600', city: 'køge' });
  const { app, database } = await testApp(t, { config: { cvrUrl: url } });
  const firm = await firmInDatabase(database.db, { name: 'Køge Tømrer ApS', status: 'unverified' });
  const officer = await signedIn(app, database.db, 'officer');
  const res = await officer.get(`/admin/virksomheder/${firm.firmId}`);
  const page = main(res.body);
  t.match(page, 'Oplysningerne afviger fra CVR-registret: navn.');
  t.match(page, /<tr class="cvr-mismatch">\s*<th scope="row">Navn <span class="badge badge-warning">Afviger<\/span><\/th>\s*<td>Køge Tømrer ApS<\/td>\s*<td>Køge Tømrerforretning ApS<\/td>/);
  t.match(page, /<tr>\s*<th scope="row">By<\/th>\s*<td>Køge<\/td>\s*<td>køge<\/td>/, 'a difference of case alone is no mismatch');
});

t.test('a CVR lookup that fails or finds nothing says so, and the page still works', async (t) => {
  for (const [status, body, text] of [
    [500, { error: 'boom' }, 'Opslag mislykkedes: CVR-tjenesten svarede med en fejl (500).'],
    [404, {}, 'CVR-registret kender ikke CVR-nummeret'],
    [200, { navn: 'forkert form' }, 'Opslag mislykkedes: CVR-tjenestens svar kunne ikke læses.'],
  ] as const) {
    const url = await cvrService(t, status, body);
    const { app, database } = await testApp(t, { config: { cvrUrl: url } });
    const firm = await firmInDatabase(database.db, { status: 'unverified' });
    const officer = await signedIn(app, database.db, 'officer');
    const res = await officer.get(`/admin/virksomheder/${firm.firmId}`);
    t.equal(res.statusCode, 200, String(status));
    t.match(main(res.body), text);
  }
});
