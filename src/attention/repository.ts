import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';

// What needs an officer's attention, for the /admin dashboard.

export async function openConflicts(db: Db) {
  return db
    .selectFrom('sync_conflicts as c')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .select(['c.id', 'c.tender_id', 'c.field', 'c.portal_value', 'c.dbd_value', 'c.revision', 'c.detected_at', 't.title'])
    .where('c.resolved_at', 'is', null)
    .orderBy('c.id', 'desc')
    .execute();
}

export async function flaggedTenders(db: Db) {
  return db
    .selectFrom('tenders')
    .select(['id', 'title', 'missing_from_dbd_at'])
    .where('missing_from_dbd_at', 'is not', null)
    .orderBy('missing_from_dbd_at', 'desc')
    .execute();
}

/** Items the latest finished run rejected. */
export async function latestRejections(db: Db) {
  const run = await db
    .selectFrom('sync_runs')
    .select(['id', 'finished_at'])
    .where('outcome', '!=', 'running')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!run) return [];
  return db
    .selectFrom('sync_run_items')
    .select(['dbd_id', 'message'])
    .where('run_id', '=', run.id)
    .where('kind', '=', 'rejected')
    .orderBy('id')
    .execute();
}

export async function latestRun(db: Db) {
  return db.selectFrom('sync_runs').selectAll().where('outcome', '!=', 'running').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Published or in evaluation, deadline passed, and no decision yet. */
export async function deadlinePassedWithoutDecision(db: Db, now: Date) {
  return db
    .selectFrom('tenders as t')
    .select(['t.id', 't.title', 't.tender_deadline', 't.status'])
    .where('t.status', 'in', ['published', 'evaluation'])
    .where('t.tender_deadline', '<', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('decisions as d').select('d.id').whereRef('d.tender_id', '=', 't.id'))))
    .orderBy('t.tender_deadline')
    .execute();
}

/** Awarded tenders whose standstill period has not ended (on or after `today`, 'YYYY-MM-DD'). */
export async function runningStandstills(db: Db, today: string) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('tenders as t', 't.id', 'd.tender_id')
    .select(['t.id', 't.title', 'd.standstill_ends_on'])
    .where('t.status', '=', 'awarded')
    .where('d.standstill_ends_on', '>=', today)
    .orderBy('d.standstill_ends_on')
    .execute();
}

export async function upcomingDeadlines(db: Db, now: Date, days: number) {
  return db
    .selectFrom('tenders')
    .select(['id', 'title', 'tender_deadline'])
    .where('status', '=', 'published')
    .where('tender_deadline', '>=', now)
    .where('tender_deadline', '<', sql<Date>`${now}::timestamptz + make_interval(days => ${days})`)
    .orderBy('tender_deadline')
    .execute();
}

export async function resolveConflict(db: Executor, id: number, userId: number) {
  return db
    .updateTable('sync_conflicts')
    .set({ resolved_at: sql<Date>`now()`, resolved_by: userId })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}
