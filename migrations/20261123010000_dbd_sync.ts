import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
export async function up(db: Kysely<any>): Promise<void> {
  // Every sync run, kept: the /status page and officers read them.
  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('changed_since', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conflicts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('sync_runs_outcome').on('sync_runs').columns(['outcome', 'finished_at']).execute();

  // Rejected items (with the raw item as DBD sent it) and warnings, per run.
  await db.schema
    .createTable('sync_run_items')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('sync_runs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dbd_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raw', 'jsonb')
    .execute();
  await db.schema.createIndex('sync_run_items_run').on('sync_run_items').columns(['run_id', 'id']).execute();

  // Where the next run starts: changedSince for an incremental run, and the cursor to resume an
  // interrupted run from (never past a page that was not committed). One row per source.
  await db.schema
    .createTable('sync_state')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('last_complete_server_time', 'text')
    .addColumn('resume_cursor', 'text')
    .addColumn('resume_changed_since', 'text')
    .addColumn('resume_server_time', 'text')
    .addColumn('resume_started_at', 'timestamptz')
    .addColumn('last_full_sync_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A DBD change that would overwrite what officers own is recorded here, not applied.
  await db.schema
    .createTable('sync_conflicts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('run_id', 'integer', (c) => c.references('sync_runs.id').onDelete('set null'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('portal_value', 'jsonb')
    .addColumn('dbd_value', 'jsonb')
    .addColumn('detected_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sync_conflicts_open').on('sync_conflicts').columns(['resolved_at', 'tender_id']).execute();

  await db.schema.createIndex('tenders_missing_from_dbd').on('tenders').column('missing_from_dbd_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tenders_missing_from_dbd').execute();
  for (const table of ['sync_conflicts', 'sync_state', 'sync_run_items', 'sync_runs']) {
    await db.schema.dropTable(table).execute();
  }
}
