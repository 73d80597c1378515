import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// A one-to-one slot is held by a confirmed sign-up only. A guest's sign-up names its slot at once
// but takes it when the guest follows the mailed link (as a guest takes a seat at a meeting), so
// an address typed by anybody cannot block a slot for the day the link is valid.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index dialogue_signups_slot_once`.execute(db);
  await sql`create unique index dialogue_signups_slot_once on dialogue_signups (slot_id) where status = 'confirmed' and slot_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index dialogue_signups_slot_once`.execute(db);
  await sql`create unique index dialogue_signups_slot_once on dialogue_signups (slot_id) where status <> 'cancelled' and slot_id is not null`.execute(db);
}
