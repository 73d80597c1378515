import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedTrades } from '../../src/firms/seed.js';
import { seedReferenceData } from '../../src/rules/seed.js';
import { installJobQueue } from '../../src/subscriptions/queue.js';

// Every test gets a database of its own: on PostgreSQL (TEST_DATABASE_URL) a freshly created
// database, on PGlite an in-memory copy of a migrated and seeded template (migrating costs seconds,
// copying a dump well under one).

export const testDatabaseKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

let pgliteTemplate: Promise<Blob> | undefined;

/** A migrated and seeded PGlite, dumped once per test process. */
function pgliteTemplateDump(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const handle = await openDatabase({ dataDir: 'memory' });
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db);
    await seedTrades(handle.db);
    await installJobQueue(handle);
    const dump = await handle.dumpDataDir!();
    await handle.close();
    return dump;
  })();
  return pgliteTemplate;
}

export interface TestDatabase extends DatabaseHandle {
  /** postgres:// URL of the database when on a server (for CLI tests); undefined on PGlite. */
  url: string | undefined;
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDatabase(options: { migrate?: boolean; seed?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const seed = migrate && (options.seed ?? true);
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `udbud_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = withDatabase(serverUrl, name);
    // The database is dropped with (force) at the end: its last connections may be cut mid-close.
    const handle = await openDatabase({ databaseUrl: url, onIdleConnectionError: () => {} });
    if (migrate) await migrateToLatest(handle.db);
    if (seed) await seedReferenceData(handle.db);
    if (seed) await seedTrades(handle.db);
    if (seed) await installJobQueue(handle);
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  if (!seed) {
    const handle = await openDatabase({ dataDir: 'memory' });
    if (migrate) await migrateToLatest(handle.db);
    return { ...handle, url: undefined };
  }
  const handle = await openDatabase({ dataDir: 'memory', loadDataDir: await pgliteTemplateDump() });
  return { ...handle, url: undefined };
}
