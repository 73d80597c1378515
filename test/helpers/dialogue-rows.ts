import { sql } from 'kysely';
import type { Executor } from '../../src/db/database.js';
import type { DialogueKind, SignupStatus } from '../../src/domain/dialogue.js';

// Dialogue rows written straight to the database, for tests that need a meeting, a sign-up, a guest
// or a question without going through the services that make them.

export interface TestActivity {
  kind?: DialogueKind;
  title?: string;
  description?: string;
  startsAt?: Date | null;
  endsAt?: Date | null;
  place?: string | null;
  onlineUrl?: string | null;
  capacity?: number | null;
  status?: 'announced' | 'cancelled';
  cancelReason?: string | null;
}

export async function activityInDatabase(db: Executor, activity: TestActivity = {}): Promise<number> {
  const { id } = await db
    .insertInto('dialogue_activities')
    .values({
      kind: activity.kind ?? 'information_meeting',
      title: activity.title ?? 'Informationsmøde om skolerne 2027',
      description: activity.description ?? 'Vi fortæller om de kommende skoleprojekter.',
      starts_at: activity.startsAt === undefined ? new Date('2027-03-10T08:00:00Z') : activity.startsAt,
      ends_at: activity.endsAt === undefined ? new Date('2027-03-10T10:00:00Z') : activity.endsAt,
      place: activity.place === undefined ? 'Rådhuset, mødesal 1' : activity.place,
      online_url: activity.onlineUrl ?? null,
      capacity: activity.capacity === undefined ? 20 : activity.capacity,
      status: activity.status ?? 'announced',
      cancel_reason: activity.cancelReason ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function slotInDatabase(db: Executor, activityId: number, startsAt: Date, endsAt: Date): Promise<number> {
  const { id } = await db.insertInto('dialogue_slots').values({ activity_id: activityId, starts_at: startsAt, ends_at: endsAt }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export type Who = { firmId: string; contactId: string } | { guestId: string };

export async function signupInDatabase(
  db: Executor,
  activityId: number,
  who: Who,
  options: { status?: SignupStatus; attendees?: number; slotId?: number | null; createdAt?: Date } = {},
): Promise<number> {
  const status = options.status ?? 'confirmed';
  const { id } = await db
    .insertInto('dialogue_signups')
    .values({
      activity_id: activityId,
      firm_id: 'firmId' in who ? who.firmId : null,
      contact_id: 'contactId' in who ? who.contactId : null,
      guest_id: 'guestId' in who ? who.guestId : null,
      attendees: options.attendees ?? 1,
      slot_id: options.slotId ?? null,
      status,
      ...(options.createdAt ? { created_at: options.createdAt } : {}),
      confirmed_at: status === 'confirmed' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A guest row (without its confirmation mail); `hoursAgo` backdates it. */
export async function guestInDatabase(
  db: Executor,
  guest: { email?: string; firmName?: string; lang?: 'da' | 'en'; confirmed?: boolean; hoursAgo?: number } = {},
): Promise<string> {
  const { id } = await db
    .insertInto('dialogue_guests')
    .values({
      email: guest.email ?? 'gaest@firma.test',
      firm_name: guest.firmName ?? 'Gæstefirmaet ApS',
      lang: guest.lang ?? 'da',
      confirmed_at: guest.confirmed ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (guest.hoursAgo) {
    await db
      .updateTable('dialogue_guests')
      .set({ created_at: sql`now() - make_interval(hours => ${guest.hoursAgo})` })
      .where('id', '=', id)
      .execute();
  }
  return id;
}

export async function questionInDatabase(
  db: Executor,
  tenderId: string,
  who: Who,
  question: { text?: string; status?: 'unconfirmed' | 'received' } = {},
): Promise<number> {
  const { id } = await db
    .insertInto('questions')
    .values({
      tender_id: tenderId,
      firm_id: 'firmId' in who ? who.firmId : null,
      contact_id: 'contactId' in who ? who.contactId : null,
      guest_id: 'guestId' in who ? who.guestId : null,
      text: question.text ?? 'Må der bruges træ fra Sverige?',
      status: question.status ?? 'received',
      received_at: question.status === 'unconfirmed' ? null : new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Publishes the questions as numbers 1, 2 … with one answer (version 1); returns the answer's id. */
export async function answerInDatabase(db: Executor, tenderId: string, questionIds: number[], text = 'Ja, når træet er FSC-mærket.'): Promise<number> {
  const { id } = await db.insertInto('answers').values({ tender_id: tenderId }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('answer_versions').values({ answer_id: id, version: 1, text }).execute();
  let number = Number((await db.selectFrom('questions').select((eb) => eb.fn.max('number').as('n')).where('tender_id', '=', tenderId).executeTakeFirstOrThrow()).n ?? 0);
  for (const questionId of questionIds) {
    number += 1;
    await db
      .updateTable('questions')
      .set({ status: 'published', number, published_text: sql`text`, published_at: new Date(), answer_id: id })
      .where('id', '=', questionId)
      .execute();
  }
  return id;
}

export async function commentInDatabase(db: Executor, activityId: number, who: Who, text = 'Udkastet bør nævne adgangsforholdene.', status: 'unconfirmed' | 'received' = 'received') {
  const { id } = await db
    .insertInto('dialogue_comments')
    .values({
      activity_id: activityId,
      firm_id: 'firmId' in who ? who.firmId : null,
      contact_id: 'contactId' in who ? who.contactId : null,
      guest_id: 'guestId' in who ? who.guestId : null,
      text,
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
