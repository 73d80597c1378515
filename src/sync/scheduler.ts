import cron from 'node-cron';
import type { SyncDeps, SyncResult } from './service.js';
import { runSync } from './service.js';
import { recordSyncRun } from '../observability/counters.js';

export interface SyncScheduler {
  /** Runs one sync now (also what the schedule calls). */
  runNow(): Promise<SyncResult>;
  stop(): Promise<void>;
}

/**
 * Runs the DBD sync on a cron schedule in Copenhagen time, with no overlap inside this process;
 * the sync lock keeps other instances out. `cronExpression` null: no schedule, runNow only.
 * `afterRun` hears of every finished run (the alerts match its events at once; the embedded
 * database is vacuumed), and the run ends when it has; a failure there is logged, not thrown.
 */
export function scheduleSync(deps: SyncDeps, cronExpression: string | null, afterRun?: (result: SyncResult) => void | Promise<void>): SyncScheduler {
  let current: Promise<SyncResult> | null = null;
  const runNow = () => {
    current ??= runSync(deps)
      .then(
        (result) => {
          recordSyncRun(result.outcome);
          return result;
        },
        (error: unknown): SyncResult => {
          deps.log.error({ err: error }, 'DBD sync crashed');
          // Counted as failed (an alert should fire), though afterRun hears of it as nothing done.
          recordSyncRun('failed');
          return { outcome: 'skipped' };
        },
      )
      .then(async (result) => {
        // Part of the run: runNow() resolves once it is done (the first start serves after it).
        try {
          await afterRun?.(result);
        } catch (error) {
          deps.log.warn({ err: error }, 'after the DBD sync: a follow-up step failed');
        }
        return result;
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
