import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedReferenceData } from '../rules/seed.js';
import { installJobQueue } from '../subscriptions/queue.js';
import { runCli } from './run.js';

runCli(async () => {
  const config = loadConfig();
  const handle = await openDatabase({ ...config, whenOwned: 'through-owner' });
  try {
    const { results = [] } = await migrateToLatest(handle.db);
    for (const r of results) console.log(`${r.status === 'Success' ? 'migrated' : r.status}: ${r.migrationName}`);
    if (results.length === 0) console.log('database is up to date');
    await installJobQueue(handle);
    console.log('job queue (pg-boss) is up to date');
    const seeded = await seedReferenceData(handle.db);
    if (seeded.thresholdSets || seeded.requirements) {
      console.log(`seeded ${seeded.thresholdSets} threshold sets, ${seeded.requirements} requirements`);
    }
    return 0;
  } finally {
    await handle.close();
  }
});
