import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Frequency } from '../db/types.js';
import { copenhagenDate } from '../domain/period.js';
import { composeMail, messageEvents, type MailContext } from './compose.js';
import type { MailTransport } from './mailer.js';
import { createMessages } from './matching.js';
import { enqueueMessages } from './queue.js';
import { recordMail } from '../observability/counters.js';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'gone';

/**
 * Sends one message. A message already sent is not sent again (a retried or duplicated job), and
 * one whose subscriber unsubscribed is gone. A transport failure is recorded and thrown, so the
 * queue retries with backoff.
 */
export async function deliverMessage(db: Db, context: MailContext, transport: MailTransport, messageId: string): Promise<DeliveryOutcome> {
  const message = await db
    .updateTable('alert_messages')
    .set({ attempts: sql`attempts + 1` })
    .where('id', '=', messageId)
    .returningAll()
    .executeTakeFirst();
  if (!message) return 'gone';
  if (message.sent_at) return 'already-sent';
  const subscription = await db.selectFrom('subscriptions').selectAll().where('id', '=', message.subscription_id).executeTakeFirst();
  if (!subscription) return 'gone';
  const tenders = message.kind === 'confirm' || message.kind === 'already_subscribed' ? [] : await messageEvents(db, message.id);
  const mail = composeMail(context, message, subscription, tenders);
  try {
    await transport.send(mail);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.updateTable('alert_messages').set({ last_error: reason.slice(0, 500) }).where('id', '=', messageId).execute();
    recordMail(message.kind, 'failed');
    throw error;
  }
  recordMail(message.kind, 'sent');
  await db.updateTable('alert_messages').set({ sent_at: sql`now()`, last_error: null }).where('id', '=', messageId).execute();
  return 'sent';
}

/**
 * The period a digest covers, named by its Copenhagen date: the day, or the Monday of the week.
 * It makes the idempotency key, so a second run in the same period sends nothing new.
 */
export function digestPeriod(frequency: Exclude<Frequency, 'instant'>, now: Date): string {
  const today = copenhagenDate(now);
  if (frequency === 'daily') return today;
  const date = new Date(`${today}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - sinceMonday);
  return date.toISOString().slice(0, 10);
}

/** Gathers every waiting item of daily (or weekly) subscribers into one message each, and queues them. */
export async function buildDigests(db: Db, frequency: Exclude<Frequency, 'instant'>, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ids = await createMessages(trx, frequency, digestPeriod(frequency, now));
    await enqueueMessages(trx, ids);
    return ids.length;
  });
}
