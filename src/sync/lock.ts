import path from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.js';
import { claimLockFile } from '../db/ownership.js';

/** Any fixed number: the key of the PostgreSQL advisory lock that lets one sync run at a time. */
const SYNC_LOCK_KEY = 4_600_259;

export type SyncLock = <T>(work: () => Promise<T>) => Promise<{ acquired: true; result: T } | { acquired: false }>;

/**
 * Exactly one sync at a time across every app instance on one PostgreSQL: a session advisory lock
 * held on a connection of its own for the whole run. PGlite is one embedded session in one process,
 * so there an in-process flag does the same job.
 */
export function createSyncLock(handle: Pick<DatabaseHandle, 'db' | 'kind' | 'embeddedDir'>): SyncLock {
  let running = false;
  return async (work) => {
    if (running) return { acquired: false };
    running = true;
    try {
      // An embedded database in a folder is shared with `npm run sync` through the portal's socket,
      // one session for both: a lock file in the folder says who syncs (a crashed holder's is taken over).
      if (handle.embeddedDir) {
        const claim = await claimLockFile(path.join(handle.embeddedDir, 'sync.lock'));
        if (!claim.claimed) return { acquired: false };
        try {
          return { acquired: true, result: await work() };
        } finally {
          await claim.lock.release();
        }
      }
      if (handle.kind === 'pglite') return { acquired: true, result: await work() };
      return await handle.db.connection().execute(async (connection) => {
        const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${SYNC_LOCK_KEY}) as locked`.execute(connection);
        if (!rows[0]?.locked) return { acquired: false as const };
        try {
          return { acquired: true as const, result: await work() };
        } finally {
          await sql`select pg_advisory_unlock(${SYNC_LOCK_KEY})`.execute(connection);
        }
      });
    } finally {
      running = false;
    }
  };
}
