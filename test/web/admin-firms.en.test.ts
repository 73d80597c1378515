import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';
import { signedIn } from '../helpers/officer.js';

const main = (body: string) => decodeEntities(body.slice(body.indexOf('<main'), body.indexOf('</main>')));

t.test('the back office firm pages in English, with the CVR comparison and a rejection without a reason', async (t) => {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'Other Name ApS', address: 'Torvet 1', postalCode: '4681', city: 'Herfølge' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { app, database } = await testApp(t, { config: { cvrUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
  const firm = await firmInDatabase(database.db, { name: 'Køge Tømrer ApS', status: 'unverified', size: 'micro' });
  const officer = await signedIn(app, database.db, 'officer');

  const list = await officer.get('/admin/virksomheder?lang=en');
  t.match(list.body, /<a href="\/admin\/virksomheder">Firms \(1 awaiting\)<\/a>/);
  t.match(main(list.body), /1 firm[\s\S]*Awaiting approval/);

  const page = main((await officer.get(`/admin/virksomheder/${firm.firmId}`)).body);
  for (const text of ['What the firm told us', 'Micro', 'Contact people', 'The details differ from the CVR register: name, postcode, town.', 'Differs', 'Approve', 'Reject']) t.match(page, text);
  t.notMatch(page, 'Afviger');

  const rejected = await officer.post(`/admin/virksomheder/${firm.firmId}/afvis`, { reason: '' });
  t.equal(rejected.statusCode, 400);
  t.match(main(rejected.body), 'Write a reason for the rejection');
  const approved = await officer.post(`/admin/virksomheder/${firm.firmId}/godkend`, {});
  t.match(main((await officer.get(String(approved.headers.location))).body), 'The firm is approved.');
});
