import type { TestDatabase } from './database.js';
import type { DbdSource } from '../../src/sync/dbd/index.js';
import { createSyncLock, type SyncLock } from '../../src/sync/lock.js';
import { runSync, type SyncLogger, type SyncResult } from '../../src/sync/service.js';

/** A logger that keeps what it was told, so tests can read the lines. */
export function memoryLogger(): SyncLogger & { lines: Array<{ level: string; msg: string | undefined; obj: object }> } {
  const lines: Array<{ level: string; msg: string | undefined; obj: object }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, msg, obj });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Syncer {
  run(options?: { full?: boolean }): Promise<SyncResult>;
  log: ReturnType<typeof memoryLogger>;
}

/** A sync against one database and source, as one app instance would run it. */
export function syncer(database: TestDatabase, source: DbdSource, lock: SyncLock = createSyncLock(database)): Syncer {
  const log = memoryLogger();
  return { log, run: (options = {}) => runSync({ db: database.db, source, lock, log }, options) };
}

/** Narrows a result to a completed run, failing loudly otherwise. */
export function completed(result: SyncResult) {
  if (result.outcome === 'skipped') throw new Error('the sync was skipped');
  return result;
}
