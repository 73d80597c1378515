import t from 'tap';
import { copenhagenInstant } from '../../src/domain/period.js';
import { eventsOf } from '../../src/tenders/events.js';
import { PLANNED_TENDER, SMALL_TENDER } from '../helpers/decisions.js';
import { createdMeeting, MEETING_DAY, meetingForm, officerWithPipeline, PREP_TENDER, signupOf } from '../helpers/dialogue-admin.js';
import { decodeEntities } from '../helpers/html.js';

// The officers' market dialogue (/admin/dialog): creating an activity for pipeline projects,
// editing it (a changed time mails the attendees), cancelling it, and who sees the attendees.

t.test('an officer creates an information meeting for two pipeline projects: saved in Copenhagen time, announced on both, audited, listed', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const form = await officer.get('/admin/dialog/ny');
  t.equal(form.statusCode, 200);
  t.match(decodeEntities(form.body), /Maling af gang \(T-PLANNED\)/, 'the pipeline projects are offered');
  t.notMatch(form.body, /T-SMALL/, 'a published tender is not');
  const preset = await officer.get(`/admin/dialog/ny?udbud=${PREP_TENDER}`);
  t.match(preset.body, new RegExp(`value="${PREP_TENDER}" checked`), 'the tender page\'s link ticks its project');

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

  const published = await officer.post('/admin/dialog/ny', meetingForm({ tenderIds: [SMALL_TENDER] }));
  t.equal(published.statusCode, 400, 'a published tender is no pipeline project, even when its id is posted');
  t.match(published.body, /<a href="#tenderIds">Projektet T-SMALL er ikke længere i pipeline/);

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
