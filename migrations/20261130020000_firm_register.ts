import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// The public firm register (/virksomheder) is kept in the response cache like every public page:
// the tables it reads notify `udbud_changes` (the function of 20261123040000), so a firm that is
// approved, rejected, edits itself or leaves drops the cached register at once. A rejection keeps
// its reason on the firm, for the officers and for the firm itself.
const watched = ['firms', 'firm_trades', 'trades'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('firms').addColumn('rejection_reason', 'text').execute();
  for (const table of watched) {
    await sql`
      create trigger ${sql.id(`${table}_notify_changes`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function notify_udbud_changes()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of watched) await sql`drop trigger ${sql.id(`${table}_notify_changes`)} on ${sql.table(table)}`.execute(db);
  await db.schema.alterTable('firms').dropColumn('rejection_reason').execute();
}
