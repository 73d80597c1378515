import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { buildDigests, deliverMessages } from './delivery.js';
import { createMailTransport, type MailTransport } from './mailer.js';
import { matchPendingEvents } from './matching.js';
import { configureQueues, queues } from './queue.js';
import { deleteExpiredSignups } from './service.js';
import { loadLinkSigner } from './tokens.js';

/** Mails a sender takes at a time: their events are read in one go (a digest morning's thousands of mails). */
export const SEND_BATCH = 10;

export interface AlertRuntime {
  /** Asks for the new events to be matched now (also done every minute). */
  matchSoon(): Promise<void>;
  /** Stops fetching jobs, lets running ones finish, and closes the mail transport. */
  stop(): Promise<void>;
}

export interface AlertRuntimeOptions {
  /** Instead of the one SMTP_URL describes (tests). */
  transport?: MailTransport;
  /** How often an idle worker looks for jobs (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Workers sending mail at the same time in this instance. */
  senders?: number;
  /** Mails a sender takes from the queue at a time (SEND_BATCH). */
  sendBatch?: number;
}

/**
 * The e-mail alert workers of one instance: matching, digests at 07:00 Copenhagen time (daily)
 * and Monday 07:00 (weekly), delivery, and removal of expired sign-ups. Every instance runs them;
 * pg-boss hands each job to one of them.
 */
export async function startAlerts(
  config: Config,
  database: Pick<DatabaseHandle, 'db' | 'executeSql'>,
  log: FastifyBaseLogger,
  options: AlertRuntimeOptions = {},
): Promise<AlertRuntime> {
  const alertLog = log.child({ component: 'alerts' });
  const { db } = database;
  const boss = new PgBoss({ db: { executeSql: database.executeSql }, migrate: true, supervise: true, schedule: true });
  boss.on('error', (error) => alertLog.error({ err: error }, 'job queue error'));
  await boss.start();
  await configureQueues(boss, { retryDelaySeconds: config.mail.retryDelaySeconds });

  const transport = options.transport ?? createMailTransport(config.mail, alertLog);
  const context = { publicUrl: config.publicUrl, municipality: config.municipalityName, signer: await loadLinkSigner(db) };
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  // Each sender takes up to SEND_BATCH jobs at a time and reads their events together; a mail that
  // fails is failed alone (retried with backoff), the batch's others complete as sent.
  for (let i = 0; i < (options.senders ?? 2); i++) {
    await boss.work<{ messageId: string }>(queues.send, { ...polling, batchSize: options.sendBatch ?? SEND_BATCH }, async (jobs) => {
      const outcomes = await deliverMessages(db, context, transport, jobs.map((job) => job.data.messageId));
      for (const [index, result] of outcomes.entries()) {
        if ('error' in result) await boss.fail(queues.send, jobs[index]!.id, result.error instanceof Error ? result.error : { value: String(result.error) });
        else alertLog.debug({ messageId: result.id, outcome: result.outcome }, 'mail delivery');
      }
    });
  }
  await boss.work(queues.match, polling, async () => {
    const result = await matchPendingEvents(db);
    if (result.items) alertLog.info(result, 'events matched against subscriptions');
  });
  await boss.work(queues.daily, polling, async () => {
    alertLog.info({ messages: await buildDigests(db, 'daily') }, 'daily digests queued');
  });
  await boss.work(queues.weekly, polling, async () => {
    alertLog.info({ messages: await buildDigests(db, 'weekly') }, 'weekly digests queued');
  });
  await boss.work(queues.cleanup, polling, async () => {
    const deleted = await deleteExpiredSignups(db);
    if (deleted) alertLog.info({ deleted }, 'expired sign-ups deleted');
  });

  const tz = { tz: 'Europe/Copenhagen' };
  await boss.schedule(queues.match, '* * * * *', {}, tz);
  await boss.schedule(queues.daily, '0 7 * * *', {}, tz);
  await boss.schedule(queues.weekly, '0 7 * * 1', {}, tz);
  await boss.schedule(queues.cleanup, '17 * * * *', {}, tz);

  return {
    async matchSoon() {
      await boss.send(queues.match, {});
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
      transport.close();
    },
  };
}
