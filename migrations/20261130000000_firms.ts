import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// Local firms in the loop: a register of firms (public only when the firm says so and an officer
// has approved it), their contact people (never public), sign-in by e-mail link, interest in
// coming work, invitations to underhåndsbud rounds and every bid of an award. Invitations and bids
// copy the firm's CVR and name: they are public record after award and outlive a deleted account.
export async function up(db: Kysely<any>): Promise<void> {
  // Trades from a controlled list, each with the CPV codes it covers (seeded like the requirements).
  await db.schema
    .createTable('trades')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_da', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('cpv_prefixes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('firms')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('cvr', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('size', 'text', (c) => c.notNull())
    .addColumn('public_listing', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('wants_invitations', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('unverified'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('sample', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('firms_cvr', sql`cvr ~ '^[1-9][0-9]{7}$'`)
    .addCheckConstraint('firms_size', sql`size in ('micro', 'small', 'medium', 'large')`)
    .addCheckConstraint('firms_status', sql`status in ('unverified', 'approved', 'rejected')`)
    .execute();
  await db.schema.createIndex('firms_postal_code').on('firms').column('postal_code').execute();

  await db.schema
    .createTable('firm_trades')
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('trade_code', 'text', (c) => c.notNull().references('trades.code'))
    .addPrimaryKeyConstraint('firm_trades_pk', ['firm_id', 'trade_code'])
    .execute();
  await db.schema.createIndex('firm_trades_trade').on('firm_trades').column('trade_code').execute();

  // The people who sign in for a firm. Personal data: shown to officers, never to the public.
  await db.schema
    .createTable('firm_contacts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('da'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('firm_contacts_lang', sql`lang in ('da', 'en')`)
    .execute();
  await sql`create unique index firm_contacts_email on firm_contacts (lower(email))`.execute(db);
  await db.schema.createIndex('firm_contacts_firm').on('firm_contacts').column('firm_id').execute();

  // A sign-in link: single use, short-lived; the link carries the id and its signature.
  await db.schema
    .createTable('firm_signins')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('contact_id', 'uuid', (c) => c.notNull().references('firm_contacts.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('firm_signins_contact').on('firm_signins').columns(['contact_id', 'created_at']).execute();

  await db.schema
    .createTable('firm_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('contact_id', 'uuid', (c) => c.notNull().references('firm_contacts.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Mails to firms (sign-in links, invitations), delivered by the job queue like the alerts.
  await db.schema
    .createTable('firm_mails')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('contact_id', 'uuid', (c) => c.notNull().references('firm_contacts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint('firm_mails_kind', sql`kind in ('signin', 'invitation')`)
    .execute();

  // "Vis interesse" on coming work; withdrawing deletes the row. Public only as a count.
  await db.schema
    .createTable('tender_interests')
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('firm_id', 'uuid', (c) => c.notNull().references('firms.id').onDelete('cascade'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('tender_interests_pk', ['tender_id', 'firm_id'])
    .execute();
  await db.schema.createIndex('tender_interests_firm').on('tender_interests').column('firm_id').execute();

  // An underhåndsbud round's frame: whether a 4th invitation from outside the local area was
  // reserved, and the published reason when the round goes outside tilbudsloven §12's limits.
  await db.schema
    .createTable('invitation_rounds')
    .addColumn('tender_id', 'text', (c) => c.primaryKey().references('tenders.id'))
    .addColumn('reserved_outside', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('exception_reason', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('firm_id', 'uuid', (c) => c.references('firms.id').onDelete('set null'))
    .addColumn('cvr', 'text', (c) => c.notNull())
    .addColumn('firm_name', 'text', (c) => c.notNull())
    .addColumn('outside_local', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('invited_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('invited_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('invitations_once', ['tender_id', 'cvr'])
    .execute();
  await db.schema.createIndex('invitations_firm').on('invitations').columns(['firm_id', 'invited_at']).execute();

  // Every bid of an award, recorded with the award decision; public after award (tilbudsloven §7a).
  await db.schema
    .createTable('bids')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('decision_id', 'integer', (c) => c.notNull().references('decisions.id'))
    .addColumn('firm_id', 'uuid', (c) => c.references('firms.id').onDelete('set null'))
    .addColumn('cvr', 'text', (c) => c.notNull())
    .addColumn('firm_name', 'text', (c) => c.notNull())
    .addColumn('amount_dkk', 'numeric', (c) => c.notNull())
    .addColumn('valid', 'boolean', (c) => c.notNull())
    .addColumn('invalid_reason', 'text')
    .addColumn('sme', 'boolean')
    .addUniqueConstraint('bids_once', ['decision_id', 'cvr'])
    .addCheckConstraint('bids_reason', sql`valid or invalid_reason is not null`)
    .execute();
  await db.schema.createIndex('bids_tender').on('bids').column('tender_id').execute();

  // A firm's followed tenders are subscriptions of one id each; they go when the contact goes.
  await db.schema
    .alterTable('subscriptions')
    .addColumn('firm_contact_id', 'uuid', (c) => c.references('firm_contacts.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('firm_contact_id').execute();
  for (const table of ['bids', 'invitations', 'invitation_rounds', 'tender_interests', 'firm_mails', 'firm_sessions', 'firm_signins', 'firm_contacts', 'firm_trades', 'firms', 'trades']) {
    await db.schema.dropTable(table).execute();
  }
}
