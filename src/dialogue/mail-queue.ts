import PgBoss from 'pg-boss';
import type { Executor } from '../db/database.js';
import { queues, within } from '../subscriptions/queue.js';

// A mail about dialogue is a dialogue_mails row plus a pg-boss job (its id is the row's), inserted
// in the caller's transaction: neither exists without the other. dialogue/mail-runtime.ts
// delivers them, worded in the recipient's language when sent (so a changed meeting time is sent
// as it is then). The recipient is a firm's contact person or a guest; deleting either deletes
// their mails (on delete cascade).

export const DIALOGUE_MAIL_QUEUE = queues.dialogueMail;

// Only inserts jobs through a caller's connection; it never opens one of its own.
const enqueuer = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('jobs are inserted through a transaction')) } });

/** Each kind of dialogue mail and what its row's details hold. */
export interface DialogueMailDetails {
  /** A guest's link to confirm the question, sign-up or comment they sent (one guest row per action). */
  guest_confirm: { guestId: string; action: 'question' | 'signup' | 'comment' };
  /** Receipt to the asker: the question is received and will be answered in the open. */
  question_received: { questionId: number };
  /** To the asker: their question is answered (published on the tender page). */
  question_answered: { questionId: number };
  /** A seat (or a slot) is yours: with the .ics invitation (METHOD:REQUEST). */
  signup_confirmed: { signupId: number };
  /** The meeting is full: you are on the waiting list, number N. */
  signup_waiting: { signupId: number };
  /** A seat came free and is now yours: with the .ics invitation. */
  signup_moved_up: { signupId: number };
  /** You cancelled your sign-up: the .ics cancellation (METHOD:CANCEL). */
  signup_cancelled: { signupId: number };
  /** The time or place changed: the .ics update (same UID, higher SEQUENCE). */
  activity_changed: { signupId: number };
  /** The officer cancelled the activity: the .ics cancellation. */
  activity_cancelled: { signupId: number };
  /** The day before the meeting or talk. */
  reminder: { signupId: number };
  /** Receipt for a comment on a draft in written consultation. */
  comment_received: { commentId: number };
}

export type DialogueMailKind = keyof DialogueMailDetails;

/** Who gets the mail: a firm's contact person, or a guest. */
export type DialogueRecipient = { contactId: string; guestId?: undefined } | { guestId: string; contactId?: undefined };

/** Writes the mail and queues its delivery with the caller's transaction; returns the mail's id. */
export async function queueDialogueMail<K extends DialogueMailKind>(
  trx: Executor,
  to: DialogueRecipient,
  kind: K,
  details: DialogueMailDetails[K],
): Promise<string> {
  const { id } = await trx
    .insertInto('dialogue_mails')
    .values({ contact_id: to.contactId ?? null, guest_id: to.guestId ?? null, kind, details: JSON.stringify(details) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueuer.insert([{ id, name: DIALOGUE_MAIL_QUEUE, data: { mailId: id } }], { db: within(trx) });
  return id;
}
