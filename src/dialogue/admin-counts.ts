import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

// The back office's list of activities shows, per activity, the seats taken, the waiting list and
// the booked slots: a few queries for the whole list rather than a view per row.

export interface SignupCounts {
  /** Seats at a meeting; null: no limit. */
  capacity: number | null;
  /** Attendees of confirmed sign-ups. */
  seatsTaken: number;
  /** Sign-ups waiting for a seat. */
  waiting: number;
  /** Slots of one-to-one talks, and how many of them a confirmed sign-up holds. */
  slots: number;
  slotsBooked: number;
}

const none: SignupCounts = { capacity: null, seatsTaken: 0, waiting: 0, slots: 0, slotsBooked: 0 };

/** The counts of each given activity, by id (activities without sign-ups or slots get zeros). */
export async function signupCountsOf(db: Executor, activityIds: readonly number[]): Promise<Map<number, SignupCounts>> {
  const out = new Map<number, SignupCounts>(activityIds.map((id) => [id, { ...none }]));
  if (activityIds.length === 0) return out;
  const [activities, signups, slots] = await Promise.all([
    db.selectFrom('dialogue_activities').select(['id', 'capacity']).where('id', 'in', [...activityIds]).execute(),
    db
      .selectFrom('dialogue_signups')
      .select([
        'activity_id',
        sql<number>`coalesce(sum(attendees) filter (where status = 'confirmed'), 0)::int`.as('taken'),
        sql<number>`(count(*) filter (where status = 'waiting'))::int`.as('waiting'),
        sql<number>`(count(distinct slot_id) filter (where status = 'confirmed'))::int`.as('booked'),
      ])
      .where('activity_id', 'in', [...activityIds])
      .groupBy('activity_id')
      .execute(),
    db
      .selectFrom('dialogue_slots')
      .select(['activity_id', sql<number>`count(*)::int`.as('n')])
      .where('activity_id', 'in', [...activityIds])
      .groupBy('activity_id')
      .execute(),
  ]);
  for (const row of activities) out.get(row.id)!.capacity = row.capacity;
  for (const row of signups) {
    const counts = out.get(row.activity_id)!;
    Object.assign(counts, { seatsTaken: Number(row.taken), waiting: Number(row.waiting), slotsBooked: Number(row.booked) });
  }
  for (const row of slots) out.get(row.activity_id)!.slots = Number(row.n);
  return out;
}
