import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { bundledSampleExport } from './dbd/file-source.js';
import { importDbdExportFile, summaryLine } from './import.js';

/**
 * On first start with no tenders, fills the portal from DBD_URL (or the bundled sample export),
 * through the same import code as `npm run import`.
 */
export async function importInitialData(db: Db, config: Pick<Config, 'dbdUrl'>, log: FastifyBaseLogger): Promise<void> {
  const any = await db.selectFrom('tenders').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const file = config.dbdUrl ?? bundledSampleExport;
  const summary = await importDbdExportFile(db, file);
  log.info({ file, rejected: summary.rejected, warnings: summary.warnings }, `initial DBD import: ${summaryLine(summary)}`);
}
