import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { DialogueActivityRow } from '../db/types.js';
import type { DialogueKind, DialogueStatus } from '../domain/dialogue.js';
import { findTenders } from '../tenders/repository.js';

// Market-dialogue activities as read: what the public pages (/dialog, a tender's page) and the
// back office show. Never who signed up or commented (see attendeesOf in signup-views.ts and
// commentsOf in comments.ts for officers).

export interface ActivitySlot {
  id: number;
  startsAt: Date;
  endsAt: Date;
  /** No confirmed sign-up holds it. */
  free: boolean;
}

export interface ActivitySummary {
  id: number;
  kind: DialogueKind;
  title: string;
  theme: string | null;
  status: DialogueStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  place: string | null;
  onlineUrl: string | null;
  signupDeadline: Date | null;
  commentDeadline: Date | null;
  cancelReason: string | null;
  /** When the outcome was published; null before. */
  outcomePublishedAt: Date | null;
  sample: boolean;
  tenders: ActivityTender[];
}

/** A project an activity concerns, as its page links to it. */
export interface ActivityTender {
  id: string;
  title: string;
  status: string;
}

export interface ActivityView extends ActivitySummary {
  description: string;
  draftUrl: string | null;
  capacity: number | null;
  sequence: number;
  /** Seats taken by confirmed sign-ups; null seatsLeft: no limit. */
  seatsTaken: number;
  seatsLeft: number | null;
  /** How many sign-ups wait for a seat. */
  waiting: number;
  slots: ActivitySlot[];
  freeSlots: number;
  /** Sign-ups taken now: announced, a meeting or talks, before the sign-up deadline and the start. */
  signupsOpen: boolean;
  /** Comments taken now: an announced written consultation before its comment deadline. */
  commentsOpen: boolean;
  outcome: { summary: string; learned: string | null; changesMade: string | null; publishedAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Whether an activity takes sign-ups at `now`. */
export const signupsOpenAt = (a: Pick<DialogueActivityRow, 'kind' | 'status' | 'starts_at' | 'signup_deadline'>, now: Date) =>
  a.status === 'announced' &&
  a.kind !== 'written_consultation' &&
  (a.starts_at === null || now.getTime() < a.starts_at.getTime()) &&
  (a.signup_deadline === null || now.getTime() <= a.signup_deadline.getTime());

/** Whether an activity takes comments at `now`. */
export const commentsOpenAt = (a: Pick<DialogueActivityRow, 'kind' | 'status' | 'comment_deadline'>, now: Date) =>
  a.status === 'announced' && a.kind === 'written_consultation' && a.comment_deadline !== null && now.getTime() <= a.comment_deadline.getTime();

async function tendersOfActivities(db: Executor, ids: readonly number[]) {
  const out = new Map<number, ActivityTender[]>();
  if (ids.length === 0) return out;
  const links = await db.selectFrom('dialogue_activity_tenders').selectAll().where('activity_id', 'in', [...ids]).execute();
  const tenders = new Map((await findTenders(db, [...new Set(links.map((l) => l.tender_id))])).map(({ row }) => [row.id, row]));
  for (const link of links) {
    const tender = tenders.get(link.tender_id);
    if (!tender) continue;
    const list = out.get(link.activity_id) ?? [];
    list.push({ id: tender.id, title: tender.title, status: tender.status });
    out.set(link.activity_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.title.localeCompare(b.title, 'da') || a.id.localeCompare(b.id));
  return out;
}

const summaryOf = (row: DialogueActivityRow, tenders: ActivityTender[]): ActivitySummary => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  theme: row.theme,
  status: row.status,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  place: row.place,
  onlineUrl: row.online_url,
  signupDeadline: row.signup_deadline,
  commentDeadline: row.comment_deadline,
  cancelReason: row.cancel_reason,
  outcomePublishedAt: row.outcome_published_at,
  sample: row.sample,
  tenders,
});

/** One activity with seats, waiting list size and slots: for its page. Null when there is none. */
export async function activityView(db: Executor, id: number, now = new Date()): Promise<ActivityView | null> {
  const row = await db.selectFrom('dialogue_activities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [tenders, counts, slots] = await Promise.all([
    tendersOfActivities(db, [id]),
    db
      .selectFrom('dialogue_signups')
      .select([
        sql<number>`coalesce(sum(attendees) filter (where status = 'confirmed'), 0)::int`.as('taken'),
        sql<number>`(count(*) filter (where status = 'waiting'))::int`.as('waiting'),
      ])
      .where('activity_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dialogue_slots as s')
      .select([
        's.id',
        's.starts_at',
        's.ends_at',
        sql<boolean>`not exists (select 1 from dialogue_signups g where g.slot_id = s.id and g.status = 'confirmed')`.as('free'),
      ])
      .where('s.activity_id', '=', id)
      .orderBy('s.starts_at')
      .execute(),
  ]);
  const taken = Number(counts.taken);
  return {
    ...summaryOf(row, tenders.get(id) ?? []),
    description: row.description,
    draftUrl: row.draft_url,
    capacity: row.capacity,
    sequence: row.sequence,
    seatsTaken: taken,
    seatsLeft: row.capacity === null ? null : Math.max(0, row.capacity - taken),
    waiting: Number(counts.waiting),
    slots: slots.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, free: Boolean(s.free) })),
    freeSlots: slots.filter((s) => s.free).length,
    signupsOpen: signupsOpenAt(row, now),
    commentsOpen: commentsOpenAt(row, now),
    outcome:
      row.outcome_published_at && row.summary !== null
        ? { summary: row.summary, learned: row.learned, changesMade: row.changes_made, publishedAt: row.outcome_published_at }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The instant an activity belongs to for coming/past: its end, else its start, else (a written
 * consultation) its comment deadline.
 */
const whenOf = sql<Date>`coalesce(ends_at, starts_at, comment_deadline)`;

/** Coming activities (not over yet), soonest first, or past ones, latest first; cancelled ones included (status tells). */
export async function listActivities(db: Executor, options: { when: 'coming' | 'past'; now?: Date; limit?: number }): Promise<ActivitySummary[]> {
  const now = options.now ?? new Date();
  const rows = await db
    .selectFrom('dialogue_activities')
    .selectAll()
    .where(options.when === 'coming' ? sql<boolean>`${whenOf} >= ${now}` : sql<boolean>`${whenOf} < ${now}`)
    .orderBy(whenOf, options.when === 'coming' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(options.limit ?? 500)
    .execute();
  const tenders = await tendersOfActivities(db, rows.map((r) => r.id));
  return rows.map((row) => summaryOf(row, tenders.get(row.id) ?? []));
}

/** Every activity of each tender, by tender id (tenders without any left out), earliest first: the dialogue history. */
export async function activitiesOfTenders(db: Executor, tenderIds: readonly string[]): Promise<Map<string, ActivitySummary[]>> {
  const out = new Map<string, ActivitySummary[]>();
  if (tenderIds.length === 0) return out;
  const links = await db.selectFrom('dialogue_activity_tenders').selectAll().where('tender_id', 'in', [...tenderIds]).execute();
  if (links.length === 0) return out;
  const ids = [...new Set(links.map((l) => l.activity_id))];
  const [rows, tenders] = await Promise.all([
    db.selectFrom('dialogue_activities').selectAll().where('id', 'in', ids).orderBy(whenOf).orderBy('id').execute(),
    tendersOfActivities(db, ids),
  ]);
  for (const row of rows) {
    const summary = summaryOf(row, tenders.get(row.id) ?? []);
    for (const link of links.filter((l) => l.activity_id === row.id)) {
      const list = out.get(link.tender_id) ?? [];
      list.push(summary);
      out.set(link.tender_id, list);
    }
  }
  return out;
}
