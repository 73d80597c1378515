import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedReferenceData } from './rules/seed.js';
import { installJobQueue } from './subscriptions/queue.js';

/** Opens the configured database and brings its schema (ours and the job queue's) up to date. */
export async function openMigratedDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<DatabaseHandle> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    await seedReferenceData(handle.db);
    await installJobQueue(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
