import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely';
import { codeRoot } from '../paths.js';
import type { Db } from './database.js';

/** migrations/ beside the running code: the TypeScript sources, or their compiled JavaScript in dist/. */
export const migrationsFolder = path.join(codeRoot, 'migrations');

export function createMigrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
}

/** Runs every pending migration; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'ukendt';
    throw new Error(`Migreringen ${failed} fejlede: ${String((result.error as Error).message ?? result.error)}`);
  }
  return result;
}
