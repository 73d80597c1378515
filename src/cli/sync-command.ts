import pino from 'pino';
import type { Config } from '../config.js';
import { openMigratedDatabase } from '../prepare.js';
import type { DbdSource } from '../sync/dbd/index.js';
import { summaryLine } from '../sync/import.js';
import { createSyncLock } from '../sync/lock.js';
import { changedTenders, runSync } from '../sync/service.js';
import { vacuumEmbedded } from '../db/maintenance.js';

/**
 * Runs one sync from `source` and prints what happened: optionally a line per page, then the
 * summary line, then a line per rejected item, warning, conflict and flagged tender.
 * Exit code 0 when the run completed (even with rejected items), 1 when it failed or was skipped.
 */
export async function runSyncCommand(config: Config, source: DbdSource, options: { progress: boolean }): Promise<number> {
  // The run itself is stored in the database; structured logs only when asked for.
  const log = pino({ level: ['debug', 'trace'].includes(config.logLevel) ? config.logLevel : 'silent' }, pino.destination(2));
  const handle = await openMigratedDatabase(config, { whenOwned: 'through-owner' });
  try {
    const result = await runSync(
      { db: handle.db, source, lock: createSyncLock(handle), log },
      {
        ...(options.progress
          ? {
              onPage: (p) =>
                console.log(`side ${p.page}: ${p.items} elementer (created ${p.created}, updated ${p.updated}, unchanged ${p.unchanged}, rejected ${p.rejected})`),
            }
          : {}),
      },
    );
    if (result.outcome === 'skipped') {
      console.error('En anden synkronisering kører allerede; prøv igen om lidt.');
      return 1;
    }
    if (changedTenders(result)) await vacuumEmbedded(handle);
    const { counts } = result;
    if (result.outcome === 'failed' && counts.pages === 0 && result.error) {
      console.error(result.error);
      return 2;
    }
    console.log(summaryLine({ ...counts }));
    for (const r of result.rejected) console.log(`rejected ${r.id}: ${r.reason}`);
    for (const w of result.warnings) console.log(`warning ${w.id}: ${w.message}`);
    for (const c of result.conflicts) {
      console.log(`conflict ${c.tenderId}: DBD melder status ${c.dbdValue}, men portalen har ${c.portalValue} (ikke ændret)`);
    }
    for (const id of result.flaggedIds) console.log(`flagged ${id}: findes ikke længere i DBD's fulde eksport`);
    if (result.outcome === 'failed') {
      console.error(`Synkroniseringen fejlede: ${result.error}`);
      return 1;
    }
    return 0;
  } finally {
    await handle.close();
  }
}
