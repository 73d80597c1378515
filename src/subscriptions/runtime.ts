import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { buildDigests, deliverMessage } from './delivery.js';
import { createMailTransport, type MailTransport } from './mailer.js';
import { matchPendingEvents } from './matching.js';
import { configureQueues, queues } from './queue.js';
import { deleteExpiredSignups } from './service.js';
import { loadLinkSigner } from './tokens.js';

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

  for (let i = 0; i < (options.senders ?? 2); i++) {
    await boss.work<{ messageId: string }>(queues.send, { ...polling, batchSize: 1 }, async ([job]) => {
      const outcome = await deliverMessage(db, context, transport, job!.data.messageId);
      alertLog.debug({ messageId: job!.data.messageId, outcome }, 'mail delivery');
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
