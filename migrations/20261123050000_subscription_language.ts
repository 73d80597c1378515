import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// A subscriber's mails are written in the language they signed up in ('da' or 'en'). Existing
// subscriptions were all made on the Danish-only portal.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('subscriptions')
    .addColumn('lang', 'text', (col) => col.notNull().defaultTo('da').check(sql`lang in ('da', 'en')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('lang').execute();
}
