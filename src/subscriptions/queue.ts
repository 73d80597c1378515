import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Executor } from '../db/database.js';

// pg-boss holds the durable work: one job per mail (its id is the message's id, so enqueueing the
// same message twice is a no-op), and the matcher and digest runs. Jobs that belong to rows we
// write are inserted in the same transaction as those rows, so neither exists without the other.

export const queues = {
  send: 'alerts-send',
  match: 'alerts-match',
  daily: 'alerts-digest-daily',
  weekly: 'alerts-digest-weekly',
  cleanup: 'alerts-cleanup',
  /** Mails to firms' contact people (sign-in links, invitations): firms/mail-runtime.ts delivers them. */
  firmMail: 'firm-mail-send',
  /** Mails about questions and market dialogue (confirmation links, seats, .ics): dialogue/mail-runtime.ts delivers them. */
  dialogueMail: 'dialogue-mail-send',
} as const;

export interface SqlRunner {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** pg-boss's SQL inside a Kysely transaction (or on a plain Kysely instance). */
export const within = (db: Executor): SqlRunner => ({
  executeSql: async (text, values) => ({ rows: (await db.executeQuery(CompiledQuery.raw(text, values ?? []))).rows as Array<Record<string, unknown>> }),
});

// An instance used only to insert jobs through a caller's connection; it never opens its own.
const enqueuer = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('jobs are inserted through a transaction')) } });

const CHUNK = 2000;

/** pg-boss jobs waiting to run (created or retrying), counted per queue; queues with none are left out. */
export async function waitingJobsByQueue(db: Executor): Promise<Array<{ name: string; n: number }>> {
  const { rows } = await sql<{ name: string; n: number }>`
      select name, count(*)::int as n from pgboss.job where state in ('created', 'retry') group by name`.execute(db);
  return rows;
}

/** Queues delivery of the given messages with the caller's transaction. */
export async function enqueueMessages(trx: Executor, messageIds: readonly string[]): Promise<void> {
  for (let i = 0; i < messageIds.length; i += CHUNK) {
    const jobs = messageIds.slice(i, i + CHUNK).map((id) => ({ id, name: queues.send, data: { messageId: id } }));
    await enqueuer.insert(jobs, { db: within(trx) });
  }
}

export interface QueueSettings {
  /** First retry of a failed delivery, in seconds; doubled with jitter per attempt. */
  retryDelaySeconds: number;
}

/** Each queue's policy: deliveries retry for a week or more (nothing is lost while SMTP is down). */
export async function configureQueues(boss: PgBoss, settings: QueueSettings): Promise<void> {
  const send = { retryLimit: 14, retryDelay: settings.retryDelaySeconds, retryBackoff: true, expireInSeconds: 300, retentionMinutes: 14 * 24 * 60 };
  await boss.createQueue(queues.send, { name: queues.send, policy: 'standard', ...send });
  await boss.updateQueue(queues.send, { name: queues.send, ...send });
  await boss.createQueue(queues.firmMail, { name: queues.firmMail, policy: 'standard', ...send });
  await boss.updateQueue(queues.firmMail, { name: queues.firmMail, ...send });
  await boss.createQueue(queues.dialogueMail, { name: queues.dialogueMail, policy: 'standard', ...send });
  await boss.updateQueue(queues.dialogueMail, { name: queues.dialogueMail, ...send });
  // 'stately': at most one queued and one running, so triggers while a run is busy fold into one.
  for (const name of [queues.match, queues.daily, queues.weekly, queues.cleanup]) {
    await boss.createQueue(name, { name, policy: 'stately', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 });
  }
}

/**
 * Installs (or upgrades) pg-boss's schema and our queues, so a web request can enqueue a mail in
 * its transaction before any worker has started. Safe to run on every start.
 */
export async function installJobQueue(sql: SqlRunner, settings: QueueSettings = { retryDelaySeconds: 30 }): Promise<void> {
  const boss = new PgBoss({ db: sql, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => {});
  await boss.start();
  try {
    await configureQueues(boss, settings);
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}
