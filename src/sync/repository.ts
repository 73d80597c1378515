import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { SyncRunRow } from '../db/types.js';
import type { OwnershipConflict } from '../tenders/service.js';

// All SQL for sync runs, their items, the resume state and ownership conflicts.

export type RunMode = 'full' | 'incremental';
export type RunOutcome = 'running' | 'succeeded' | 'failed';

export interface RunCounts {
  pages: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  flagged: number;
  conflicts: number;
}

export async function startRun(db: Db, source: string, mode: RunMode, changedSince: string | null): Promise<number> {
  // Only one run holds the sync lock, so any other run still marked running was cut off.
  await db
    .updateTable('sync_runs')
    .set({ outcome: 'failed', finished_at: sql<Date>`now()`, error: 'afbrudt: processen stoppede under kørslen' })
    .where('outcome', '=', 'running')
    .execute();
  const { id } = await db
    .insertInto('sync_runs')
    .values({ source, mode, changed_since: changedSince, outcome: 'running' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function recordProgress(db: Db, runId: number, counts: RunCounts) {
  await db.updateTable('sync_runs').set(counts).where('id', '=', runId).execute();
}

export async function finishRun(db: Db, runId: number, outcome: Exclude<RunOutcome, 'running'>, counts: RunCounts, error: string | null) {
  await db
    .updateTable('sync_runs')
    .set({ ...counts, outcome, error, finished_at: sql<Date>`now()` })
    .where('id', '=', runId)
    .execute();
}

export interface RunItem {
  kind: 'rejected' | 'warning';
  dbdId: string | null;
  message: string;
  raw?: unknown;
}

export async function recordRunItems(db: Db, runId: number, items: RunItem[]) {
  if (items.length === 0) return;
  await db
    .insertInto('sync_run_items')
    .values(
      items.map((item) => ({
        run_id: runId,
        kind: item.kind,
        dbd_id: item.dbdId,
        message: item.message,
        raw: item.raw === undefined ? null : JSON.stringify(item.raw),
      })),
    )
    .execute();
}

export async function recordConflicts(db: Db, runId: number, conflicts: OwnershipConflict[]) {
  if (conflicts.length === 0) return;
  await db
    .insertInto('sync_conflicts')
    .values(
      conflicts.map((c) => ({
        tender_id: c.tenderId,
        run_id: runId,
        revision: c.revision,
        field: c.field,
        portal_value: JSON.stringify(c.portalValue),
        dbd_value: JSON.stringify(c.dbdValue),
      })),
    )
    .execute();
}

export interface SyncState {
  lastCompleteServerTime: string | null;
  lastFullSyncAt: Date | null;
  resume: { cursor: string; changedSince: string | null; serverTime: string | null } | null;
}

export async function readSyncState(db: Db, source: string): Promise<SyncState> {
  const row = await db.selectFrom('sync_state').selectAll().where('source', '=', source).executeTakeFirst();
  return {
    lastCompleteServerTime: row?.last_complete_server_time ?? null,
    lastFullSyncAt: row?.last_full_sync_at ?? null,
    resume: row?.resume_cursor
      ? { cursor: row.resume_cursor, changedSince: row.resume_changed_since, serverTime: row.resume_server_time }
      : null,
  };
}

async function upsertSyncState(db: Db, source: string, values: Record<string, unknown>) {
  await db
    .insertInto('sync_state')
    .values({ source, ...values })
    .onConflict((oc) => oc.column('source').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}

/** After a page is committed: a later run resumes from the page after it, never past it. */
export async function saveResumePoint(db: Db, source: string, point: { cursor: string; changedSince: string | null; serverTime: string | null }) {
  await upsertSyncState(db, source, {
    resume_cursor: point.cursor,
    resume_changed_since: point.changedSince,
    resume_server_time: point.serverTime,
  });
}

/** Forgets an interrupted run's cursor: the next run starts its pass over. */
export async function clearResumePoint(db: Db, source: string) {
  await upsertSyncState(db, source, { resume_cursor: null, resume_changed_since: null, resume_server_time: null });
}

/** After the last page: the next run asks for changes since this run's server time. */
export async function completeSyncState(db: Db, source: string, serverTime: string | null, full: boolean) {
  await upsertSyncState(db, source, {
    last_complete_server_time: serverTime,
    resume_cursor: null,
    resume_changed_since: null,
    resume_server_time: null,
    ...(full ? { last_full_sync_at: sql<Date>`now()` } : {}),
  });
}

export async function latestRuns(db: Db, limit: number): Promise<SyncRunRow[]> {
  return db.selectFrom('sync_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function lastSuccessfulSync(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('sync_runs')
    .select('finished_at')
    .where('outcome', '=', 'succeeded')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.finished_at ?? null;
}

export async function runItems(db: Db, runId: number) {
  return db.selectFrom('sync_run_items').selectAll().where('run_id', '=', runId).orderBy('id').execute();
}
