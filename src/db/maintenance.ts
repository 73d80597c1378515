import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';

/**
 * Autovacuum's work, on the embedded database. PGlite runs PostgreSQL as one session without its
 * background workers, so autovacuum never runs there: the rows an update left behind are not
 * reclaimed and no page is marked all-visible, so a count cannot be answered from an index alone.
 * At 100.000 tenders the list's filtered count read 4.762 tender rows (27 ms on PGlite) and took
 * 1 ms from its index after one VACUUM (about 0,1-0,9 s for the whole database; a municipality's
 * few thousand rows take milliseconds). The portal calls this at start and after a sync that
 * changed tenders; the sync command after its run. On a PostgreSQL server autovacuum does this,
 * and nothing happens here. Returns whether it ran.
 *
 * No ANALYZE: it holds its sample of rows in memory (30.000 a table), and PGlite's heap never
 * gives memory back: 43 MB more at 100.000 tenders, which the portal would keep. VACUUM sets the
 * tables' sizes, which the planner reads; the plans were as good without column statistics.
 */
export async function vacuumEmbedded(handle: Pick<DatabaseHandle, 'kind' | 'db'>): Promise<boolean> {
  if (handle.kind !== 'pglite') return false;
  await sql`vacuum`.execute(handle.db);
  return true;
}
