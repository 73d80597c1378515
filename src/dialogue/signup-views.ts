import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { SignupStatus } from '../domain/dialogue.js';
import { positionOf } from './signups.js';

// Sign-ups as read: a firm's own sign-up for an activity's page, and everyone who signed up for
// the back office (personal data: officers only). signups.ts writes them.

export interface FirmSignup {
  id: number;
  status: SignupStatus;
  attendees: number;
  slot: { id: number; startsAt: Date; endsAt: Date } | null;
  /** Place in the waiting list (1 first) when waiting. */
  position: number | null;
  createdAt: Date;
}

/** The firm's live sign-up (not cancelled) for an activity, or null: for the page's "you are signed up". */
export async function signupOfFirm(db: Executor, activityId: number, firmId: string): Promise<FirmSignup | null> {
  const row = await db
    .selectFrom('dialogue_signups as s')
    .leftJoin('dialogue_slots as sl', 'sl.id', 's.slot_id')
    .select(['s.id', 's.activity_id', 's.status', 's.attendees', 's.created_at', 's.slot_id', 'sl.starts_at as slot_starts', 'sl.ends_at as slot_ends'])
    .where('s.activity_id', '=', activityId)
    .where('s.firm_id', '=', firmId)
    .where('s.status', '<>', 'cancelled')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    attendees: row.attendees,
    slot: row.slot_id !== null && row.slot_starts && row.slot_ends ? { id: row.slot_id, startsAt: row.slot_starts, endsAt: row.slot_ends } : null,
    position: row.status === 'waiting' ? await positionOf(db, row) : null,
    createdAt: row.created_at,
  };
}

/** A sign-up as officers see it: who (personal data: never on a public page), how many, when. */
export interface Attendee {
  signupId: number;
  status: SignupStatus;
  /** The firm's name: from the register, or as a guest typed it. */
  firmName: string;
  cvr: string | null;
  firmId: string | null;
  contactName: string | null;
  email: string;
  guest: boolean;
  attendees: number;
  slot: { id: number; startsAt: Date; endsAt: Date } | null;
  createdAt: Date;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
  /** Place in the waiting list (1 first) when waiting. */
  position: number | null;
}

export interface Attendees {
  confirmed: Attendee[];
  /** In line, first first; each with its position. */
  waiting: Attendee[];
  /** Guests who have not followed their link yet. */
  unconfirmed: Attendee[];
  cancelled: Attendee[];
  seatsTaken: number;
  capacity: number | null;
}

/** Everyone who signed up for an activity, by status, for the back office; null when there is no such activity. */
export async function attendeesOf(db: Executor, activityId: number): Promise<Attendees | null> {
  const activity = await db.selectFrom('dialogue_activities').select(['id', 'capacity']).where('id', '=', activityId).executeTakeFirst();
  if (!activity) return null;
  const rows = await db
    .selectFrom('dialogue_signups as s')
    .leftJoin('firms as f', 'f.id', 's.firm_id')
    .leftJoin('firm_contacts as c', 'c.id', 's.contact_id')
    .leftJoin('dialogue_guests as g', 'g.id', 's.guest_id')
    .leftJoin('dialogue_slots as sl', 'sl.id', 's.slot_id')
    .select([
      's.id',
      's.status',
      's.attendees',
      's.created_at',
      's.confirmed_at',
      's.cancelled_at',
      's.slot_id',
      's.firm_id',
      'f.name as firm_name',
      'f.cvr',
      'c.name as contact_name',
      'c.email as contact_email',
      'g.email as guest_email',
      'g.firm_name as guest_firm',
      'sl.starts_at as slot_starts',
      'sl.ends_at as slot_ends',
    ])
    .where('s.activity_id', '=', activityId)
    .orderBy(sql`coalesce(sl.starts_at, s.created_at)`)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
  const all: Attendee[] = rows.map((r) => ({
    signupId: r.id,
    status: r.status,
    firmName: r.firm_name ?? r.guest_firm ?? '',
    cvr: r.cvr,
    firmId: r.firm_id,
    contactName: r.contact_name,
    email: r.contact_email ?? r.guest_email ?? '',
    guest: r.firm_id === null,
    attendees: r.attendees,
    slot: r.slot_id !== null && r.slot_starts && r.slot_ends ? { id: r.slot_id, startsAt: r.slot_starts, endsAt: r.slot_ends } : null,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    cancelledAt: r.cancelled_at,
    position: null,
  }));
  const waiting = all.filter((a) => a.status === 'waiting').map((a, i) => ({ ...a, position: i + 1 }));
  const confirmed = all.filter((a) => a.status === 'confirmed');
  return {
    confirmed,
    waiting,
    unconfirmed: all.filter((a) => a.status === 'unconfirmed'),
    cancelled: all.filter((a) => a.status === 'cancelled'),
    seatsTaken: confirmed.reduce((sum, a) => sum + a.attendees, 0),
    capacity: activity.capacity,
  };
}
