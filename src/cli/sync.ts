import { loadConfig } from '../config.js';
import { createDbdSource } from '../sync/dbd/index.js';
import { runCli } from './run.js';
import { runSyncCommand } from './sync-command.js';

runCli(async () => {
  const config = loadConfig();
  const source = createDbdSource(config.dbd, ({ attempt, waitMs, reason }) =>
    console.log(`${reason}; forsøger igen om ${(waitMs / 1000).toFixed(1)} s (forsøg ${attempt + 1})`),
  );
  return runSyncCommand(config, source, { progress: true });
});
