import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { startFirmMail } from '../../src/firms/mail-runtime.js';
import { startDialogueMail } from '../../src/dialogue/mail-runtime.js';
import { startAlerts } from '../../src/subscriptions/runtime.js';
import { seedSampleFirms } from '../../src/firms/samples.js';
import { seedSampleDialogue } from '../../src/dialogue/samples.js';
import { seedSampleContract } from '../../src/contracts/samples.js';
import { bundledSampleExport } from '../../src/sync/dbd/file-source.js';
import { importDbdExportFile } from '../../src/sync/import.js';
import { createTestDatabase } from './database.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The portal with the sample data on a local port, and Debian's Chromium to read it (never a
 * downloaded browser; no background networking, which this machine's closed network refuses).
 * `prepare` adds what a test needs beyond the samples (a user, say), `env` settings beyond the
 * defaults; `sampleFirms` adds the sample firms and their finished round as `npm start` does on the
 * bundled sample, `sampleDialogue` the sample meeting and answered questions likewise, `sampleContract` the followed-up sample contract; `firmMail` starts the firm mail worker as `npm start` does (without SMTP_URL it writes
 * each mail to DATA_DIR/outbox: pass DATA_DIR in `env`), `dialogueMail` the dialogue mail worker likewise,
 * `alerts` the alert workers (`matchSoon` then matches new events at once). `close` undoes it all.
 */
export async function portalInChromium(
  prepare?: (db: Db) => Promise<unknown>,
  /** Settings beyond the defaults, as environment variables (EMBED_ORIGINS, say). */
  env: Record<string, string> = {},
  options: { sampleFirms?: boolean; sampleDialogue?: boolean; sampleContract?: boolean; firmMail?: boolean; dialogueMail?: boolean; alerts?: boolean } = {},
): Promise<{ base: string; browser: Browser; matchSoon: () => Promise<void>; close: () => Promise<void> }> {
  // The migrated and seeded template (what `npm start` prepares), copied: no initdb and migrations per file.
  const handle = await createTestDatabase();
  const summary = await importDbdExportFile(handle.db, bundledSampleExport);
  if (summary.rejected.length > 0) throw new Error(`the sample export rejected ${summary.rejected.length} item(s): ${JSON.stringify(summary.rejected)}`);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  if (options.sampleFirms) await seedSampleFirms(handle.db, config);
  if (options.sampleDialogue) await seedSampleDialogue(handle.db, config);
  if (options.sampleContract) await seedSampleContract(handle.db, config);
  await prepare?.(handle.db);
  const app = await buildApp({ config, db: handle.db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const firmMail = options.firmMail ? await startFirmMail(config, handle, app.log, { pollingIntervalSeconds: 0.5 }) : null;
  const dialogueMail = options.dialogueMail ? await startDialogueMail(config, handle, app.log, { pollingIntervalSeconds: 0.5 }) : null;
  const alerts = options.alerts ? await startAlerts(config, handle, app.log, { pollingIntervalSeconds: 0.5 }) : null;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    browser,
    matchSoon: async () => {
      if (!alerts) throw new Error('the alert workers run only with { alerts: true }');
      await alerts.matchSoon();
    },
    close: async () => {
      await browser.close();
      await alerts?.stop();
      await firmMail?.stop();
      await dialogueMail?.stop();
      await app.close();
      await handle.close();
    },
  };
}
