import { loadConfig } from '../config.js';
import { fileSource } from '../sync/dbd/index.js';
import { runCli } from './run.js';
import { runSyncCommand } from './sync-command.js';

runCli(async () => {
  const file = process.argv[2];
  if (!file) {
    console.error('Brug: npm run import -- FIL (en DBD-eksportfil i JSON)');
    return 2;
  }
  return runSyncCommand(loadConfig(), fileSource(file), { progress: false });
});
