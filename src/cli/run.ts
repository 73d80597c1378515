import { ConfigError } from '../config.js';
import { DbdSourceError } from '../sync/dbd/index.js';
import { DataDirOwnedError } from '../db/ownership.js';

/**
 * Runs a command-line task: known failures print one Danish line, anything unexpected prints its
 * stack (a bug to report), and the exit code says which.
 */
export function runCli(task: () => Promise<number>): void {
  task().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof DbdSourceError || error instanceof DataDirOwnedError) {
        console.error(error.message);
        process.exit(2);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
