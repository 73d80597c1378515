import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

export interface AlertHealth {
  subscriptions: { instant: number; daily: number; weekly: number; pending: number };
  waiting: number;
  sentLastDay: number;
  failing: Array<{ kind: string; attempts: number; error: string; since: Date }>;
}

/** How the e-mail alerts are doing, for the back office (no addresses: officers need none). */
export async function alertHealth(db: Executor): Promise<AlertHealth> {
  const counts = await db
    .selectFrom('subscriptions')
    .select([
      sql<number>`count(*) filter (where confirmed_at is not null and frequency = 'instant')::int`.as('instant'),
      sql<number>`count(*) filter (where confirmed_at is not null and frequency = 'daily')::int`.as('daily'),
      sql<number>`count(*) filter (where confirmed_at is not null and frequency = 'weekly')::int`.as('weekly'),
      sql<number>`count(*) filter (where confirmed_at is null)::int`.as('pending'),
    ])
    .executeTakeFirstOrThrow();
  const messages = await db
    .selectFrom('alert_messages')
    .select([
      sql<number>`count(*) filter (where sent_at is null)::int`.as('waiting'),
      sql<number>`count(*) filter (where sent_at > now() - interval '1 day')::int`.as('sentLastDay'),
    ])
    .executeTakeFirstOrThrow();
  const failing = await db
    .selectFrom('alert_messages')
    .select(['kind', 'attempts', 'last_error', 'created_at'])
    .where('sent_at', 'is', null)
    .where('last_error', 'is not', null)
    .orderBy('created_at')
    .limit(10)
    .execute();
  return {
    subscriptions: counts,
    waiting: messages.waiting,
    sentLastDay: messages.sentLastDay,
    failing: failing.map((m) => ({ kind: m.kind, attempts: m.attempts, error: m.last_error ?? '', since: m.created_at })),
  };
}

/** Alert messages not yet sent: waiting for delivery or retrying. */
export async function unsentMessageCount(db: Executor): Promise<number> {
  const row = await db.selectFrom('alert_messages').select(sql<number>`count(*)::int`.as('n')).where('sent_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}

/** Subscriptions by state (pending: awaiting the confirmation link). */
export async function subscriptionsByState(db: Executor): Promise<{ pending: number; confirmed: number }> {
  return db
    .selectFrom('subscriptions')
    .select([
      sql<number>`count(*) filter (where confirmed_at is null)::int`.as('pending'),
      sql<number>`count(*) filter (where confirmed_at is not null)::int`.as('confirmed'),
    ])
    .executeTakeFirstOrThrow();
}
