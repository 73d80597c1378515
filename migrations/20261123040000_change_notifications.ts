import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// Every instance keeps rendered public answers in memory; it must hear at once when anything they
// show changes, whichever instance (or the DBD sync, or an officer) changed it. Statement-level
// triggers send one NOTIFY per statement on the channel `udbud_changes`, delivered at commit (and
// folded into one per transaction when the payload repeats).
const watched = ['tenders', 'tender_events', 'tender_requirements', 'decisions', 'threshold_sets', 'threshold_rules', 'requirements', 'sync_runs'];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function notify_udbud_changes() returns trigger language plpgsql as $$
    begin
      perform pg_notify('udbud_changes', tg_table_name);
      return null;
    end
    $$`.execute(db);
  for (const table of watched) {
    await sql`
      create trigger ${sql.id(`${table}_notify_changes`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function notify_udbud_changes()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of watched) await sql`drop trigger ${sql.id(`${table}_notify_changes`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function notify_udbud_changes()`.execute(db);
}
