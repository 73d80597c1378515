import type { Executor } from '../db/database.js';

// A guest row stands for one action (dialogue/guests.ts): a question, a sign-up or a comment. The
// confirmation link of a sign-up and of a comment is the same route (/dialog/bekraeft/{token}),
// which asks here what the guest sent before it confirms the one or the other.

export type GuestActivityAction = { kind: 'signup' | 'comment'; activityId: number };

/** What a guest sent at an activity: a sign-up or a comment; null when neither is there (any more). */
export async function guestActionOf(db: Executor, guestId: string): Promise<GuestActivityAction | null> {
  const signup = await db.selectFrom('dialogue_signups').select('activity_id').where('guest_id', '=', guestId).executeTakeFirst();
  if (signup) return { kind: 'signup', activityId: signup.activity_id };
  const comment = await db.selectFrom('dialogue_comments').select('activity_id').where('guest_id', '=', guestId).executeTakeFirst();
  return comment ? { kind: 'comment', activityId: comment.activity_id } : null;
}
