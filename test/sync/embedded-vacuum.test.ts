import t from 'tap';
import { sql } from 'kysely';
import type { Executor } from '../../src/db/database.js';
import { vacuumEmbedded } from '../../src/db/maintenance.js';
import { startDbdSync } from '../../src/sync/runtime.js';
import { importDbdItems } from '../../src/sync/import.js';
import { testConfig, testDatabase } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { dbdItem } from '../helpers/dbd.js';
import { fakeDbd } from '../helpers/fake-dbd.js';
import pino from 'pino';

// PGlite runs PostgreSQL without autovacuum: the portal vacuums the embedded database itself, at
// start and after a sync that changed tenders (issue 18: counts from an index alone need pages
// marked all-visible, which only a VACUUM does).

/** How often tenders was vacuumed, and its pages marked all-visible as of the last VACUUM. */
async function tendersVacuum(db: Executor) {
  const { rows } = await sql<{ vacuums: number; allVisible: number; pages: number }>`
    select s.vacuum_count::int as vacuums, c.relallvisible as "allVisible", c.relpages as pages
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = 'tenders'`.execute(db);
  return rows[0]!;
}

t.test(`vacuumEmbedded: on PGlite a VACUUM of the database; on a PostgreSQL server nothing, autovacuum does it (${testDatabaseKind})`, async (t) => {
  const database = await testDatabase(t);
  const { db } = database;
  await importDbdItems(db, Array.from({ length: 40 }, (_, i) => dbdItem({ id: `V-${i}`, description: 'x'.repeat(400) })));
  await importDbdItems(db, Array.from({ length: 40 }, (_, i) => dbdItem({ id: `V-${i}`, revision: 2, description: 'y'.repeat(400) })));
  const before = await tendersVacuum(db);
  if (database.kind === 'pglite') {
    t.equal(await vacuumEmbedded(database), true, 'it ran');
    const after = await tendersVacuum(db);
    t.equal(after.vacuums, before.vacuums + 1, 'tenders vacuumed once');
    t.ok(after.pages > 0, 'its pages counted for the planner');
    t.equal(after.allVisible, after.pages, 'every page of tenders marked all-visible: counts can come from an index alone');
  } else {
    t.equal(await vacuumEmbedded(database), false, 'nothing run on a server');
  }
});

t.test('the portal’s sync vacuums the embedded database after a run that changed tenders, not after one that changed nothing', async (t) => {
  const database = await testDatabase(t);
  const dbd = await fakeDbd(t, [dbdItem({ id: 'S-1' }), dbdItem({ id: 'S-2' })]);
  const config = testConfig();
  const log = pino({ level: 'silent' });
  const heard: string[] = [];
  const sync = await startDbdSync(
    { ...config, dbd: { ...config.dbd, source: { kind: 'http', url: dbd.url, token: dbd.token }, syncCron: null } },
    database,
    log,
    (result) => void heard.push(result.outcome),
  );
  t.teardown(() => sync.scheduler.stop());
  const vacuums = async () => (await tendersVacuum(database.db)).vacuums;
  const start = await vacuums();

  t.equal((await sync.scheduler.runNow()).outcome, 'succeeded');
  const embedded = database.kind === 'pglite';
  t.equal(await vacuums(), start + (embedded ? 1 : 0), embedded ? 'two new tenders: vacuumed, before the run ended' : 'on a server: left to autovacuum');
  t.equal((await sync.scheduler.runNow()).outcome, 'succeeded');
  t.equal(await vacuums(), start + (embedded ? 1 : 0), 'nothing changed: not vacuumed again');
  dbd.items[0] = dbdItem({ id: 'S-1', revision: 2, title: 'Ny titel', lastModified: new Date().toISOString() });
  t.equal((await sync.scheduler.runNow()).outcome, 'succeeded');
  t.equal(await vacuums(), start + (embedded ? 2 : 0), 'a tender updated: vacuumed');
  t.same(heard, ['succeeded', 'succeeded', 'succeeded'], 'the portal’s own follow-up (the alerts) still hears every run');
});
