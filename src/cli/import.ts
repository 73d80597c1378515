import { loadConfig } from '../config.js';
import { openMigratedDatabase } from '../db/prepare.js';
import { importDbdExportFile, summaryLine } from '../sync/import.js';
import { runCli } from './run.js';

runCli(async () => {
  const file = process.argv[2];
  if (!file) {
    console.error('Brug: npm run import -- FIL (en DBD-eksportfil i JSON)');
    return 2;
  }
  const config = loadConfig();
  const handle = await openMigratedDatabase(config);
  try {
    const summary = await importDbdExportFile(handle.db, file);
    console.log(summaryLine(summary));
    for (const r of summary.rejected) console.log(`rejected ${r.id}: ${r.reason}`);
    for (const w of summary.warnings) console.log(`warning ${w.id}: ${w.message}`);
    return 0;
  } finally {
    await handle.close();
  }
});
