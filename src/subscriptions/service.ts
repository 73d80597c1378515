import type { Lang } from '../i18n/index.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { Frequency, MessageKind, SubscriptionRow } from '../db/types.js';
import { savedSearch, type TenderFilter } from '../tenders/filter.js';
import { enqueueMessages } from './queue.js';

/** How long a confirmation link works; an unconfirmed sign-up is deleted after it. */
export const CONFIRM_HOURS = 48;
/** Confirmation and notice mails per address per hour: a form cannot be used to flood an inbox. */
const MAILS_PER_ADDRESS_PER_HOUR = 3;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

async function queueMessage(trx: Executor, subscriptionId: string, kind: MessageKind): Promise<void> {
  const { id } = await trx
    .insertInto('alert_messages')
    .values({ subscription_id: subscriptionId, kind, idempotency_key: `${kind}:${subscriptionId}:${randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueMessages(trx, [id]);
}

/**
 * Signs an address up for a search. Whatever the address's state, the caller shows the same
 * answer: a new or pending sign-up gets a confirmation mail, an address already following the
 * search gets a notice with its manage link, and over the hourly limit nothing is sent.
 */
export async function subscribe(db: Db, input: { email: string; filter: TenderFilter; frequency: Frequency; lang?: Lang }): Promise<void> {
  const lang = input.lang ?? 'da';
  const email = normalizeEmail(input.email);
  const search = JSON.stringify(savedSearch(input.filter));
  await db.transaction().execute(async (trx) => {
    const { recent } = await trx
      .selectFrom('alert_messages as m')
      .innerJoin('subscriptions as s', 's.id', 'm.subscription_id')
      .select(sql<number>`count(*)::int`.as('recent'))
      .where(sql<boolean>`lower(s.email) = ${email}`)
      .where('m.kind', 'in', ['confirm', 'already_subscribed'])
      .where('m.created_at', '>', sql<Date>`now() - interval '1 hour'`)
      .executeTakeFirstOrThrow();
    if (recent >= MAILS_PER_ADDRESS_PER_HOUR) return;

    const existing = await trx
      .selectFrom('subscriptions')
      .selectAll()
      .where(sql<boolean>`lower(email) = ${email}`)
      .where(sql<boolean>`filter = ${search}::jsonb`)
      .orderBy('confirmed_at', (ob) => ob.desc().nullsLast())
      .executeTakeFirst();
    if (existing?.confirmed_at) {
      await queueMessage(trx, existing.id, 'already_subscribed');
      return;
    }
    if (existing) {
      // A new request restarts the confirmation window, with the frequency asked for now.
      await trx.updateTable('subscriptions').set({ frequency: input.frequency, lang, created_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', existing.id).execute();
      await queueMessage(trx, existing.id, 'confirm');
      return;
    }
    const { id } = await trx
      .insertInto('subscriptions')
      .values({ email, filter: search, frequency: input.frequency, lang })
      .returning('id')
      .executeTakeFirstOrThrow();
    await queueMessage(trx, id, 'confirm');
  });
}

export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'invalid';

const stillValid = sql<boolean>`created_at > now() - make_interval(hours => ${CONFIRM_HOURS})`;

/** A pending sign-up that can still be confirmed (for the confirmation page). */
export async function pendingOrConfirmed(db: Executor, id: string): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('confirmed_at', 'is not', null), stillValid]))
    .executeTakeFirst();
}

export async function confirmSubscription(db: Executor, id: string): Promise<ConfirmOutcome> {
  const confirmed = await db
    .updateTable('subscriptions')
    .set({ confirmed_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .where(stillValid)
    .executeTakeFirst();
  if (Number(confirmed.numUpdatedRows) === 1) return 'confirmed';
  const row = await db.selectFrom('subscriptions').select('confirmed_at').where('id', '=', id).executeTakeFirst();
  return row?.confirmed_at ? 'already-confirmed' : 'invalid';
}

export async function confirmedSubscription(db: Executor, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).where('confirmed_at', 'is not', null).executeTakeFirst();
}

export async function changeSubscription(db: Executor, id: string, change: { filter: TenderFilter; frequency: Frequency }): Promise<boolean> {
  const result = await db
    .updateTable('subscriptions')
    .set({ filter: JSON.stringify(savedSearch(change.filter)), frequency: change.frequency, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Deletes the subscription, and with `everything` every subscription of its address: the address
 * is not kept anywhere afterwards (its pending mails go with it). Returns how many were deleted.
 */
export async function unsubscribe(db: Executor, id: string, everything = false): Promise<number> {
  const result = await db
    .deleteFrom('subscriptions')
    .where((eb) =>
      everything
        ? eb(sql`lower(email)`, '=', eb.selectFrom('subscriptions as own').select(sql<string>`lower(own.email)`.as('email')).where('own.id', '=', id))
        : eb('id', '=', id),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes sign-ups never confirmed within the window; returns how many. */
export async function deleteExpiredSignups(db: Executor): Promise<number> {
  const result = await db
    .deleteFrom('subscriptions')
    .where('confirmed_at', 'is', null)
    .where(sql<boolean>`created_at <= now() - make_interval(hours => ${CONFIRM_HOURS})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function otherSubscriptionsOf(db: Executor, subscription: SubscriptionRow): Promise<number> {
  const { n } = await db
    .selectFrom('subscriptions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(sql<boolean>`lower(email) = lower(${subscription.email})`)
    .where('id', '<>', subscription.id)
    .executeTakeFirstOrThrow();
  return n;
}

/** The saved search that follows one tender: what a firm's interest subscribes its contact to. */
export const oneTenderSearch = (tenderId: string) => JSON.stringify(savedSearch({ id: [tenderId], page: 1 }));

/**
 * Makes a firm's contact person follow one tender by instant alert, confirmed at once: the contact
 * proved the address by signing in with the link mailed to it. Nothing is added when the address
 * already follows that tender (by its own sign-up or an earlier interest). Runs in the caller's
 * transaction, beside the interest it belongs to.
 */
export async function followTender(trx: Executor, input: { contactId: string; email: string; lang: Lang; tenderId: string }): Promise<void> {
  const search = oneTenderSearch(input.tenderId);
  const email = normalizeEmail(input.email);
  const existing = await trx
    .selectFrom('subscriptions')
    .select('id')
    .where(sql<boolean>`lower(email) = ${email}`)
    .where(sql<boolean>`filter = ${search}::jsonb`)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (existing) return;
  await trx
    .insertInto('subscriptions')
    .values({ email, filter: search, frequency: 'instant', lang: input.lang, confirmed_at: sql<Date>`now()`, firm_contact_id: input.contactId })
    .execute();
}

/** Ends what followTender began for these contacts (a firm withdrawing its interest); returns how many went. */
export async function unfollowTender(trx: Executor, contactIds: readonly string[], tenderId: string): Promise<number> {
  if (contactIds.length === 0) return 0;
  const result = await trx
    .deleteFrom('subscriptions')
    .where('firm_contact_id', 'in', [...contactIds])
    .where(sql<boolean>`filter = ${oneTenderSearch(tenderId)}::jsonb`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
