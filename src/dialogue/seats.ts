import { sql, type Transaction } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Database, DialogueActivityRow, DialogueSignupRow } from '../db/types.js';
import { queueDialogueMail, type DialogueRecipient } from './mail-queue.js';

// Seats at a meeting, shared by sign-ups and activity changes. Seats are counted under a row lock
// on the activity (select … for update): whoever changes who sits where holds it, so two firms
// taking the last seat at once are served one after the other and exactly one gets it.

/** The activity, locked for the rest of the transaction; undefined when there is none. */
export const lockActivity = (trx: Transaction<Database>, id: number): Promise<DialogueActivityRow | undefined> =>
  trx.selectFrom('dialogue_activities').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** Seats taken: the attendees of the confirmed sign-ups. */
export async function seatsTaken(db: Executor, activityId: number): Promise<number> {
  const row = await db
    .selectFrom('dialogue_signups')
    .select(sql<number>`coalesce(sum(attendees), 0)::int`.as('n'))
    .where('activity_id', '=', activityId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whom a sign-up's mails go to: the contact person who signed up, or the guest. */
export const recipientOf = (signup: Pick<DialogueSignupRow, 'contact_id' | 'guest_id'>): DialogueRecipient =>
  signup.contact_id ? { contactId: signup.contact_id } : { guestId: signup.guest_id! };

/**
 * Gives free seats to the waiting list, first come first served: each waiting sign-up that fits
 * in the seats left moves up (one too big for them is passed over, not the ones after it) and
 * gets a `signup_moved_up` mail. The caller holds the activity's lock. Returns the ids moved up.
 */
export async function moveUp(trx: Transaction<Database>, activity: Pick<DialogueActivityRow, 'id' | 'capacity'>): Promise<number[]> {
  const waiting = await trx
    .selectFrom('dialogue_signups')
    .selectAll()
    .where('activity_id', '=', activity.id)
    .where('status', '=', 'waiting')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (waiting.length === 0) return [];
  let taken = await seatsTaken(trx, activity.id);
  const moved: number[] = [];
  for (const signup of waiting) {
    if (activity.capacity !== null && taken + signup.attendees > activity.capacity) continue;
    await trx.updateTable('dialogue_signups').set({ status: 'confirmed', confirmed_at: sql`now()` }).where('id', '=', signup.id).execute();
    await queueDialogueMail(trx, recipientOf(signup), 'signup_moved_up', { signupId: signup.id });
    taken += signup.attendees;
    moved.push(signup.id);
  }
  return moved;
}
