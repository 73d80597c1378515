import type { Db } from '../db/database.js';
import { knownRequirementCodes } from '../rules/repository.js';
import { clearMissingFlags, flagMissing } from '../tenders/repository.js';
import type { OwnershipConflict } from '../tenders/service.js';
import { DbdSourceError, type DbdSource } from './dbd/index.js';
import { importDbdItems, type ImportWarning, type RejectedItem } from './import.js';
import type { SyncLock } from './lock.js';
import {
  clearResumePoint,
  completeSyncState,
  finishRun,
  readSyncState,
  recordConflicts,
  recordProgress,
  recordRunItems,
  saveResumePoint,
  startRun,
  type RunCounts,
  type RunMode,
} from './repository.js';

export interface SyncLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SyncDeps {
  db: Db;
  source: DbdSource;
  lock: SyncLock;
  log: SyncLogger;
  /** A full run (which reveals tenders DBD dropped) at least this often; incremental runs between. */
  fullSyncEveryMs?: number;
}

export interface PageProgress {
  page: number;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface SyncReport {
  runId: number;
  mode: RunMode;
  counts: RunCounts;
  rejected: RejectedItem[];
  warnings: ImportWarning[];
  conflicts: OwnershipConflict[];
  flaggedIds: string[];
  /** Danish, for officers; null when the run succeeded. */
  error: string | null;
  durationMs: number;
}

export type SyncResult =
  | { outcome: 'skipped' }
  | ({ outcome: 'succeeded' | 'failed' } & SyncReport);

const DAY = 24 * 60 * 60 * 1000;

const zeroCounts = (): RunCounts => ({ pages: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, flagged: 0, conflicts: 0 });

/** Whether a run wrote to tenders: created or updated some, or flagged some as gone from DBD. */
export const changedTenders = (result: SyncResult) =>
  result.outcome !== 'skipped' && result.counts.created + result.counts.updated + result.counts.flagged > 0;

/**
 * One sync run: pages are fetched one at a time and each is committed before the next is asked
 * for. The resume point never moves past a page that was not committed, so a run that fails on
 * page 3 keeps pages 1–2 and the next run picks up at page 3. Only one run at a time, across
 * every instance (the lock).
 */
export async function runSync(deps: SyncDeps, options: { onPage?: (p: PageProgress) => void; full?: boolean } = {}): Promise<SyncResult> {
  const locked = await deps.lock(() => syncHoldingLock(deps, options));
  if (!locked.acquired) {
    deps.log.info({ source: deps.source.key }, 'DBD sync skipped: another run holds the sync lock');
    return { outcome: 'skipped' };
  }
  return locked.result;
}

async function syncHoldingLock(
  { db, source, log, fullSyncEveryMs = DAY }: SyncDeps,
  options: { onPage?: (p: PageProgress) => void; full?: boolean },
): Promise<SyncResult> {
  const started = Date.now();
  const state = await readSyncState(db, source.key);
  const resume = state.resume;
  const fullDue =
    !source.incremental ||
    options.full === true ||
    state.lastCompleteServerTime === null ||
    state.lastFullSyncAt === null ||
    started - state.lastFullSyncAt.getTime() >= fullSyncEveryMs;
  const changedSince = resume ? resume.changedSince : fullDue ? null : state.lastCompleteServerTime;
  const mode: RunMode = changedSince === null ? 'full' : 'incremental';
  let cursor = resume?.cursor ?? null;
  let runServerTime = resume?.serverTime ?? null;

  const runId = await startRun(db, source.key, mode, changedSince);
  const counts = zeroCounts();
  const report = { rejected: [] as RejectedItem[], warnings: [] as ImportWarning[], conflicts: [] as OwnershipConflict[], flaggedIds: [] as string[] };
  const seen = new Set<string>();
  log.info({ runId, source: source.key, mode, changedSince, resumedFrom: cursor }, 'DBD sync started');

  try {
    const known = await knownRequirementCodes(db);
    for (;;) {
      const page = await source.fetchPage({ changedSince, cursor });
      counts.pages++;
      if (counts.pages === 1 && !resume) runServerTime = page.serverTime;

      const result = await importDbdItems(db, page.items, known, counts.created + counts.updated + counts.unchanged + counts.rejected + 1);
      for (const id of result.seenIds) seen.add(id);
      await clearMissingFlags(db, result.seenIds);
      await recordConflicts(db, runId, result.conflicts);
      await recordRunItems(db, runId, [
        ...result.rejected.map((r) => ({ kind: 'rejected' as const, dbdId: r.id, message: r.reason, raw: r.raw })),
        ...result.warnings.map((w) => ({ kind: 'warning' as const, dbdId: w.id, message: w.message })),
      ]);
      counts.created += result.created;
      counts.updated += result.updated;
      counts.unchanged += result.unchanged;
      counts.rejected += result.rejected.length;
      counts.conflicts += result.conflicts.length;
      report.rejected.push(...result.rejected);
      report.warnings.push(...result.warnings);
      report.conflicts.push(...result.conflicts);
      await recordProgress(db, runId, counts);
      options.onPage?.({
        page: counts.pages,
        items: page.items.length,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        rejected: result.rejected.length,
      });

      if (!page.nextCursor) break;
      // The page is committed: from here on, a failure resumes after it.
      cursor = page.nextCursor;
      await saveResumePoint(db, source.key, { cursor, changedSince, serverTime: runServerTime });
    }

    // Only a full export seen from its first page tells which tenders DBD no longer has.
    if (mode === 'full' && !resume) {
      report.flaggedIds = await flagMissing(db, seen);
      counts.flagged = report.flaggedIds.length;
    }
    await completeSyncState(db, source.key, runServerTime, mode === 'full');
    await finishRun(db, runId, 'succeeded', counts, null);
    const durationMs = Date.now() - started;
    log.info({ runId, source: source.key, mode, ...counts, durationMs }, 'DBD sync finished');
    return { outcome: 'succeeded', runId, mode, counts, ...report, error: null, durationMs };
  } catch (error) {
    const message =
      error instanceof DbdSourceError ? error.message : `intern fejl under synkroniseringen (${(error as Error).message ?? error})`;
    if (error instanceof DbdSourceError && error.code === 'http' && resume) {
      // DBD refused the saved cursor (expired, say): the next run starts the pass over.
      await clearResumePoint(db, source.key);
    }
    await finishRun(db, runId, 'failed', counts, message);
    const durationMs = Date.now() - started;
    log.error({ runId, source: source.key, mode, ...counts, durationMs, err: error instanceof DbdSourceError ? undefined : error }, `DBD sync failed: ${message}`);
    return { outcome: 'failed', runId, mode, counts, ...report, error: message, durationMs };
  }
}
