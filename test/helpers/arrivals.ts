import { fileSource } from '../../src/sync/dbd/index.js';
import { eventsOf } from '../../src/tenders/events.js';
import { formatDate } from '../../src/wording/format.js';
import { copenhagenDate } from '../../src/domain/period.js';
import type { Lang } from '../../src/i18n/index.js';
import { testApp, type Teardown } from './app.js';
import { dbdExport, dbdItem, writeTempFile } from './dbd.js';
import { completed, syncer } from './sync.js';

// Tenders that reach the portal at DBD's revision 1 (DBD's creation date known) and later (unknown),
// synced from export files as DBD would send them.

export const FIRST = 'ANK-REV1';
export const LATER = 'ANK-REV3';
export const BOTH = 'ANK-BATCH';

const item = (id: string, revision: number, lastModified: string, title: string) => dbdItem({ id, revision, lastModified, title });

export async function arrivalsApp(t: Teardown) {
  const { app, database } = await testApp(t);
  const sync = async (items: unknown[]) => completed(await syncer(database, fileSource(await writeTempFile(dbdExport(items)))).run());
  await sync([item(FIRST, 1, '2026-01-01T08:15:00Z', 'Nyt tag på hallen')]);
  // A change in between, so the front page tells FIRST's arrival on a line of its own.
  await sync([item(FIRST, 2, '2026-02-01T08:15:00Z', 'Nyt tag på sportshallen')]);
  await sync([
    item(LATER, 3, '2026-03-03T10:15:00+01:00', 'Facaderenovering, Rådhuset'),
    // Revision 1 and 3 of one new tender in one export: it was still seen at revision 1.
    item(BOTH, 1, '2026-06-01T22:30:00Z', 'Ny legeplads'),
    item(BOTH, 3, '2026-07-01T08:00:00Z', 'Ny legeplads ved skolen'),
  ]);
  const arrivedOn = async (id: string, lang: Lang = 'da') => {
    const created = (await eventsOf(database.db, id)).find((e) => e.kind === 'created')!;
    return formatDate(copenhagenDate(created.occurredAt), lang);
  };
  return { app, database, arrivedOn };
}
