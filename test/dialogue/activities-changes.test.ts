import t from 'tap';
import { activityInputOf, cancelActivity, updateActivity } from '../../src/dialogue/activities.js';
import { wordErrors } from '../../src/dialogue/activity-forms.js';
import { activityView } from '../../src/dialogue/activity-views.js';
import { signUp } from '../../src/dialogue/signups.js';
import {
  testDatabase,
} from '../helpers/app.js';
import {
  firmInDatabase,
} from '../helpers/firms.js';
import {
  anActivity,
  dialogueEvents,
  at,
  mailsQueued,
  meetingInput,
  NOW,
  PIPE_A,
  PIPE_B,
  talksInput,
  withPipeline,
} from '../helpers/dialogue.js';

// An officer's market-dialogue activities, without the web: announcing one for two pipeline
// projects, changing and cancelling it (with the attendees' mails), the outcome afterwards and the
// public reason why an EU tender has none; events on each tender and the audit log for each.


t.test('a changed time bumps the sequence and mails the confirmed attendees only; the tenders tell', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, meetingInput({ capacity: 2 }));
  const [a, b, c] = [await firmInDatabase(db), await firmInDatabase(db), await firmInDatabase(db)];
  const sa = await signUp(db, id, a, { attendees: 1, slotId: null }, NOW);
  const sb = await signUp(db, id, b, { attendees: 1, slotId: null }, NOW);
  const sc = await signUp(db, id, c, { attendees: 1, slotId: null }, NOW);
  t.match([sa, sb, sc], [{ status: 'confirmed' }, { status: 'confirmed' }, { status: 'waiting', position: 1 }]);
  const mailsBefore = (await mailsQueued(db)).length;

  const moved = await updateActivity(db, id, meetingInput({ capacity: 2, startsAt: at('2027-02-01', '13:00'), endsAt: at('2027-02-01', '15:00') }), officer, NOW);
  t.match(moved, { ok: true, timeOrPlaceChanged: true, notified: 2, movedUp: [] });
  const mails = (await mailsQueued(db)).slice(mailsBefore);
  t.same(mails.map((m) => [m.kind, m.details.signupId]).sort(), [['activity_changed', (sa as { signupId: number }).signupId], ['activity_changed', (sb as { signupId: number }).signupId]].sort());
  t.equal((await activityView(db, id, NOW))!.sequence, 1, 'the .ics SEQUENCE goes up');
  t.same((await dialogueEvents(db, PIPE_A)).map((e) => [e.action, e.startsAt]), [
    ['announced', at('2027-02-01', '09:00').toISOString()],
    ['changed', at('2027-02-01', '13:00').toISOString()],
  ]);
  t.match(await db.selectFrom('audit_log').select(['old_value', 'new_value']).where('action', '=', 'dialogue.activity.update').executeTakeFirst(), {
    old_value: { starts_at: at('2027-02-01', '09:00').toISOString() },
    new_value: { starts_at: at('2027-02-01', '13:00').toISOString() },
  });

  const description = await updateActivity(db, id, meetingInput({ capacity: 2, startsAt: at('2027-02-01', '13:00'), endsAt: at('2027-02-01', '15:00'), description: 'Kaffe fra 12.45.' }), officer, NOW);
  t.match(description, { ok: true, timeOrPlaceChanged: false, notified: 0 });
  t.equal((await activityView(db, id, NOW))!.sequence, 1, 'a new description is no new time');
  t.equal((await dialogueEvents(db, PIPE_A)).length, 2, 'and no event');

  const more = await updateActivity(db, id, meetingInput({ capacity: 3, startsAt: at('2027-02-01', '13:00'), endsAt: at('2027-02-01', '15:00') }), officer, NOW);
  t.match(more, { ok: true, movedUp: [(sc as { signupId: number }).signupId] }, 'a seat more moves the waiting list up');
  t.match((await mailsQueued(db)).at(-1), { kind: 'signup_moved_up', contactId: c.contactId });

  const fewer = await updateActivity(db, id, meetingInput({ capacity: 2 }), officer, NOW);
  t.match(fewer, { ok: false, code: 'invalid' });
  t.equal(!fewer.ok && wordErrors('da', fewer.errors).errors.capacity, '3 pladser er allerede taget: antal pladser kan ikke sættes lavere');
  const kind = await updateActivity(db, id, meetingInput({ kind: 'supplier_day' }), officer, NOW);
  t.equal(!kind.ok && wordErrors('en', kind.errors).errors.kind, 'The kind of an activity cannot change once it is created. Cancel it and create a new one');
  t.equal((await activityView(db, id, NOW))!.capacity, 3, 'refused changes change nothing');
});

t.test('projects linked and unlinked on a change get announced and cancelled events', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, meetingInput({ tenderIds: [PIPE_A] }));
  t.ok((await updateActivity(db, id, meetingInput({ tenderIds: [PIPE_B] }), officer, NOW)).ok);
  t.same((await dialogueEvents(db, PIPE_A)).map((e) => e.action), ['announced', 'cancelled']);
  t.same((await dialogueEvents(db, PIPE_B)).map((e) => e.action), ['announced']);
  t.same((await activityInputOf(db, id))!.tenderIds, [PIPE_B]);
});

t.test('a booked slot cannot be removed; free ones can, and new ones are added', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, talksInput());
  const [first, second] = (await activityView(db, id, NOW))!.slots;
  const firm = await firmInDatabase(db);
  t.match(await signUp(db, id, firm, { attendees: 2, slotId: first!.id }, NOW), { ok: true, status: 'confirmed' });

  const withoutFirst = await updateActivity(db, id, talksInput({ slots: talksInput().slots.slice(1) }), officer, NOW);
  t.equal(!withoutFirst.ok && wordErrors('da', withoutFirst.errors).errors.slots, 'Tidspunktet 2027-02-02 09:00 er booket og kan ikke fjernes. Afmeld først bookingen');
  t.equal((await activityView(db, id, NOW))!.slots.length, 3);

  const slots = [talksInput().slots[0]!, talksInput().slots[2]!, { startsAt: at('2027-02-02', '11:00'), endsAt: at('2027-02-02', '11:30') }];
  t.ok((await updateActivity(db, id, talksInput({ slots }), officer, NOW)).ok);
  const view = (await activityView(db, id, NOW))!;
  t.same(view.slots.map((s) => [s.startsAt.toISOString(), s.free]), [
    [at('2027-02-02', '09:00').toISOString(), false],
    [at('2027-02-02', '10:00').toISOString(), true],
    [at('2027-02-02', '11:00').toISOString(), true],
  ]);
  t.equal(view.freeSlots, 2);
  t.notOk(view.slots.some((s) => s.id === second!.id), 'the removed slot is gone');
  t.equal(view.endsAt!.toISOString(), at('2027-02-02', '11:30').toISOString(), 'the talks end with the last slot');
});

t.test('cancelling mails everyone with a seat or in line, tells the tenders why, and is audited', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, meetingInput({ capacity: 1 }));
  const [a, b] = [await firmInDatabase(db), await firmInDatabase(db)];
  await signUp(db, id, a, { attendees: 1, slotId: null }, NOW);
  await signUp(db, id, b, { attendees: 1, slotId: null }, NOW);
  const empty = await cancelActivity(db, id, '  ', officer);
  t.equal(!empty.ok && wordErrors('da', empty.errors).errors.reason, 'Skriv, hvorfor aktiviteten aflyses (begrundelsen er offentlig)');

  t.same(await cancelActivity(db, id, 'Projektet er udskudt til 2028.', officer), { ok: true, notified: 2 });
  t.same((await mailsQueued(db)).filter((m) => m.kind === 'activity_cancelled').map((m) => m.contactId).sort(), [a.contactId, b.contactId].sort());
  t.match((await dialogueEvents(db, PIPE_B)).at(-1), { action: 'cancelled', activityId: id, reason: 'Projektet er udskudt til 2028.' });
  t.match(await activityView(db, id, NOW), { status: 'cancelled', cancelReason: 'Projektet er udskudt til 2028.', signupsOpen: false });
  t.match(await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.activity.cancel').executeTakeFirst(), { new_value: { reason: 'Projektet er udskudt til 2028.' } });

  const again = await cancelActivity(db, id, 'Igen', officer);
  t.equal(!again.ok && wordErrors('en', again.errors).errors.form, 'The activity is cancelled');
  const change = await updateActivity(db, id, meetingInput(), officer, NOW);
  t.match(change, { ok: false, code: 'not_allowed' }, 'a cancelled activity is not changed');
});
