import t from 'tap';
import { createdMeeting, officerWithPipeline, signupOf } from '../helpers/dialogue-admin.js';
import { decodeEntities } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

// The officers' market dialogue (/admin/dialog): cancelling an activity, and who sees the
// attendees (contact persons and e-mail addresses: officers only).

t.test('cancelling: a reason is required; then the attendees are told and the page says so', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const id = await createdMeeting(officer);
  await signupOf(db, id, 'confirmed', { name: 'Tømrer Hansen ApS', email: 'kim@hansen.test' });
  await signupOf(db, id, 'waiting', { name: 'Murer Jensen ApS', email: 'jo@jensen.test' });

  const empty = await officer.post(`/admin/dialog/${id}/aflys`, { reason: '  ' });
  t.equal(empty.statusCode, 400);
  t.match(empty.body, /<a href="#reason">Skriv, hvorfor aktiviteten aflyses \(begrundelsen er offentlig\)<\/a>/);
  t.equal((await db.selectFrom('dialogue_activities').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'announced');

  const res = await officer.post(`/admin/dialog/${id}/aflys`, { reason: 'Projekterne er udskudt til 2028.' });
  t.equal(res.statusCode, 303);
  const page = await officer.get(res.headers.location as string);
  t.match(page.body, /Aktiviteten er aflyst. De tilmeldte får besked med mail./);
  t.match(page.body, /Begrundelse: Projekterne er udskudt til 2028./);
  t.notMatch(page.body, /action="\/admin\/dialog\/\d+\/aflys"/, 'no second cancellation');
  const mails = await db.selectFrom('dialogue_mails').select('kind').execute();
  t.same(mails.map((m) => m.kind), ['activity_cancelled', 'activity_cancelled'], 'the attendee and the waiting firm');
  t.equal((await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.activity.cancel').execute()).length, 1);
  const list = decodeEntities((await officer.get('/admin/dialog')).body);
  t.match(list, /badge-error">Aflyst</);
});

t.test('attendees and the waiting list with contact persons and e-mail addresses: for officers only', async (t) => {
  const { app, db, officer } = await officerWithPipeline(t);
  const id = await createdMeeting(officer, { capacity: '2' });
  await signupOf(db, id, 'confirmed', { name: 'Tømrer Hansen ApS', email: 'kim@hansen.test', contactName: 'Kim Hansen' }, 2);
  await signupOf(db, id, 'waiting', { name: 'Murer Jensen ApS', email: 'jo@jensen.test', contactName: 'Jo Jensen' });
  await signupOf(db, id, 'waiting', { name: 'VVS Berg ApS', email: 'bo@berg.test', contactName: 'Bo Berg' });

  const html = decodeEntities((await officer.get(`/admin/dialog/${id}`)).body);
  t.match(html, /Tømrer Hansen ApS<\/a><\/td>\s*<td[^>]*>Kim Hansen<\/td>\s*<td[^>]*><a href="mailto:kim@hansen.test">/, 'firm, contact person and e-mail');
  t.match(html, /<td data-title="Nr.">1<\/td>\s*<td[^>]*><a[^>]*>Murer Jensen ApS/, 'the waiting list in order, with positions');
  t.match(html, /<td data-title="Nr.">2<\/td>\s*<td[^>]*><a[^>]*>VVS Berg ApS/);
  t.match(html, /Pladser<\/dt><dd>2 af 2/);
  const list = decodeEntities((await officer.get('/admin/dialog')).body);
  t.match(list, /<td data-title="Pladser taget">2 af 2<\/td>\s*<td data-title="Venteliste">2<\/td>/, 'the list counts seats and the waiting list');

  const forged = await officer.post(`/admin/dialog/${id}/aflys`, { reason: 'Udskudt' }, { csrf: null });
  t.equal(forged.statusCode, 403, 'an officer\'s form without its CSRF token is refused');

  const anonymous = new Browser(app);
  const refused = await anonymous.get(`/admin/dialog/${id}`);
  t.equal(refused.statusCode, 303, 'anonymous visitors are sent to the login page');
  t.match(String(refused.headers.location), /^\/login\?next=/);
  t.notMatch(refused.body, /kim@hansen.test/);
  for (const url of ['/admin/dialog', '/admin/dialog/ny']) t.equal((await anonymous.get(url)).statusCode, 303, `${url} too`);
  const post = await anonymous.post(`/admin/dialog/${id}/aflys`, { reason: 'Nej' }, { csrf: null });
  t.match(String(post.headers.location), /^\/login/, 'a post is sent to the login page too');
  t.equal((await db.selectFrom('dialogue_activities').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'announced', 'and cannot cancel');
  const json = await app.inject({ method: 'GET', url: `/admin/dialog/${id}`, headers: { accept: 'application/json' } });
  t.equal(json.statusCode, 401);
});

t.test('an unknown activity is a 404 page', async (t) => {
  const { officer } = await officerWithPipeline(t);
  for (const url of ['/admin/dialog/999', '/admin/dialog/abc']) {
    const res = await officer.get(url);
    t.equal(res.statusCode, 404, url);
    t.match(res.body, /Aktiviteten findes ikke/);
  }
});
