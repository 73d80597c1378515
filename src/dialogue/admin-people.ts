import type { Executor } from '../db/database.js';
import type { SignupStatus } from '../domain/dialogue.js';

// Who signed up for an activity and who commented on a draft, for officers only: the firm, the
// contact person (or the guest's confirmed address). Personal data: never on a public page.

export interface SignupForOfficers {
  id: number;
  status: SignupStatus;
  /** The firm's name (a guest's as typed), and the firm's id when it has an account. */
  firmName: string;
  firmId: string | null;
  /** The contact person's name; null for a guest. */
  contactName: string | null;
  email: string;
  attendees: number;
  slotStartsAt: Date | null;
  slotEndsAt: Date | null;
  createdAt: Date;
  confirmedAt: Date | null;
  /** Place on the waiting list (1 first), for waiting sign-ups. */
  position: number | null;
}

/** The live sign-ups (not cancelled) of an activity: confirmed by slot and time, waiting in line, unconfirmed last. */
export async function signupsForOfficers(db: Executor, activityId: number): Promise<SignupForOfficers[]> {
  const rows = await db
    .selectFrom('dialogue_signups as s')
    .leftJoin('firms as f', 'f.id', 's.firm_id')
    .leftJoin('firm_contacts as c', 'c.id', 's.contact_id')
    .leftJoin('dialogue_guests as g', 'g.id', 's.guest_id')
    .leftJoin('dialogue_slots as slot', 'slot.id', 's.slot_id')
    .select([
      's.id',
      's.status',
      's.firm_id',
      's.attendees',
      's.created_at',
      's.confirmed_at',
      'f.name as firm_name',
      'c.name as contact_name',
      'c.email as contact_email',
      'g.firm_name as guest_firm',
      'g.email as guest_email',
      'slot.starts_at as slot_starts_at',
      'slot.ends_at as slot_ends_at',
    ])
    .where('s.activity_id', '=', activityId)
    .where('s.status', '<>', 'cancelled')
    .orderBy('slot.starts_at')
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
  let waiting = 0;
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    firmName: row.firm_name ?? row.guest_firm ?? '',
    firmId: row.firm_id,
    contactName: row.contact_name,
    email: row.contact_email ?? row.guest_email ?? '',
    attendees: row.attendees,
    slotStartsAt: row.slot_starts_at,
    slotEndsAt: row.slot_ends_at,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    position: row.status === 'waiting' ? ++waiting : null,
  }));
}

export interface CommentForOfficers {
  id: number;
  firmName: string;
  contactName: string | null;
  email: string;
  text: string;
  createdAt: Date;
}

/** The received comments on an activity's draft (not those awaiting a guest's confirmation), oldest first. */
export async function commentsForOfficers(db: Executor, activityId: number): Promise<CommentForOfficers[]> {
  const rows = await db
    .selectFrom('dialogue_comments as m')
    .leftJoin('firms as f', 'f.id', 'm.firm_id')
    .leftJoin('firm_contacts as c', 'c.id', 'm.contact_id')
    .leftJoin('dialogue_guests as g', 'g.id', 'm.guest_id')
    .select(['m.id', 'm.text', 'm.created_at', 'f.name as firm_name', 'c.name as contact_name', 'c.email as contact_email', 'g.firm_name as guest_firm', 'g.email as guest_email'])
    .where('m.activity_id', '=', activityId)
    .where('m.status', '=', 'received')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    firmName: row.firm_name ?? row.guest_firm ?? '',
    contactName: row.contact_name,
    email: row.contact_email ?? row.guest_email ?? '',
    text: row.text,
    createdAt: row.created_at,
  }));
}
