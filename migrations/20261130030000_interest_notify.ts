import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// The public tender page shows how many firms are interested, and is kept in the response cache.
// Showing or withdrawing interest appends an event (which already notifies), but a firm deleting
// its account takes its interests with it (on delete cascade) and no event: the table notifies
// `udbud_changes` itself, like the others the cached pages read (20261123040000).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create trigger tender_interests_notify_changes after insert or update or delete on tender_interests
    for each statement execute function notify_udbud_changes()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tender_interests_notify_changes on tender_interests`.execute(db);
}
