import t from 'tap';
import { activityView } from '../../src/dialogue/activity-views.js';
import { confirmDialogueGuest } from '../../src/dialogue/comments.js';
import { attendeesOf } from '../../src/dialogue/signup-views.js';
import { cancelGuestSignup, confirmGuestSignup, signUp } from '../../src/dialogue/signups.js';
import { localize } from '../../src/i18n/messages.js';
import { testDatabase } from '../helpers/app.js';
import { firmInDatabase } from '../helpers/firms.js';
import { anActivity, dialogueCounts, mailsQueued, meetingInput, NOW, talksInput, withPipeline } from '../helpers/dialogue.js';

// Guests (an e-mail address and a firm name, no account) sign up by a mailed link: the sign-up
// takes its seat, or slot, only when the link is followed.

const guest = (email: string, firmName = 'Gæstefirma ApS') => ({ guest: { email, firmName, lang: 'da' as const } });
const one = { attendees: 1, slotId: null };

t.test("a guest's sign-up takes its seat when the link is followed, not before", async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer, meetingInput({ capacity: 2 }));
  const signed = await signUp(db, id, guest(' gaest@firma.test ', 'Gæstefirma ApS'), { attendees: 2, slotId: null }, NOW);
  t.match(signed, { ok: true, status: 'unconfirmed', position: null });
  const guestRow = await db.selectFrom('dialogue_guests').selectAll().executeTakeFirstOrThrow();
  t.match(guestRow, { email: 'gaest@firma.test', firm_name: 'Gæstefirma ApS', confirmed_at: null });
  t.same((await mailsQueued(db)).map((m) => [m.kind, m.guestId, m.details.action]), [['guest_confirm', guestRow.id, 'signup']]);
  t.match(await activityView(db, id, NOW), { seatsTaken: 0, seatsLeft: 2 }, 'no seat yet');

  // A firm takes one seat meanwhile: the guest's two no longer fit, so the guest waits.
  const firm = await firmInDatabase(db);
  t.match(await signUp(db, id, firm, one, NOW), { status: 'confirmed' });
  const confirmed = await confirmGuestSignup(db, guestRow.id, NOW);
  t.match(confirmed, { ok: true, status: 'waiting', position: 1, firstTime: true });
  t.match((await mailsQueued(db)).at(-1), { kind: 'signup_waiting', guestId: guestRow.id });
  const again = await confirmGuestSignup(db, guestRow.id, NOW);
  t.match(again, { ok: true, status: 'waiting', firstTime: false }, 'a link followed twice changes nothing');
  t.equal((await mailsQueued(db)).filter((m) => m.kind === 'signup_waiting').length, 1);

  const list = (await attendeesOf(db, id))!;
  t.match(list.waiting, [{ guest: true, firmName: 'Gæstefirma ApS', email: 'gaest@firma.test', position: 1, attendees: 2 }]);

  // The firm cancels: the guest moves up; the guest cancels by link: nobody waits any more.
  const firmSignup = list.confirmed[0]!.signupId;
  const { cancelSignup } = await import('../../src/dialogue/signups.js');
  t.match(await cancelSignup(db, firmSignup, { firmId: firm.firmId }, NOW), { ok: true, movedUp: [(signed as { signupId: number }).signupId] });
  t.ok((await mailsQueued(db)).some((m) => m.kind === 'signup_moved_up' && m.guestId === guestRow.id), 'the guest is told by mail');
  t.match(await cancelGuestSignup(db, guestRow.id, NOW), { ok: true });
  t.match(await activityView(db, id, NOW), { seatsTaken: 0, waiting: 0 });
});

t.test('guests: bad details, the same address twice, unknown and expired links, a slot taken before confirmation', async (t) => {
  const { db } = await testDatabase(t);
  const { officer } = await withPipeline(db);
  const id = await anActivity(db, officer);
  const before = await dialogueCounts(db);
  const bad = await signUp(db, id, guest('ikke-en-adresse'), one, NOW);
  t.match(bad, { ok: false, reason: 'invalid_guest', field: 'email' });
  t.equal(localize('en', (bad as { message: string }).message), 'The e-mail address does not look right, e.g. name@firm.dk');
  const noFirm = await signUp(db, id, guest('a@firma.test', ' '), one, NOW);
  t.match(noFirm, { ok: false, reason: 'invalid_guest', field: 'firmName' });
  t.equal(localize('da', (noFirm as { message: string }).message), 'Skriv virksomhedens navn');
  t.same(await dialogueCounts(db), before, 'nothing written');

  const first = await signUp(db, id, guest('Dobbelt@Firma.test'), one, NOW);
  const firstGuest = (await db.selectFrom('dialogue_guests').select('id').executeTakeFirstOrThrow()).id;
  t.match(await confirmDialogueGuest(db, firstGuest, NOW), { action: 'signup', outcome: { ok: true, status: 'confirmed' } });
  t.match(await signUp(db, id, guest('dobbelt@firma.test'), one, NOW), { ok: false, reason: 'double' }, 'the same address again, in other letters');
  t.ok(first.ok);

  t.match(await confirmGuestSignup(db, '00000000-0000-0000-0000-000000000000', NOW), { ok: false, reason: 'guest_unknown' });
  const late = await signUp(db, id, guest('sen@firma.test'), one, NOW);
  t.ok(late.ok);
  const lateGuest = (await db.selectFrom('dialogue_guests').select('id').where('email', '=', 'sen@firma.test').executeTakeFirstOrThrow()).id;
  await db.updateTable('dialogue_guests').set({ created_at: new Date(Date.now() - 25 * 3_600_000) }).where('id', '=', lateGuest).execute();
  const expired = await confirmGuestSignup(db, lateGuest, NOW);
  t.match(expired, { ok: false, reason: 'guest_expired' });
  t.equal(localize('da', (expired as { message: string }).message), 'Linket er udløbet (det gælder 24 timer): send tilmeldingen eller kommentaren igen');
  t.match(await activityView(db, id, NOW), { seatsTaken: 1 }, 'the expired one took no seat');

  // Talks: a guest picks a slot, a firm books it before the guest confirms: the firm has it.
  const talks = await anActivity(db, officer, talksInput());
  const [slot] = (await activityView(db, talks, NOW))!.slots;
  t.match(await signUp(db, talks, guest('slot@firma.test'), { attendees: 1, slotId: slot!.id }, NOW), { ok: true, status: 'unconfirmed' });
  t.match((await activityView(db, talks, NOW))!.slots[0], { free: true }, 'an unconfirmed guest holds no slot');
  const firm = await firmInDatabase(db);
  t.match(await signUp(db, talks, firm, { attendees: 1, slotId: slot!.id }, NOW), { ok: true, status: 'confirmed' });
  const slotGuest = (await db.selectFrom('dialogue_guests').select('id').where('email', '=', 'slot@firma.test').executeTakeFirstOrThrow()).id;
  const taken = await confirmGuestSignup(db, slotGuest, NOW);
  t.match(taken, { ok: false, reason: 'slot_taken', field: 'slotId' });
  t.match(await db.selectFrom('dialogue_signups').select('status').where('guest_id', '=', slotGuest).executeTakeFirst(), { status: 'cancelled' });
  t.match((await activityView(db, talks, NOW))!.slots[0], { free: false });
});
