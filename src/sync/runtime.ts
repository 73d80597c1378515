import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { hasAnyTender } from '../tenders/repository.js';
import { createDbdSource } from './dbd/index.js';
import { createSyncLock } from './lock.js';
import { scheduleSync, type SyncScheduler } from './scheduler.js';
import { changedTenders, type SyncResult } from './service.js';
import { vacuumEmbedded } from '../db/maintenance.js';

/**
 * Starts the DBD sync for a running portal: on the schedule, with a first run at start. On the
 * very first start (no tenders yet) from an export file, that first run finishes before the
 * portal starts serving, so a new installation opens with its data.
 */
export async function startDbdSync(
  config: Config,
  database: DatabaseHandle,
  log: FastifyBaseLogger,
  afterRun?: (result: SyncResult) => void,
): Promise<{
  scheduler: SyncScheduler;
  /** Call once the portal listens. */
  afterListen(): void;
}> {
  const syncLog = log.child({ component: 'dbd-sync' });
  const source = createDbdSource(config.dbd, (retry) => syncLog.warn(retry, 'DBD request failed; retrying'));
  const scheduler = scheduleSync({ db: database.db, source, lock: createSyncLock(database), log: syncLog }, config.dbd.syncCron, async (result) => {
    afterRun?.(result);
    if (changedTenders(result)) await vacuumEmbedded(database);
  });
  const firstStart = !(await hasAnyTender(database.db));
  const runAtStart = config.dbd.syncCron !== null || firstStart;
  const beforeListen = runAtStart && firstStart && config.dbd.source.kind === 'file';
  if (beforeListen) await scheduler.runNow();
  return {
    scheduler,
    afterListen() {
      if (runAtStart && !beforeListen) void scheduler.runNow();
    },
  };
}
