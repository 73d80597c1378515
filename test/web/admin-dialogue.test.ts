import t from 'tap';
import { copenhagenInstant } from '../../src/domain/period.js';
import { eventsOf } from '../../src/tenders/events.js';
import { PLANNED_TENDER } from '../helpers/decisions.js';
import { createdMeeting, MEETING_DAY, meetingForm, officerWithPipeline, PREP_TENDER, signupOf } from '../helpers/dialogue-admin.js';
import { decodeEntities } from '../helpers/html.js';
import { Browser } from '../helpers/officer.js';

// The officers' market dialogue (/admin/dialog): creating an activity for pipeline projects,
// editing it (a changed time mails the attendees), cancelling it, and who sees the attendees.

t.test('an officer creates an information meeting for two pipeline projects: saved in Copenhagen time, announced on both, audited, listed', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const form = await officer.get('/admin/dialog/ny');
  t.equal(form.statusCode, 200);
  t.match(decodeEntities(form.body), /Maling af gang \(T-PLANNED\)/, 'the pipeline projects are offered');
  t.notMatch(form.body, /T-SMALL/, 'a published tender is not');

  const id = await createdMeeting(officer);
  const page = await officer.get(`/admin/dialog/${id}?gemt=oprettet`);
  t.match(page.body, /Aktiviteten er oprettet og vises nu offentligt./);
  t.match(decodeEntities(page.body), /<h1>Informationsmøde om nye byggerier i Ølby<\/h1>/);

  const row = await db.selectFrom('dialogue_activities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  t.equal(row.starts_at?.toISOString(), copenhagenInstant(MEETING_DAY, '09:30')!.toISOString(), '09:30 Copenhagen time');
  t.equal(row.ends_at?.toISOString(), copenhagenInstant(MEETING_DAY, '11:00')!.toISOString());
  t.equal(row.capacity, 40);
  const linked = await db.selectFrom('dialogue_activity_tenders').select('tender_id').where('activity_id', '=', id).orderBy('tender_id').execute();
  t.same(linked.map((l) => l.tender_id), [PREP_TENDER, PLANNED_TENDER].sort());
  for (const tender of [PLANNED_TENDER, PREP_TENDER]) {
    const events = (await eventsOf(db, tender)).filter((e) => e.kind === 'dialogue');
    t.equal(events.length, 1, `an event on ${tender}`);
    t.match(events[0]!.details, { action: 'announced', activityId: id });
  }
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.activity.create').execute();
  t.equal(audit.length, 1);

  const list = decodeEntities((await officer.get('/admin/dialog')).body);
  t.match(list, /Kommende aktiviteter[\s\S]*Informationsmøde om nye byggerier i Ølby[\s\S]*Afholdte og aflyste aktiviteter/, 'listed under coming');
  t.match(list, /0 af 40/, 'seats taken of the capacity');
  t.match(list, /kl\. 09\.30–11\.00/, 'the time in Copenhagen time');
  t.match(list, /<a href="\/admin\/dialog">Markedsdialog<\/a>/, 'the back-office bar links the page');

  const tenderPage = decodeEntities((await officer.get(`/admin/udbud/${PLANNED_TENDER}`)).body);
  t.match(tenderPage, new RegExp(`<a href="/admin/dialog/${id}">Informationsmøde: Informationsmøde om nye byggerier i Ølby, `), 'the tender page lists it');
});

t.test('bad input: clear messages, the typed text kept, nothing saved', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const res = await officer.post(
    '/admin/dialog/ny',
    meetingForm({ title: 'Møde om <skoler> & "haller"', startsAtDate: '', startsAtTime: '', place: '', capacity: 'mange', tenderIds: [PREP_TENDER] }),
  );
  t.equal(res.statusCode, 400);
  const html = decodeEntities(res.body);
  t.match(html, /Ret følgende/, 'an error summary');
  t.match(res.body, /<a href="#capacity">Antal pladser skal være et helt tal fra 1 til 10000, eller tomt for ubegrænset<\/a>/);
  t.match(res.body, 'value="Møde om &lt;skoler&gt; &amp; &quot;haller&quot;"', 'the title as typed, escaped');
  t.match(res.body, 'value="mange"', 'the capacity as typed');
  t.match(res.body, new RegExp(`value="${PREP_TENDER}" checked`), 'the chosen project stays chosen');
  t.match(res.body, 'Kom og hør om de kommende projekter.</textarea>', 'the description as typed');
  t.equal((await db.selectFrom('dialogue_activities').selectAll().execute()).length, 0, 'nothing saved');

  const noTime = await officer.post('/admin/dialog/ny', meetingForm({ startsAtDate: '', startsAtTime: '', endsAtTime: '', place: '' }));
  t.equal(noTime.statusCode, 400);
  t.match(noTime.body, /<a href="#startsAtDate">Angiv dato og klokkeslæt for starten<\/a>/, 'the service\'s refusal, linked to the date field');
  t.match(noTime.body, /Angiv et sted eller et link til onlinemødet/);

  const noKind = await officer.post('/admin/dialog/ny', meetingForm({ kind: 'banket' }));
  t.match(noKind.body, /Vælg, hvilken slags aktivitet det er/);

  const english = await officer.post('/admin/dialog/ny?lang=en', meetingForm({ title: '', place: '' }));
  t.equal(english.statusCode, 400);
  t.match(english.body, /Enter a title/);
  t.match(english.body, /Enter a place or a link to the online meeting/);
  t.equal((await db.selectFrom('dialogue_activities').selectAll().execute()).length, 0);
});

t.test('editing the time mails every confirmed attendee an update and bumps the sequence', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const id = await createdMeeting(officer);
  const firm = await signupOf(db, id, 'confirmed', { name: 'Tømrer Hansen ApS', email: 'kim@hansen.test' }, 2);

  const edit = await officer.get(`/admin/dialog/${id}`);
  t.match(edit.body, 'name="startsAtTime" value="09:30"', 'the form starts with what is stored, in Copenhagen time');
  const res = await officer.post(`/admin/dialog/${id}`, meetingForm({ startsAtTime: '10:00', endsAtTime: '12:00' }));
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, `/admin/dialog/${id}?gemt=gemt&mails=1`);
  const page = await officer.get(res.headers.location as string);
  t.match(page.body, /Tid eller sted er ændret: 1 tilmeldt får en mail med en opdateret kalenderinvitation./);

  const row = await db.selectFrom('dialogue_activities').select(['sequence', 'starts_at']).where('id', '=', id).executeTakeFirstOrThrow();
  t.equal(row.sequence, 1);
  t.equal(row.starts_at?.toISOString(), copenhagenInstant(MEETING_DAY, '10:00')!.toISOString());
  const mails = await db.selectFrom('dialogue_mails').selectAll().where('kind', '=', 'activity_changed').execute();
  t.equal(mails.length, 1);
  t.equal(mails[0]!.contact_id, firm.contactId);
  const jobs = (await db.selectFrom('pgboss.job' as never).select(['name' as never]).execute()) as Array<{ name: string }>;
  t.ok(jobs.some((j) => j.name === 'dialogue-mail-send'), 'its delivery is queued');

  const capacity = await officer.post(`/admin/dialog/${id}`, meetingForm({ startsAtTime: '10:00', endsAtTime: '12:00', capacity: '1' }));
  t.equal(capacity.statusCode, 400, 'fewer seats than are taken is refused');
  t.match(capacity.body, /2 pladser er allerede taget/);
  t.match(capacity.body, 'name="capacity" value="1"', 'and the form keeps what was typed');
});

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
