import cron from 'node-cron';
import type { SyncDeps, SyncResult } from './service.js';
import { runSync } from './service.js';

export interface SyncScheduler {
  /** Runs one sync now (also what the schedule calls). */
  runNow(): Promise<SyncResult>;
  stop(): Promise<void>;
}

/**
 * Runs the DBD sync on a cron schedule in Copenhagen time, with no overlap inside this process;
 * the sync lock keeps other instances out. `cronExpression` null: no schedule, runNow only.
 */
export function scheduleSync(deps: SyncDeps, cronExpression: string | null): SyncScheduler {
  let current: Promise<SyncResult> | null = null;
  const runNow = () => {
    current ??= runSync(deps)
      .catch((error: unknown): SyncResult => {
        deps.log.error({ err: error }, 'DBD sync crashed');
        return { outcome: 'skipped' };
      })
      .finally(() => {
        current = null;
      });
    return current;
  };
  const task = cronExpression
    ? cron.schedule(
        cronExpression,
        async () => {
          await runNow();
        },
        { name: 'dbd-sync', noOverlap: true, timezone: 'Europe/Copenhagen' },
      )
    : null;
  return {
    runNow,
    async stop() {
      await task?.stop();
      await current;
    },
  };
}
