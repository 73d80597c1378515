import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('users_role', sql`role in ('officer', 'admin')`)
    .execute();
  await sql`create unique index users_email on users (lower(email))`.execute(db);

  // Only a hash of the session token is stored: a leaked table does not sign anybody in.
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // Failed sign-ins, per IP address and per typed e-mail address, for rate limiting and lockout.
  await db.schema
    .createTable('login_failures')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_failures_subject').on('login_failures').columns(['subject', 'failed_at']).execute();

  // Who did what, when, with old and new values. Append-only.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('user_email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('old_value', 'jsonb')
    .addColumn('new_value', 'jsonb')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();

  // Officer decisions on a tender; `details` is validated per kind by the decision service.
  await db.schema
    .createTable('decisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'date', (c) => c.notNull())
    .addColumn('standstill_ends_on', 'date')
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('decisions_tender').on('decisions').columns(['tender_id', 'id']).execute();

  // Officer-owned text, and the version an edit form carries (optimistic concurrency).
  await db.schema
    .alterTable('tenders')
    .addColumn('summary', 'text')
    .addColumn('bidder_notes', 'text')
    .addColumn('officer_version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  // What an officer's event carries beyond field changes (a decision's details).
  await db.schema.alterTable('tender_events').addColumn('details', 'jsonb').execute();

  // A requirement edit bumps the version; the same optimistic check as tenders.
  await db.schema.alterTable('requirements').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('threshold_sets').addColumn('created_by', 'integer', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('sync_conflicts').addColumn('resolved_by', 'integer', (c) => c.references('users.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_conflicts').dropColumn('resolved_by').execute();
  await db.schema.alterTable('threshold_sets').dropColumn('created_by').execute();
  await db.schema.alterTable('requirements').dropColumn('version').execute();
  await db.schema.alterTable('tender_events').dropColumn('details').execute();
  await db.schema.alterTable('tenders').dropColumn('summary').dropColumn('bidder_notes').dropColumn('officer_version').execute();
  for (const table of ['decisions', 'audit_log', 'login_failures', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
