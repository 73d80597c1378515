import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, Frequency } from '../db/types.js';
import { copenhagenDate } from '../domain/period.js';
import { composeMail, messageEvents, messagesEvents, type AlertTender, type MailContext } from './compose.js';
import type { MailTransport, OutgoingMail } from './mailer.js';
import { createMessages } from './matching.js';
import { enqueueMessages } from './queue.js';
import { recordMail } from '../observability/counters.js';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'gone';

/** The tables that hold a mail per row with its delivery state (attempts, last_error, sent_at). */
export type StoredMailTable = 'alert_messages' | 'firm_mails' | 'dialogue_mails';

/**
 * Delivers the mail stored in one row of `table`, the one delivery rule of every mail the portal
 * queues (alerts, firms' mails, dialogue mails): the attempt is counted; a mail already sent is not
 * sent again (a retried or duplicated job); `compose` answers null when what the mail is for is
 * gone (an unsubscribed subscriber, a deleted contact, a seat given up), and the mail is dropped; a
 * transport failure is recorded on the row and thrown, so the queue retries with backoff.
 * `record` hears of each send and failure (the metrics).
 */
export async function deliverStoredMail<T extends StoredMailTable>(
  db: Db,
  table: T,
  id: string,
  transport: MailTransport,
  compose: (row: Selectable<Database[T]>) => Promise<OutgoingMail | null>,
  record?: (row: Selectable<Database[T]>, result: 'sent' | 'failed') => void,
): Promise<DeliveryOutcome> {
  const { rows } = await sql<Selectable<Database[T]>>`update ${sql.table(table)} set attempts = attempts + 1 where id = ${id} returning *`.execute(db);
  const row = rows[0];
  if (!row) return 'gone';
  if ((row as { sent_at: Date | null }).sent_at) return 'already-sent';
  const mail = await compose(row);
  if (!mail) return 'gone';
  try {
    await transport.send(mail);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await sql`update ${sql.table(table)} set last_error = ${reason.slice(0, 500)} where id = ${id}`.execute(db);
    record?.(row, 'failed');
    throw error;
  }
  record?.(row, 'sent');
  await sql`update ${sql.table(table)} set sent_at = now(), last_error = null where id = ${id}`.execute(db);
  return 'sent';
}

/**
 * Sends one alert message (deliverStoredMail); one whose subscriber unsubscribed is gone. `events`:
 * the message's events if already read (messagesEvents, for a batch), else they are read here.
 */
export async function deliverMessage(
  db: Db,
  context: MailContext,
  transport: MailTransport,
  messageId: string,
  events?: ReadonlyMap<string, AlertTender[]>,
): Promise<DeliveryOutcome> {
  return deliverStoredMail(
    db,
    'alert_messages',
    messageId,
    transport,
    async (message) => {
      const subscription = await db.selectFrom('subscriptions').selectAll().where('id', '=', message.subscription_id).executeTakeFirst();
      if (!subscription) return null;
      const tenders =
        message.kind === 'confirm' || message.kind === 'already_subscribed' ? [] : events ? (events.get(message.id) ?? []) : await messageEvents(db, message.id);
      return composeMail(context, message, subscription, tenders);
    },
    (message, result) => recordMail(message.kind, result),
  );
}

export type BatchOutcome = { id: string; outcome: DeliveryOutcome } | { id: string; error: unknown };

/**
 * Sends a batch of alert messages (a send worker's jobs), one after the other, each as
 * deliverMessage does, with the events of all of them read at once. A message that fails does not
 * stop the others; its error is in its outcome. Once `budgetMs` has passed no further message is
 * started: those are answered with an error too, to be retried, so a slow mail server cannot keep
 * a batch past its jobs' expiry.
 */
export async function deliverMessages(
  db: Db,
  context: MailContext,
  transport: MailTransport,
  messageIds: readonly string[],
  budgetMs = 60_000,
): Promise<BatchOutcome[]> {
  const started = Date.now();
  const events = await messagesEvents(db, messageIds);
  const outcomes: BatchOutcome[] = [];
  for (const id of messageIds) {
    if (Date.now() - started > budgetMs) {
      outcomes.push({ id, error: new Error('not tried: the batch ran out of time') });
      continue;
    }
    try {
      outcomes.push({ id, outcome: await deliverMessage(db, context, transport, id, events) });
    } catch (error) {
      outcomes.push({ id, error });
    }
  }
  return outcomes;
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
