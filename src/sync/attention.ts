import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';

// What the sync leaves for an officer, for the /admin dashboard: open conflicts, the latest run and
// the items it rejected (the dashboard's lists of tenders are in tenders/lists.ts).

export async function openConflicts(db: Db) {
  return db
    .selectFrom('sync_conflicts as c')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .select(['c.id', 'c.tender_id', 'c.field', 'c.portal_value', 'c.dbd_value', 'c.revision', 'c.detected_at', 't.title'])
    .where('c.resolved_at', 'is', null)
    .orderBy('c.id', 'desc')
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

export async function resolveConflict(db: Executor, id: number, userId: number) {
  return db
    .updateTable('sync_conflicts')
    .set({ resolved_at: sql<Date>`now()`, resolved_by: userId })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}
