import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedTrades } from './firms/seed.js';
import { seedReferenceData } from './rules/seed.js';
import { installJobQueue } from './subscriptions/queue.js';

/**
 * Opens the configured database and brings its schema (ours and the job queue's) up to date.
 * On PGlite the portal owns DATA_DIR and serves it to the tools (`serveTools`); a tool works through
 * a running portal (`whenOwned: 'through-owner'`), else owns the folder itself while it runs.
 */
export async function openMigratedDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  embedded: Pick<DatabaseOptions, 'serveTools' | 'whenOwned'> = {},
): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...embedded });
  try {
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db);
    await seedTrades(handle.db);
    await installJobQueue(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
