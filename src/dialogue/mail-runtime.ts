import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { DatabaseHandle, Db } from '../db/database.js';
import type { Lang } from '../i18n/index.js';
import { deliverStoredMail, type DeliveryOutcome } from '../subscriptions/delivery.js';
import { createMailTransport, type MailTransport } from '../subscriptions/mailer.js';
import { configureQueues } from '../subscriptions/queue.js';
import { composeDialogueMail, type DialogueMailContext } from './compose.js';
import { GUEST_LINK_HOURS, loadGuestSigner } from './guests.js';
import { addressOf } from './ics.js';
import { DIALOGUE_MAIL_QUEUE, queueDialogueMail } from './mail-queue.js';

// The worker that delivers the mails about questions and market dialogue from the
// 'dialogue-mail-send' queue, as firms/mail-runtime.ts delivers the firms' mails (a failed send is
// recorded and thrown, and pg-boss retries it with backoff), plus two periodic jobs: the reminders
// the day before a meeting or talk, and the removal of guests who never confirmed, with what
// they sent.

export const DIALOGUE_REMINDER_QUEUE = 'dialogue-reminders';
export const DIALOGUE_CLEANUP_QUEUE = 'dialogue-cleanup';

/** A reminder goes out this many hours before the start (the job runs every quarter of an hour). */
export const REMINDER_HOURS = 24;

export type DialogueMailOutcome = DeliveryOutcome;

/** Sends one mail (deliverStoredMail); one whose recipient or subject is gone (or no longer true) is dropped. */
export async function deliverDialogueMail(db: Db, context: DialogueMailContext, transport: MailTransport, mailId: string): Promise<DialogueMailOutcome> {
  return deliverStoredMail(db, 'dialogue_mails', mailId, transport, async (mail) => {
    const to = await recipientOf(db, mail);
    return to ? composeDialogueMail(db, context, mail, to) : null;
  });
}

async function recipientOf(db: Db, mail: { contact_id: string | null; guest_id: string | null }) {
  if (mail.contact_id) {
    const contact = await db
      .selectFrom('firm_contacts as c')
      .innerJoin('firms as f', 'f.id', 'c.firm_id')
      .select(['c.name', 'c.email', 'c.lang', 'f.name as firmName'])
      .where('c.id', '=', mail.contact_id)
      .executeTakeFirst();
    return contact ? { name: contact.name, email: contact.email, lang: contact.lang as Lang, firmName: contact.firmName, guest: false } : null;
  }
  if (mail.guest_id) {
    const guest = await db.selectFrom('dialogue_guests').select(['email', 'firm_name', 'lang']).where('id', '=', mail.guest_id).executeTakeFirst();
    return guest ? { name: guest.firm_name, email: guest.email, lang: guest.lang, firmName: guest.firm_name, guest: true } : null;
  }
  return null;
}

/**
 * Queues the reminder of every confirmed sign-up whose meeting (or slot) starts within the next
 * REMINDER_HOURS and that has had none, marking it reminded in the same transaction. Rows another
 * run holds are skipped (SKIP LOCKED), so two instances running at once remind each sign-up once.
 * Returns the number of reminders queued.
 */
export async function queueReminders(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: number; contact_id: string | null; guest_id: string | null }>`
      with due as (
        select s.id
          from dialogue_signups s
          join dialogue_activities a on a.id = s.activity_id
          left join dialogue_slots sl on sl.id = s.slot_id
         where s.status = 'confirmed'
           and s.reminded_at is null
           and a.status = 'announced'
           and coalesce(sl.starts_at, a.starts_at) > now()
           and coalesce(sl.starts_at, a.starts_at) <= now() + make_interval(hours => ${REMINDER_HOURS})
         order by s.id
           for update of s skip locked
      )
      update dialogue_signups s set reminded_at = now()
        from due
       where s.id = due.id
         and s.reminded_at is null
      returning s.id, s.contact_id, s.guest_id`.execute(trx);
    for (const row of rows) {
      const to = row.contact_id ? { contactId: row.contact_id } : row.guest_id ? { guestId: row.guest_id } : null;
      if (to) await queueDialogueMail(trx, to, 'reminder', { signupId: row.id });
    }
    return rows.length;
  });
}

/**
 * Deletes the guests who did not confirm within GUEST_LINK_HOURS, with what they sent: their
 * questions (which would otherwise only lose the link to them), sign-ups, comments and mails.
 * Returns the number of guests deleted.
 */
export async function deleteUnconfirmedGuests(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const expired = trx
      .selectFrom('dialogue_guests')
      .select('id')
      .where('confirmed_at', 'is', null)
      .where(sql<boolean>`created_at < now() - make_interval(hours => ${GUEST_LINK_HOURS})`);
    await trx.deleteFrom('questions').where('guest_id', 'in', expired).where('status', '<>', 'published').execute();
    // Sign-ups, comments and mails go with the guest (on delete cascade).
    const deleted = await trx.deleteFrom('dialogue_guests').where('id', 'in', expired).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  });
}

export interface DialogueMailRuntime {
  /** Stops fetching jobs, lets running ones finish, and closes the mail transport. */
  stop(): Promise<void>;
}

export interface DialogueMailRuntimeOptions {
  /** Instead of the one SMTP_URL describes (tests). */
  transport?: MailTransport;
  /** How often an idle worker looks for jobs (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
}

/** The dialogue mail worker of one instance, with the reminder and cleanup jobs; pg-boss hands each job to one instance. */
export async function startDialogueMail(
  config: Config,
  database: Pick<DatabaseHandle, 'db' | 'executeSql'>,
  log: FastifyBaseLogger,
  options: DialogueMailRuntimeOptions = {},
): Promise<DialogueMailRuntime> {
  const mailLog = log.child({ component: 'dialogue-mail' });
  const { db } = database;
  const boss = new PgBoss({ db: { executeSql: database.executeSql }, migrate: false, supervise: true, schedule: true });
  boss.on('error', (error) => mailLog.error({ err: error }, 'job queue error'));
  await boss.start();
  await configureQueues(boss, { retryDelaySeconds: config.mail.retryDelaySeconds });
  // 'stately': at most one queued and one running, so a run still busy folds the next trigger in.
  for (const name of [DIALOGUE_REMINDER_QUEUE, DIALOGUE_CLEANUP_QUEUE]) {
    await boss.createQueue(name, { name, policy: 'stately', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 });
  }
  const transport = options.transport ?? createMailTransport(config.mail, mailLog);
  const context: DialogueMailContext = {
    publicUrl: config.publicUrl,
    municipality: config.municipalityName,
    organizerEmail: addressOf(config.mail.from),
    signer: await loadGuestSigner(db),
  };
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await boss.work<{ mailId: string }>(DIALOGUE_MAIL_QUEUE, { ...polling, batchSize: 1 }, async ([job]) => {
    const outcome = await deliverDialogueMail(db, context, transport, job!.data.mailId);
    mailLog.debug({ mailId: job!.data.mailId, outcome }, 'dialogue mail delivery');
  });
  await boss.work(DIALOGUE_REMINDER_QUEUE, polling, async () => {
    const queued = await queueReminders(db);
    if (queued) mailLog.info({ queued }, 'dialogue reminders queued');
  });
  await boss.work(DIALOGUE_CLEANUP_QUEUE, polling, async () => {
    const deleted = await deleteUnconfirmedGuests(db);
    if (deleted) mailLog.info({ deleted }, 'unconfirmed dialogue guests deleted');
  });
  const tz = { tz: 'Europe/Copenhagen' };
  await boss.schedule(DIALOGUE_REMINDER_QUEUE, '*/15 * * * *', {}, tz);
  await boss.schedule(DIALOGUE_CLEANUP_QUEUE, '29 * * * *', {}, tz);
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
      transport.close();
    },
  };
}
