import { z } from 'zod';
import type { Db, Executor } from '../db/database.js';
import type { DialogueActivityRow } from '../db/types.js';
import { MAX_COMMENT_LENGTH } from '../domain/dialogue.js';
import { msg } from '../i18n/messages.js';
import { confirmGuest, createGuest, type NewGuest } from './guests.js';
import { queueDialogueMail } from './mail-queue.js';
import { lockActivity } from './seats.js';
import { checkGuest, guestFields } from './signup-forms.js';
import { confirmGuestSignup, type GuestSignupOutcome, type SignupWho } from './signups.js';

// Written consultation on draft documents: firms (signed in, or as guests confirmed by link) send
// comments on the draft until the comment deadline. Comments are for officers only, never public;
// the officer publishes a summary afterwards (publishOutcome in outcomes.ts). Each comment gets a
// `comment_received` receipt once it counts (at once for a firm, on confirmation for a guest).

export type CommentRefusalReason =
  | 'not_found'
  | 'cancelled'
  | 'not_consultation'
  | 'closed'
  | 'rejected'
  | 'empty'
  | 'too_long'
  | 'invalid_guest'
  | 'guest_unknown'
  | 'guest_expired';

/** A refusal: why, the form field it belongs to, and its message as a msg() key (localize words it). */
export interface CommentRefusal {
  ok: false;
  reason: CommentRefusalReason;
  field: 'form' | 'text' | 'email' | 'firmName' | 'lang';
  message: string;
}

export type CommentOutcome = { ok: true; commentId: number; status: 'received' | 'unconfirmed' } | CommentRefusal;

const refusal = (reason: CommentRefusalReason, field: CommentRefusal['field'], message: string): CommentRefusal => ({ ok: false, reason, field, message });

function activityRefusal(activity: DialogueActivityRow | undefined, now: Date, deadlineMet = false): CommentRefusal | null {
  if (!activity) return refusal('not_found', 'form', msg('dialogue.errors.notFound'));
  if (activity.status === 'cancelled') return refusal('cancelled', 'form', msg('dialogue.errors.cancelled'));
  if (activity.kind !== 'written_consultation') return refusal('not_consultation', 'form', msg('dialogue.errors.notConsultation'));
  if (!deadlineMet && (activity.comment_deadline === null || now.getTime() > activity.comment_deadline.getTime())) {
    return refusal('closed', 'form', msg('dialogue.errors.commentsClosed'));
  }
  return null;
}

/** Sends a comment on the draft of a written consultation (see the top of the file). */
export async function sendComment(db: Db, activityId: number, who: SignupWho, text: string, now = new Date()): Promise<CommentOutcome> {
  const body = text.trim();
  if (body === '') return refusal('empty', 'text', msg('dialogue.errors.comment'));
  if (body.length > MAX_COMMENT_LENGTH) return refusal('too_long', 'text', msg('dialogue.errors.tooLong', { max: MAX_COMMENT_LENGTH }));
  let guest: NewGuest | null = null;
  if ('guest' in who) {
    const checked = checkGuest(who.guest);
    if (!checked.ok) return refusal('invalid_guest', checked.field === 'attendees' || checked.field === 'slotId' ? 'form' : checked.field, checked.message);
    guest = checked.guest;
  }
  return db.transaction().execute(async (trx): Promise<CommentOutcome> => {
    const activity = await lockActivity(trx, activityId);
    const closed = activityRefusal(activity, now);
    if (closed) return closed;
    if (guest) {
      const guestId = await createGuest(trx, guest, 'comment');
      const row = await trx.insertInto('dialogue_comments').values({ activity_id: activityId, guest_id: guestId, text: body, status: 'unconfirmed' }).returning('id').executeTakeFirstOrThrow();
      return { ok: true, commentId: row.id, status: 'unconfirmed' };
    }
    const firm = who as { firmId: string; contactId: string };
    const status = await trx.selectFrom('firms').select('status').where('id', '=', firm.firmId).executeTakeFirst();
    if (!status || status.status === 'rejected') return refusal('rejected', 'form', msg('dialogue.errors.rejectedFirm'));
    const row = await trx
      .insertInto('dialogue_comments')
      .values({ activity_id: activityId, firm_id: firm.firmId, contact_id: firm.contactId, text: body, status: 'received' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await queueDialogueMail(trx, { contactId: firm.contactId }, 'comment_received', { commentId: row.id });
    return { ok: true, commentId: row.id, status: 'received' };
  });
}

export type GuestCommentOutcome = { ok: true; commentId: number; activityId: number; firstTime: boolean } | CommentRefusal;

/**
 * Confirms a guest's comment when the guest follows the mailed link: it counts from now (received,
 * with a receipt). It was sent before the deadline, so following the link later still counts; a
 * cancelled consultation takes nothing. A link followed again changes nothing (firstTime false).
 */
export async function confirmGuestComment(db: Db, guestId: string, now = new Date()): Promise<GuestCommentOutcome> {
  return db.transaction().execute(async (trx): Promise<GuestCommentOutcome> => {
    const confirmed = await confirmGuest(trx, guestId);
    if (!confirmed.ok) {
      return confirmed.reason === 'expired'
        ? refusal('guest_expired', 'form', msg('dialogue.errors.guestExpired'))
        : refusal('guest_unknown', 'form', msg('dialogue.errors.guestUnknown'));
    }
    const comment = await trx.selectFrom('dialogue_comments').select(['id', 'activity_id', 'status']).where('guest_id', '=', guestId).executeTakeFirst();
    if (!comment) return refusal('guest_unknown', 'form', msg('dialogue.errors.guestUnknown'));
    if (!confirmed.firstTime || comment.status === 'received') return { ok: true, commentId: comment.id, activityId: comment.activity_id, firstTime: false };
    const activity = await lockActivity(trx, comment.activity_id);
    const closed = activityRefusal(activity, now, true);
    if (closed) {
      await trx.deleteFrom('dialogue_comments').where('id', '=', comment.id).execute();
      return closed;
    }
    await trx.updateTable('dialogue_comments').set({ status: 'received' }).where('id', '=', comment.id).execute();
    await queueDialogueMail(trx, { guestId }, 'comment_received', { commentId: comment.id });
    return { ok: true, commentId: comment.id, activityId: comment.activity_id, firstTime: true };
  });
}

export type GuestConfirmationOutcome =
  | { action: 'signup'; outcome: GuestSignupOutcome }
  | { action: 'comment'; outcome: GuestCommentOutcome }
  | { action: null; outcome: CommentRefusal };

/**
 * The one confirmation link of /dialog/bekraeft/{token}: confirms what the guest sent, a sign-up
 * or a comment (a guest row belongs to one action).
 */
export async function confirmDialogueGuest(db: Db, guestId: string, now = new Date()): Promise<GuestConfirmationOutcome> {
  const [signup, comment] = await Promise.all([
    db.selectFrom('dialogue_signups').select('id').where('guest_id', '=', guestId).executeTakeFirst(),
    db.selectFrom('dialogue_comments').select('id').where('guest_id', '=', guestId).executeTakeFirst(),
  ]);
  if (signup) return { action: 'signup', outcome: await confirmGuestSignup(db, guestId, now) };
  if (comment) return { action: 'comment', outcome: await confirmGuestComment(db, guestId, now) };
  return { action: null, outcome: refusal('guest_unknown', 'form', msg('dialogue.errors.guestUnknown')) };
}

/** A comment as officers see it, with who sent it (personal data: never public). */
export interface OfficerComment {
  id: number;
  text: string;
  createdAt: Date;
  firmName: string;
  cvr: string | null;
  contactName: string | null;
  email: string | null;
  guest: boolean;
}

/** The received comments on an activity, oldest first, for the back office (unconfirmed guests' left out). */
export async function commentsOf(db: Executor, activityId: number): Promise<OfficerComment[]> {
  const rows = await db
    .selectFrom('dialogue_comments as m')
    .leftJoin('firms as f', 'f.id', 'm.firm_id')
    .leftJoin('firm_contacts as c', 'c.id', 'm.contact_id')
    .leftJoin('dialogue_guests as g', 'g.id', 'm.guest_id')
    .select(['m.id', 'm.text', 'm.created_at', 'm.firm_id', 'f.name as firm_name', 'f.cvr', 'c.name as contact_name', 'c.email as contact_email', 'g.email as guest_email', 'g.firm_name as guest_firm'])
    .where('m.activity_id', '=', activityId)
    .where('m.status', '=', 'received')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    createdAt: r.created_at,
    firmName: r.firm_name ?? r.guest_firm ?? '',
    cvr: r.cvr,
    contactName: r.contact_name,
    email: r.contact_email ?? r.guest_email,
    guest: r.firm_id === null,
  }));
}

/** The number of received comments on an activity (a count may be public; the comments never are). */
export async function commentCount(db: Executor, activityId: number): Promise<number> {
  const row = await db.selectFrom('dialogue_comments').select((eb) => eb.fn.countAll<number>().as('n')).where('activity_id', '=', activityId).where('status', '=', 'received').executeTakeFirstOrThrow();
  return Number(row.n);
}

const commentText = z
  .string({ error: msg('dialogue.errors.comment') })
  .trim()
  .min(1, msg('dialogue.errors.comment'))
  .max(MAX_COMMENT_LENGTH, msg('dialogue.errors.tooLong', { max: MAX_COMMENT_LENGTH }));

/** The comment form of a signed-in firm. */
export const commentForm = z.object({ text: commentText, _csrf: z.string().optional() });
/** A guest's comment form: the comment, the address and the firm (the language is the page's). */
export const guestCommentForm = commentForm.extend(guestFields);
