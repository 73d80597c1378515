import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';

/**
 * Autovacuum's work, on the embedded database. PGlite runs PostgreSQL as one session without its
 * background workers, so autovacuum never runs there: the rows an update left behind are not
 * reclaimed, the planner's statistics are not refreshed, and no page is marked all-visible, so a
 * count cannot be answered from an index alone. At 100.000 tenders the list's filtered count read
 * 4.762 tender rows (27 ms on PGlite) and took 1 ms from its index after one VACUUM (930 ms for
 * the whole database; a municipality's few thousand rows take milliseconds). The portal calls this
 * at start and after a sync that changed tenders; the sync command after its run. On a PostgreSQL
 * server autovacuum does this, and nothing happens here. Returns whether it ran.
 */
export async function vacuumEmbedded(handle: Pick<DatabaseHandle, 'kind' | 'db'>): Promise<boolean> {
  if (handle.kind !== 'pglite') return false;
  // ANALYZE holds its sample of rows in memory, and PGlite's heap never gives memory back: with
  // PostgreSQL's default 100 (30.000 rows a table) the portal kept 43 MB more at 100.000 tenders,
  // with 20 (6.000 rows) 12 MB. Statistics of 20 values a column are plenty for these queries.
  await sql`set default_statistics_target = 20`.execute(handle.db);
  try {
    await sql`vacuum (analyze)`.execute(handle.db);
  } finally {
    await sql`reset default_statistics_target`.execute(handle.db);
  }
  return true;
}
