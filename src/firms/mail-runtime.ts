import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { DatabaseHandle, Db } from '../db/database.js';
import { deliverStoredMail, type DeliveryOutcome } from '../subscriptions/delivery.js';
import { createMailTransport, type MailTransport } from '../subscriptions/mailer.js';
import { configureQueues } from '../subscriptions/queue.js';
import { composeFirmMail, type FirmMailContext } from './compose.js';
import { FIRM_MAIL_QUEUE } from './mail-queue.js';
import { loadFirmSigner } from './signin.js';

// The worker that delivers mails to firms (sign-in links, invitations, draft ratings) from the 'firm-mail-send'
// queue, as the alert workers deliver alerts: a failed send is recorded and thrown, and pg-boss
// retries it with backoff (the queue's policy is the alert mails', set in subscriptions/queue.ts).

export type FirmMailOutcome = DeliveryOutcome;

/** Sends one mail (deliverStoredMail); one whose contact or tender is gone is dropped. */
export async function deliverFirmMail(db: Db, context: FirmMailContext, transport: MailTransport, mailId: string): Promise<FirmMailOutcome> {
  return deliverStoredMail(db, 'firm_mails', mailId, transport, async (mail) => {
    const to = await db
      .selectFrom('firm_contacts as c')
      .innerJoin('firms as f', 'f.id', 'c.firm_id')
      .select(['c.name as contactName', 'c.email', 'c.lang', 'f.name as firmName'])
      .where('c.id', '=', mail.contact_id)
      .executeTakeFirst();
    return to ? composeFirmMail(db, context, mail, to) : null;
  });
}

export interface FirmMailRuntime {
  /** Stops fetching jobs, lets running ones finish, and closes the mail transport. */
  stop(): Promise<void>;
}

export interface FirmMailRuntimeOptions {
  /** Instead of the one SMTP_URL describes (tests). */
  transport?: MailTransport;
  /** How often an idle worker looks for jobs (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
}

/** The firm mail worker of one instance; every instance runs one, and pg-boss hands each job to one. */
export async function startFirmMail(
  config: Config,
  database: Pick<DatabaseHandle, 'db' | 'executeSql'>,
  log: FastifyBaseLogger,
  options: FirmMailRuntimeOptions = {},
): Promise<FirmMailRuntime> {
  const mailLog = log.child({ component: 'firm-mail' });
  const boss = new PgBoss({ db: { executeSql: database.executeSql }, migrate: false, supervise: true, schedule: false });
  boss.on('error', (error) => mailLog.error({ err: error }, 'job queue error'));
  await boss.start();
  // The retry delay is configurable (MAIL_RETRY_DELAY_SECONDS): bring the queues' policy up to it.
  await configureQueues(boss, { retryDelaySeconds: config.mail.retryDelaySeconds });
  const transport = options.transport ?? createMailTransport(config.mail, mailLog);
  const context: FirmMailContext = { publicUrl: config.publicUrl, municipality: config.municipalityName, signer: await loadFirmSigner(database.db) };
  await boss.work<{ mailId: string }>(FIRM_MAIL_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 }, async ([job]) => {
    const outcome = await deliverFirmMail(database.db, context, transport, job!.data.mailId);
    mailLog.debug({ mailId: job!.data.mailId, outcome }, 'firm mail delivery');
  });
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
      transport.close();
    },
  };
}
