import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// A draft rating goes to the supplier's firm account: each contact person gets a mail with the
// draft and the day to reply by, queued like the sign-in links and invitations ('rating').
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table firm_mails drop constraint firm_mails_kind`.execute(db);
  await sql`alter table firm_mails add constraint firm_mails_kind check (kind in ('signin', 'invitation', 'rating'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from firm_mails where kind = 'rating'`.execute(db);
  await sql`alter table firm_mails drop constraint firm_mails_kind`.execute(db);
  await sql`alter table firm_mails add constraint firm_mails_kind check (kind in ('signin', 'invitation'))`.execute(db);
}
