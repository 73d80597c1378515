import t from 'tap';
import { sendComment } from '../../src/dialogue/comments.js';
import { copenhagenInstant } from '../../src/domain/period.js';
import { eventsOf } from '../../src/tenders/events.js';
import { PLANNED_TENDER } from '../helpers/decisions.js';
import { createdMeeting, MEETING_DAY, meetingForm, officerWithPipeline, signupOf } from '../helpers/dialogue-admin.js';
import { firmInDatabase } from '../helpers/firms.js';
import { decodeEntities } from '../helpers/html.js';

// After the activity: the outcome; one-to-one slots and written consultation with its comments;
// and for a tender above the EU threshold without dialogue, the public reason why (the waiver).

/** Moves an activity into the past, as if it had been held (the forms take future times only). */
async function held(db: Parameters<typeof signupOf>[0], id: number) {
  await db
    .updateTable('dialogue_activities')
    .set({ starts_at: new Date(Date.now() - 3 * 3_600_000), ends_at: new Date(Date.now() - 2 * 3_600_000), comment_deadline: null })
    .where('id', '=', id)
    .execute();
}

t.test('the outcome: refused before the meeting, a summary required, then published with an event on each project', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const id = await createdMeeting(officer);
  const outcome = { summary: 'Tolv virksomheder deltog.', learned: 'Mindre entrepriser ønskes.', changesMade: 'Udbuddet deles i tre fagentrepriser.' };

  const early = await officer.post(`/admin/dialog/${id}/resultat`, outcome);
  t.equal(early.statusCode, 409);
  t.match(early.body, /Intet er gemt/);
  t.match(early.body, /Resultatet kan først offentliggøres, når aktiviteten har fundet sted/);
  t.match(early.body, 'Udbuddet deles i tre fagentrepriser.</textarea>', 'the typed text is kept');

  await held(db, id);
  const empty = await officer.post(`/admin/dialog/${id}/resultat`, { ...outcome, summary: '' });
  t.equal(empty.statusCode, 400);
  t.match(empty.body, /<a href="#summary">Skriv et resumé af aktiviteten<\/a>/);
  t.match(empty.body, 'Mindre entrepriser ønskes.</textarea>');

  const res = await officer.post(`/admin/dialog/${id}/resultat`, outcome);
  t.equal(res.statusCode, 303);
  const page = await officer.get(res.headers.location as string);
  t.match(page.body, /Resultatet er offentliggjort./);
  t.match(page.body, /Offentliggjort [^<]+Du kan rette teksten/);
  const row = await db.selectFrom('dialogue_activities').select(['summary', 'learned', 'changes_made', 'outcome_published_at']).where('id', '=', id).executeTakeFirstOrThrow();
  t.same([row.summary, row.learned, row.changes_made], [outcome.summary, outcome.learned, outcome.changesMade]);
  t.ok(row.outcome_published_at);
  const events = (await eventsOf(db, PLANNED_TENDER)).filter((e) => e.kind === 'dialogue').map((e) => (e.details as { action: string }).action);
  t.same(events.sort(), ['announced', 'outcome']);
  t.equal((await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.activity.outcome').execute()).length, 1);
  const list = decodeEntities((await officer.get('/admin/dialog')).body);
  t.match(list, /Afholdte og aflyste aktiviteter[\s\S]*Informationsmøde om nye byggerier i Ølby[\s\S]*badge-success">Resultat offentliggjort/, 'now among the past, with its outcome');
});

t.test('one-to-one talks: the slots laid out from the time span and length, booked ones marked', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const id = await createdMeeting(officer, { kind: 'one_to_one', title: 'Én-til-én om skolen', startsAtTime: '09:00', endsAtTime: '10:30', slotMinutes: '30', capacity: '' });
  const slots = await db.selectFrom('dialogue_slots').selectAll().where('activity_id', '=', id).orderBy('starts_at').execute();
  t.same(
    slots.map((s) => s.starts_at.toISOString()),
    ['09:00', '09:30', '10:00'].map((time) => copenhagenInstant(MEETING_DAY, time)!.toISOString()),
    'three talks of 30 minutes',
  );
  const firm = await firmInDatabase(db, { name: 'Tømrer Hansen ApS', email: 'kim@hansen.test' });
  await db.insertInto('dialogue_signups').values({ activity_id: id, firm_id: firm.firmId, contact_id: firm.contactId, slot_id: slots[1]!.id, status: 'confirmed' }).execute();

  const html = decodeEntities((await officer.get(`/admin/dialog/${id}`)).body);
  t.match(html, /09\.30–10\.00 \(booket\)/, 'the booked slot');
  t.match(html, /09\.00–09\.30 \(ledigt\)/);
  t.match(html, /Tømrer Hansen ApS<\/a><\/td>[\s\S]*?kim@hansen.test[\s\S]*?kl\. 09\.30–10\.00/, 'who booked which slot');
  t.match(html, 'name="slotMinutes" value="30"', 'the length as stored');
  t.match(decodeEntities((await officer.get('/admin/dialog')).body), /1 af 3 tidspunkter/);

  const removing = await officer.post(`/admin/dialog/${id}`, meetingForm({ kind: 'one_to_one', startsAtTime: '09:00', endsAtTime: '09:30', slotMinutes: '30' }));
  t.equal(removing.statusCode, 400, 'a booked slot cannot be removed');
  t.match(decodeEntities(removing.body), /er booket og kan ikke fjernes/);
  t.equal((await db.selectFrom('dialogue_slots').selectAll().where('activity_id', '=', id).execute()).length, 3, 'nothing changed');

  const noLength = await officer.post('/admin/dialog/ny', meetingForm({ kind: 'one_to_one', slotMinutes: '' }));
  t.equal(noLength.statusCode, 400);
  t.match(noLength.body, /<a href="#slotMinutes">Samtalernes længde skal være et helt antal minutter fra 10 til 240<\/a>/);
});

t.test('written consultation: the draft and deadline, and the comments with who sent them, for officers', async (t) => {
  const { db, officer } = await officerWithPipeline(t);
  const id = await createdMeeting(officer, {
    kind: 'written_consultation',
    title: 'Høring: udkast til kravspecifikation',
    startsAtDate: '',
    startsAtTime: '',
    endsAtTime: '',
    place: '',
    capacity: '',
    draftUrl: 'https://koege.dk/udkast.pdf',
    commentDeadlineDate: MEETING_DAY,
    commentDeadlineTime: '12:00',
  });
  const firm = await firmInDatabase(db, { name: 'Rådgiver Berg ApS', email: 'bo@berg.test', contactName: 'Bo Berg' });
  const sent = await sendComment(db, id, { firmId: firm.firmId, contactId: firm.contactId }, 'Afsnit 3 <b>kræver</b> for meget.');
  t.ok(sent.ok);

  const html = (await officer.get(`/admin/dialog/${id}`)).body;
  t.match(decodeEntities(html), /Rådgiver Berg ApS, Bo Berg \(bo@berg.test\)/, 'who commented');
  t.match(html, 'Afsnit 3 &lt;b&gt;kræver&lt;/b&gt; for meget.', 'the comment, escaped');
  t.match(html, '<a href="https://koege.dk/udkast.pdf">');
  t.notMatch(html, /id="attendees-heading"/, 'no sign-ups to a consultation');

  const missing = await officer.post('/admin/dialog/ny', meetingForm({ kind: 'written_consultation', startsAtDate: '', startsAtTime: '', endsAtTime: '', place: '', draftUrl: '', commentDeadlineDate: '' }));
  t.equal(missing.statusCode, 400);
  t.match(missing.body, /<a href="#draftUrl">Angiv linket til udkastet<\/a>/);
  t.match(missing.body, /<a href="#commentDeadlineDate">Angiv fristen for kommentarer<\/a>/);
});
