import { sql, type Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import type { Database, DialogueActivityRow, DialogueSignupRow } from '../db/types.js';
import { MAX_ATTENDEES } from '../domain/dialogue.js';
import { msg } from '../i18n/messages.js';
import { confirmGuest, createGuest, type NewGuest } from './guests.js';
import { queueDialogueMail } from './mail-queue.js';
import { lockActivity, moveUp, recipientOf, seatsTaken } from './seats.js';
import { checkGuest, signupRefusal, type SignupRefusal } from './signup-forms.js';

// Signing up for a meeting or booking a one-to-one talk: as a signed-in firm's contact person or
// as a guest (e-mail address and firm name, confirmed by a mailed link). A sign-up is confirmed
// while the seats (attendees of confirmed sign-ups) fit the capacity, else it waits in line (first
// come first served); a guest's sign-up takes its seat, or its slot, when the link is followed.
// Cancelling gives the seat to the first waiting sign-ups that fit. Every check happens under the
// activity's row lock before anything is written: a refusal leaves nothing behind, and two firms
// racing for the last seat are served one after the other.
//
// This file holds the writes; the refusals' words, the guest check and the forms are in
// signup-forms.ts, and what the pages read (a firm's sign-up, the attendees) in signup-views.ts.

/** Who signs up: a firm's contact person (signed in), or a guest. */
export type SignupWho = { firmId: string; contactId: string } | { guest: NewGuest };

export interface SignupRequest {
  /** How many people come (1…MAX_ATTENDEES, and no more than the capacity). */
  attendees: number;
  /** One-to-one: the slot booked (its id, as the form posted it); null otherwise. */
  slotId: number | null;
}

export type SignupOutcome =
  | {
      ok: true;
      signupId: number;
      /** confirmed: a seat (or the slot) is theirs; waiting: on the list at `position`; unconfirmed: a guest's link is mailed. */
      status: 'confirmed' | 'waiting' | 'unconfirmed';
      position: number | null;
    }
  | SignupRefusal;

/** The place in the waiting list (1 first) of a waiting sign-up. */
export async function positionOf(db: Executor, signup: Pick<DialogueSignupRow, 'id' | 'activity_id'>): Promise<number> {
  const row = await db
    .selectFrom('dialogue_signups')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('activity_id', '=', signup.activity_id)
    .where('status', '=', 'waiting')
    // Compared in the database: a JavaScript Date would drop the microseconds of created_at.
    .where(sql<boolean>`(created_at, id) <= (select s.created_at, s.id from dialogue_signups s where s.id = ${signup.id})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The activity's refusals for taking a sign-up at `now` (not found, cancelled, no sign-ups, started, past the deadline). */
function activityRefusal(activity: DialogueActivityRow | undefined, now: Date): SignupRefusal | null {
  if (!activity) return signupRefusal('not_found');
  if (activity.status === 'cancelled') return signupRefusal('cancelled');
  if (activity.kind === 'written_consultation') return signupRefusal('not_signup_kind');
  if (activity.starts_at && now.getTime() >= activity.starts_at.getTime()) return signupRefusal('started');
  if (activity.signup_deadline && now.getTime() > activity.signup_deadline.getTime()) return signupRefusal('closed');
  return null;
}

/** The slot's refusal: one-to-one needs a slot of this activity that no confirmed sign-up holds; other kinds take none. */
async function slotRefusal(trx: Executor, activity: DialogueActivityRow, slotId: number | null, self: number | null = null): Promise<SignupRefusal | null> {
  if (activity.kind !== 'one_to_one') return slotId === null ? null : signupRefusal('forged_slot');
  if (slotId === null) return signupRefusal('slot_required');
  if (!Number.isSafeInteger(slotId)) return signupRefusal('forged_slot');
  const slot = await trx.selectFrom('dialogue_slots').select('id').where('id', '=', slotId).where('activity_id', '=', activity.id).executeTakeFirst();
  if (!slot) return signupRefusal('forged_slot');
  let holder = trx.selectFrom('dialogue_signups').select('id').where('slot_id', '=', slotId).where('status', '=', 'confirmed');
  if (self !== null) holder = holder.where('id', '<>', self);
  return (await holder.executeTakeFirst()) ? signupRefusal('slot_taken') : null;
}

/** The live sign-up (confirmed or waiting) of a guest address at an activity, if any. */
const liveSignupOfEmail = (trx: Executor, activityId: number, email: string, except: number | null = null) => {
  let query = trx
    .selectFrom('dialogue_signups as s')
    .innerJoin('dialogue_guests as g', 'g.id', 's.guest_id')
    .select('s.id')
    .where('s.activity_id', '=', activityId)
    .where('s.status', 'in', ['confirmed', 'waiting'])
    .where(sql<string>`lower(g.email)`, '=', email.trim().toLowerCase());
  if (except !== null) query = query.where('s.id', '<>', except);
  return query.executeTakeFirst();
};

/** Where a new sign-up of `attendees` sits: one-to-one and seats that fit confirm it, else it waits. */
async function seatFor(trx: Executor, activity: DialogueActivityRow, attendees: number): Promise<'confirmed' | 'waiting'> {
  if (activity.kind === 'one_to_one' || activity.capacity === null) return 'confirmed';
  return (await seatsTaken(trx, activity.id)) + attendees <= activity.capacity ? 'confirmed' : 'waiting';
}

const attendeesRefusal = (activity: DialogueActivityRow, attendees: number): SignupRefusal | null => {
  if (!Number.isInteger(attendees) || attendees < 1 || attendees > MAX_ATTENDEES) return signupRefusal('too_many_attendees');
  if (activity.capacity !== null && attendees > activity.capacity) {
    return signupRefusal('over_capacity', { message: msg('dialogue.errors.attendeesOverCapacity', { capacity: activity.capacity }) });
  }
  return null;
};

/** A unique index that another request won the race for (it cannot, under the lock; a last guard). */
const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/**
 * Signs a firm's contact person or a guest up (see the top of the file). A firm's sign-up is
 * confirmed or waiting at once, with a `signup_confirmed` or `signup_waiting` mail; a guest's is
 * unconfirmed, and the guest gets the link (createGuest) to confirm it with confirmGuestSignup.
 */
export async function signUp(db: Db, activityId: number, who: SignupWho, request: SignupRequest, now = new Date()): Promise<SignupOutcome> {
  let guest: NewGuest | null = null;
  if ('guest' in who) {
    const checked = checkGuest(who.guest);
    if (!checked.ok) return checked;
    guest = checked.guest;
  }
  try {
    return await db.transaction().execute(async (trx): Promise<SignupOutcome> => {
      const activity = await lockActivity(trx, activityId);
      const closed = activityRefusal(activity, now);
      if (closed) return closed;
      const open = activity!;
      const tooMany = attendeesRefusal(open, request.attendees);
      if (tooMany) return tooMany;

      if ('firmId' in who) {
        const firm = await trx.selectFrom('firms').select('status').where('id', '=', who.firmId).executeTakeFirst();
        if (!firm || firm.status === 'rejected') return signupRefusal('rejected');
        const existing = await trx
          .selectFrom('dialogue_signups')
          .select('id')
          .where('activity_id', '=', activityId)
          .where('firm_id', '=', who.firmId)
          .where('status', '<>', 'cancelled')
          .executeTakeFirst();
        if (existing) return signupRefusal('double');
      } else if (await liveSignupOfEmail(trx, activityId, guest!.email)) {
        return signupRefusal('double');
      }
      const slot = await slotRefusal(trx, open, request.slotId);
      if (slot) return slot;

      if (guest) {
        const guestId = await createGuest(trx, guest, 'signup');
        const row = await trx
          .insertInto('dialogue_signups')
          .values({ activity_id: activityId, guest_id: guestId, attendees: request.attendees, slot_id: request.slotId, status: 'unconfirmed' })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { ok: true, signupId: row.id, status: 'unconfirmed', position: null };
      }
      const firm = who as { firmId: string; contactId: string };
      const status = await seatFor(trx, open, request.attendees);
      const row = await trx
        .insertInto('dialogue_signups')
        .values({
          activity_id: activityId,
          firm_id: firm.firmId,
          contact_id: firm.contactId,
          attendees: request.attendees,
          slot_id: request.slotId,
          status,
          confirmed_at: status === 'confirmed' ? sql`now()` : null,
        })
        .returning(['id', 'activity_id', 'created_at'])
        .executeTakeFirstOrThrow();
      await queueDialogueMail(trx, { contactId: firm.contactId }, status === 'confirmed' ? 'signup_confirmed' : 'signup_waiting', { signupId: row.id });
      return { ok: true, signupId: row.id, status, position: status === 'waiting' ? await positionOf(trx, row) : null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return signupRefusal(request.slotId === null ? 'double' : 'slot_taken');
    throw error;
  }
}

/** Cancels a sign-up that was refused at confirmation: the row stays, for the record. */
const drop = (trx: Executor, id: number) => trx.updateTable('dialogue_signups').set({ status: 'cancelled', cancelled_at: sql`now()` }).where('id', '=', id).execute();

export type GuestSignupOutcome =
  | { ok: true; signupId: number; activityId: number; status: 'confirmed' | 'waiting' | 'cancelled'; position: number | null; firstTime: boolean }
  | SignupRefusal;

/**
 * Confirms a guest's sign-up when the guest follows the mailed link (guestIdFrom(token) gives the
 * id): the guest's sign-up takes a seat now, or a place in the waiting list, or the slot. A link
 * followed again changes nothing (firstTime false). Refused, and the sign-up cancelled, when the
 * activity was cancelled or has started, the address signed up again meanwhile or the slot was taken.
 */
export async function confirmGuestSignup(db: Db, guestId: string, now = new Date()): Promise<GuestSignupOutcome> {
  return db.transaction().execute(async (trx): Promise<GuestSignupOutcome> => {
    const confirmed = await confirmGuest(trx, guestId);
    if (!confirmed.ok) return signupRefusal(confirmed.reason === 'expired' ? 'guest_expired' : 'guest_unknown');
    const found = await trx.selectFrom('dialogue_signups').select(['id', 'activity_id']).where('guest_id', '=', guestId).executeTakeFirst();
    if (!found) return signupRefusal('guest_unknown');
    const activity = await lockActivity(trx, found.activity_id);
    const signup = await trx.selectFrom('dialogue_signups').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
    if (!confirmed.firstTime || signup.status !== 'unconfirmed') {
      const status = signup.status === 'unconfirmed' ? 'cancelled' : signup.status;
      return { ok: true, signupId: signup.id, activityId: signup.activity_id, status, position: status === 'waiting' ? await positionOf(trx, signup) : null, firstTime: false };
    }
    // The deadline was met when the guest signed up; the rest is judged now.
    const refusal =
      activityRefusal(activity ? { ...activity, signup_deadline: null } : undefined, now) ??
      ((await liveSignupOfEmail(trx, signup.activity_id, (await trx.selectFrom('dialogue_guests').select('email').where('id', '=', guestId).executeTakeFirstOrThrow()).email, signup.id))
        ? signupRefusal('double')
        : null) ??
      (await slotRefusal(trx, activity!, signup.slot_id, signup.id));
    if (refusal) {
      await drop(trx, signup.id);
      return refusal;
    }
    const status = await seatFor(trx, activity!, signup.attendees);
    await trx
      .updateTable('dialogue_signups')
      .set({ status, confirmed_at: status === 'confirmed' ? sql`now()` : null, created_at: sql`now()` })
      .where('id', '=', signup.id)
      .execute();
    await queueDialogueMail(trx, { guestId }, status === 'confirmed' ? 'signup_confirmed' : 'signup_waiting', { signupId: signup.id });
    const after = await trx.selectFrom('dialogue_signups').select(['id', 'activity_id', 'created_at']).where('id', '=', signup.id).executeTakeFirstOrThrow();
    return { ok: true, signupId: signup.id, activityId: signup.activity_id, status, position: status === 'waiting' ? await positionOf(trx, after) : null, firstTime: true };
  });
}

/** Who cancels: the firm that signed up (any of its contacts), the guest (by their link), or an officer. */
export type Canceller = { firmId: string } | { guestId: string } | { actor: Actor };

export type CancelSignupOutcome = { ok: true; activityId: number; movedUp: number[] } | SignupRefusal;

/**
 * Cancels a sign-up: the signer gets a `signup_cancelled` mail (the .ics CANCEL) when it was
 * confirmed or waiting, and a freed seat goes to the first waiting sign-ups that fit
 * (`signup_moved_up`). Firms and guests may cancel until the activity starts; officers any time
 * (with an audit entry).
 */
export async function cancelSignup(db: Db, signupId: number, by: Canceller, now = new Date()): Promise<CancelSignupOutcome> {
  return db.transaction().execute((trx) => cancelIn(trx, signupId, by, now));
}

/** As cancelSignup, for a guest following their link: their sign-up, whatever its id. */
export async function cancelGuestSignup(db: Db, guestId: string, now = new Date()): Promise<CancelSignupOutcome> {
  const found = await db.selectFrom('dialogue_signups').select('id').where('guest_id', '=', guestId).executeTakeFirst();
  if (!found) return signupRefusal('signup_not_found');
  return cancelSignup(db, found.id, { guestId }, now);
}

async function cancelIn(trx: Transaction<Database>, signupId: number, by: Canceller, now: Date): Promise<CancelSignupOutcome> {
  if (!Number.isSafeInteger(signupId)) return signupRefusal('signup_not_found');
  const found = await trx.selectFrom('dialogue_signups').select('activity_id').where('id', '=', signupId).executeTakeFirst();
  if (!found) return signupRefusal('signup_not_found');
  const activity = (await lockActivity(trx, found.activity_id))!;
  const signup = await trx.selectFrom('dialogue_signups').selectAll().where('id', '=', signupId).forUpdate().executeTakeFirstOrThrow();
  const mine = 'actor' in by || ('firmId' in by ? signup.firm_id === by.firmId : signup.guest_id === by.guestId);
  if (!mine) return signupRefusal('signup_not_found');
  if (signup.status === 'cancelled') return signupRefusal('already_cancelled');
  if (!('actor' in by) && activity.starts_at && now.getTime() >= activity.starts_at.getTime()) return signupRefusal('started');
  await drop(trx, signup.id);
  if (signup.status === 'confirmed' || signup.status === 'waiting') {
    await queueDialogueMail(trx, recipientOf(signup), 'signup_cancelled', { signupId: signup.id });
  }
  const movedUp = signup.status === 'confirmed' && activity.status === 'announced' && activity.kind !== 'one_to_one' ? await moveUp(trx, activity) : [];
  if ('actor' in by) {
    await recordAudit(trx, by.actor, {
      action: 'dialogue.signup.cancel',
      entityType: 'dialogue_activity',
      entityId: String(activity.id),
      oldValue: { signupId: signup.id, status: signup.status, attendees: signup.attendees },
      newValue: { signupId: signup.id, status: 'cancelled', movedUp },
    });
  }
  return { ok: true, activityId: activity.id, movedUp };
}
