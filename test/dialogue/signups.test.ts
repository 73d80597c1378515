import t from 'tap';
import { localize } from '../../src/i18n/messages.js';
import { activityView } from '../../src/dialogue/activity-views.js';
import { attendeesOf, signupOfFirm } from '../../src/dialogue/signup-views.js';
import { cancelSignup, signUp } from '../../src/dialogue/signups.js';
import { testDatabase } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';
import { anActivity, at, mailsQueued, meetingInput, NOW, withPipeline } from '../helpers/dialogue.js';

// Firms signing up for a meeting: a seat while there is one, else the waiting list; a cancellation
// moves the first that fit up, each with its mail; the officers' list of attendees with positions.

const one = { attendees: 1, slotId: null };

t.test('a full meeting puts the next firm on the waiting list; a cancellation moves it up with a mail', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, meetingInput({ capacity: 3 }));
  const [a, b, c, d] = [await firmInDatabase(db, { name: 'A ApS' }), await firmInDatabase(db, { name: 'B ApS' }), await firmInDatabase(db, { name: 'C ApS' }), await firmInDatabase(db, { name: 'D ApS' })];

  const sa = await signUp(db, id, a, { attendees: 2, slotId: null }, NOW);
  t.match(sa, { ok: true, status: 'confirmed', position: null });
  const sb = await signUp(db, id, b, { attendees: 2, slotId: null }, NOW);
  t.match(sb, { ok: true, status: 'waiting', position: 1 }, 'two more do not fit in the one seat left');
  const sc = await signUp(db, id, c, one, NOW);
  t.match(sc, { ok: true, status: 'confirmed' }, 'one more does');
  const sd = await signUp(db, id, d, one, NOW);
  t.match(sd, { ok: true, status: 'waiting', position: 2 });
  t.same((await mailsQueued(db)).map((m) => [m.kind, m.contactId]), [
    ['signup_confirmed', a.contactId],
    ['signup_waiting', b.contactId],
    ['signup_confirmed', c.contactId],
    ['signup_waiting', d.contactId],
  ]);
  t.match(await activityView(db, id, NOW), { seatsTaken: 3, seatsLeft: 0, waiting: 2 });
  t.match(await signupOfFirm(db, id, d.firmId), { status: 'waiting', position: 2, attendees: 1 });

  const list = (await attendeesOf(db, id))!;
  t.same(list.confirmed.map((x) => [x.firmName, x.attendees, x.email]), [['A ApS', 2, a.email], ['C ApS', 1, c.email]]);
  t.same(list.waiting.map((x) => [x.firmName, x.position]), [['B ApS', 1], ['D ApS', 2]]);
  t.equal(list.seatsTaken, 3);

  // C cancels: one seat free; B (two) still does not fit, D (one) moves up.
  const cancelled = await cancelSignup(db, (sc as { signupId: number }).signupId, { firmId: c.firmId }, NOW);
  t.same(cancelled, { ok: true, activityId: id, movedUp: [(sd as { signupId: number }).signupId] });
  t.same((await mailsQueued(db)).slice(4).map((m) => [m.kind, m.contactId]).sort(), [
    ['signup_cancelled', c.contactId],
    ['signup_moved_up', d.contactId],
  ]);
  // A cancels: two seats free, B moves up.
  t.match(await cancelSignup(db, (sa as { signupId: number }).signupId, { firmId: a.firmId }, NOW), { ok: true, movedUp: [(sb as { signupId: number }).signupId] });
  const after = (await attendeesOf(db, id))!;
  t.same(after.confirmed.map((x) => x.firmName).sort(), ['B ApS', 'D ApS']);
  t.same(after.waiting, []);
  t.same(after.cancelled.map((x) => x.firmName).sort(), ['A ApS', 'C ApS']);
  t.match(await signupOfFirm(db, id, b.firmId), { status: 'confirmed', position: null });
  t.equal(await signupOfFirm(db, id, a.firmId), null, 'a cancelled sign-up is no sign-up');
  t.match(await signUp(db, id, a, one, NOW), { ok: true, status: 'waiting', position: 1 }, 'and the firm may sign up again');
});

t.test('every bad sign-up gets its own refusal and words, and nothing is written', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const meeting = await anActivity(db, officer, meetingInput({ capacity: 4 }));
  const talks = await anActivity(db, officer, meetingInput({ kind: 'one_to_one', capacity: null, startsAt: null, endsAt: null, slots: [{ startsAt: at('2027-02-03', '09:00'), endsAt: at('2027-02-03', '09:30') }] }));
  const otherTalks = await anActivity(db, officer, meetingInput({ kind: 'one_to_one', capacity: null, startsAt: null, endsAt: null, slots: [{ startsAt: at('2027-02-04', '09:00'), endsAt: at('2027-02-04', '09:30') }] }));
  const cancelled = await anActivity(db, officer, meetingInput());
  const consultation = await anActivity(db, officer, meetingInput({ kind: 'written_consultation', startsAt: null, endsAt: null, place: null, capacity: null, signupDeadline: null, draftUrl: 'https://koege.dk/udkast.pdf', commentDeadline: at('2027-02-01', '12:00') }));
  const [slot] = (await activityView(db, talks, NOW))!.slots;
  const [otherSlot] = (await activityView(db, otherTalks, NOW))!.slots;
  const { cancelActivity } = await import('../../src/dialogue/activities.js');
  await cancelActivity(db, cancelled, 'Udskudt.', officer);

  const firm = await firmInDatabase(db);
  const booker = await firmInDatabase(db);
  const rejected = await firmInDatabase(db, { status: 'rejected' });
  t.match(await signUp(db, meeting, firm, one, NOW), { ok: true });
  t.match(await signUp(db, talks, booker, { attendees: 1, slotId: slot!.id }, NOW), { ok: true, status: 'confirmed' });
  const before = {
    signups: await db.selectFrom('dialogue_signups').selectAll().orderBy('id').execute(),
    mails: (await mailsQueued(db)).length,
  };

  const other = await firmInDatabase(db);
  const cases: Array<[string, Promise<unknown>, string, string, string]> = [
    ['past the sign-up deadline', signUp(db, meeting, other, one, at('2027-01-25', '12:01')), 'closed', 'Tilmeldingsfristen er overstået', 'The sign-up deadline has passed'],
    ['after the start', signUp(db, talks, other, { attendees: 1, slotId: slot!.id }, at('2027-02-03', '09:00')), 'started', 'Aktiviteten er begyndt eller overstået', 'The activity has started or is over'],
    ['a double sign-up', signUp(db, meeting, { firmId: firm.firmId, contactId: firm.contactId }, one, NOW), 'double', 'I er allerede tilmeldt denne aktivitet', 'You are already signed up for this activity'],
    ['a slot of another activity', signUp(db, talks, other, { attendees: 1, slotId: otherSlot!.id }, NOW), 'forged_slot', 'Tidspunktet hører ikke til denne aktivitet. Vælg et af de viste tidspunkter', 'That time slot does not belong to this activity. Choose one of the slots shown'],
    ['an unknown slot', signUp(db, talks, other, { attendees: 1, slotId: 987654 }, NOW), 'forged_slot', 'Tidspunktet hører ikke til denne aktivitet. Vælg et af de viste tidspunkter', ''],
    ['a slot id that is no number', signUp(db, talks, other, { attendees: 1, slotId: -1 }, NOW), 'forged_slot', 'Tidspunktet hører ikke til denne aktivitet. Vælg et af de viste tidspunkter', ''],
    ['a slot for a meeting', signUp(db, meeting, other, { attendees: 1, slotId: slot!.id }, NOW), 'forged_slot', 'Tidspunktet hører ikke til denne aktivitet. Vælg et af de viste tidspunkter', ''],
    ['a taken slot', signUp(db, talks, other, { attendees: 1, slotId: slot!.id }, NOW), 'slot_taken', 'Tidspunktet er booket af en anden. Vælg et andet', 'That time slot is booked by someone else. Choose another'],
    ['no slot for a talk', signUp(db, talks, other, one, NOW), 'slot_required', 'Vælg et tidspunkt til samtalen', 'Choose a time slot for the talk'],
    ['eleven attendees', signUp(db, meeting, other, { attendees: 11, slotId: null }, NOW), 'too_many_attendees', 'Antal deltagere skal være et helt tal fra 1 til 10', 'The number of attendees must be a whole number from 1 to 10'],
    ['no attendees', signUp(db, meeting, other, { attendees: 0, slotId: null }, NOW), 'too_many_attendees', 'Antal deltagere skal være et helt tal fra 1 til 10', ''],
    ['more attendees than seats', signUp(db, meeting, other, { attendees: 5, slotId: null }, NOW), 'over_capacity', 'Aktiviteten har 4 pladser i alt: tilmeld højst 4 deltagere', 'The activity has 4 seats in all: sign up at most 4 attendees'],
    ['a cancelled activity', signUp(db, cancelled, other, one, NOW), 'cancelled', 'Aktiviteten er aflyst', 'The activity is cancelled'],
    ['a rejected firm', signUp(db, meeting, rejected, one, NOW), 'rejected', 'Kommunen har afvist virksomhedens registrering, så den kan ikke deltage i markedsdialogen', "The municipality rejected the firm's registration, so it cannot take part in the market dialogue"],
    ['a written consultation', signUp(db, consultation, other, one, NOW), 'not_signup_kind', 'Der er ingen tilmelding til en skriftlig høring: send en kommentar i stedet', ''],
    ['an unknown activity', signUp(db, 424242, other, one, NOW), 'not_found', 'Aktiviteten findes ikke', 'The activity does not exist'],
  ];
  for (const [what, promise, reason, da, en] of cases) {
    const outcome = (await promise) as { ok: boolean; reason?: string; message?: string };
    t.equal(outcome.ok, false, what);
    t.equal(outcome.reason, reason, what);
    t.equal(localize('da', outcome.message ?? ''), da, `${what} (da)`);
    if (en) t.equal(localize('en', outcome.message ?? ''), en, `${what} (en)`);
  }
  t.same(await db.selectFrom('dialogue_signups').selectAll().orderBy('id').execute(), before.signups, 'no sign-up written or changed');
  t.equal((await mailsQueued(db)).length, before.mails, 'no mail queued');
});

t.test('cancelling: only your own, not twice, not after the start; an officer may, and it is audited', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, meetingInput({ capacity: 1 }));
  const [a, b] = [await firmInDatabase(db), await firmInDatabase(db)];
  const sa = (await signUp(db, id, a, one, NOW)) as { signupId: number };
  const sb = (await signUp(db, id, b, one, NOW)) as { signupId: number };
  t.match(await cancelSignup(db, sa.signupId, { firmId: b.firmId }, NOW), { ok: false, reason: 'signup_not_found' }, "another firm's sign-up is not found");
  t.match(await cancelSignup(db, sa.signupId, { guestId: '00000000-0000-0000-0000-000000000000' }, NOW), { ok: false, reason: 'signup_not_found' });
  t.match(await cancelSignup(db, sa.signupId, { firmId: a.firmId }, at('2027-02-01', '09:00')), { ok: false, reason: 'started' });
  t.match(await cancelSignup(db, 99999, { firmId: a.firmId }, NOW), { ok: false, reason: 'signup_not_found' });

  t.same(await cancelSignup(db, sa.signupId, { actor: officer }, at('2027-02-01', '09:30')), { ok: true, activityId: id, movedUp: [sb.signupId] });
  t.match(await db.selectFrom('audit_log').selectAll().where('action', '=', 'dialogue.signup.cancel').executeTakeFirst(), {
    user_email: officer.email,
    entity_id: String(id),
    old_value: { signupId: sa.signupId, status: 'confirmed' },
    new_value: { status: 'cancelled', movedUp: [sb.signupId] },
  });
  t.match(await cancelSignup(db, sa.signupId, { firmId: a.firmId }, NOW), { ok: false, reason: 'already_cancelled' });
});
