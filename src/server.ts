import { ConfigError, loadConfig } from './config.js';
import { openMigratedDatabase } from './prepare.js';
import { vacuumEmbedded } from './db/maintenance.js';
import { DataDirOwnedError } from './db/ownership.js';
import { buildApp } from './app.js';
import { startDbdSync } from './sync/runtime.js';
import { startAlerts, type AlertRuntime } from './subscriptions/runtime.js';
import { startFirmMail, type FirmMailRuntime } from './firms/mail-runtime.js';
import { startDialogueMail, type DialogueMailRuntime } from './dialogue/mail-runtime.js';
import { seedSampleFirms } from './firms/samples.js';
import { seedSampleDialogue } from './dialogue/samples.js';
import { seedSampleContract } from './contracts/samples.js';

// The only module that listens or exits.
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  let database;
  try {
    database = await openMigratedDatabase(config, { serveTools: true });
  } catch (error) {
    // Another process owns DATA_DIR: one line naming the folder and its pid, nothing touched.
    if (error instanceof DataDirOwnedError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // The embedded database has no autovacuum: what it would have done since the last start.
  await vacuumEmbedded(database);
  const app = await buildApp({ config, db: database.db, changes: database });
  // Alerts start first, so the events of the first sync are matched as soon as it ends.
  const alerts: AlertRuntime | null = config.mail.enabled ? await startAlerts(config, database, app.log) : null;
  // Firms' sign-in links and invitations: the same switch and transport as the alerts.
  const firmMail: FirmMailRuntime | null = config.mail.enabled ? await startFirmMail(config, database, app.log) : null;
  // Mails about questions and market dialogue (with .ics), reminders, and removal of unconfirmed guests.
  const dialogueMail: DialogueMailRuntime | null = config.mail.enabled ? await startDialogueMail(config, database, app.log) : null;
  const sync = await startDbdSync(config, database, app.log, (result) => {
    if (alerts && result.outcome !== 'skipped' && (result.counts.created || result.counts.updated)) {
      alerts.matchSoon().catch((error: unknown) => app.log.warn({ err: error }, 'could not queue alert matching'));
    }
  });
  // On the bundled sample export only: sample firms and one finished underhåndsbud round, once the
  // sample tenders are in (the first start imports them before listening). Never with DBD_URL set.
  await seedSampleFirms(database.db, config).catch((error: unknown) => app.log.warn({ err: error }, 'could not add the sample firms'));
  // Then one coming information meeting and two answered questions (asked by sample firms).
  await seedSampleDialogue(database.db, config).catch((error: unknown) => app.log.warn({ err: error }, 'could not add the sample dialogue'));
  // And one signed sample contract followed up: targets, progress, a site check, a change, a rating with the reply.
  await seedSampleContract(database.db, config).catch((error: unknown) => app.log.warn({ err: error }, 'could not add the sample contract'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    try {
      // Stop taking requests (those in flight finish) and stop the schedule (a running sync
      // finishes its run and releases the lock) together; then the mail workers finish their jobs;
      // the database closes last.
      await Promise.all([app.close(), sync.scheduler.stop()]);
      await alerts?.stop();
      await firmMail?.stop();
      await dialogueMail?.stop();
      await database.close();
      app.log.info('stopped');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  sync.afterListen();
  app.log.info(`Udbudsportal kører på ${config.publicUrl} (database: ${database.kind})`);
}

main().catch((error: unknown) => {
  console.error('Udbudsportal kunne ikke starte:', error instanceof Error ? error.message : error);
  process.exit(1);
});
