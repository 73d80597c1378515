import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('threshold_sets')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('effective_to', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('threshold_sets_period', sql`effective_to is null or effective_to >= effective_from`)
    .execute();

  await db.schema
    .createTable('threshold_rules')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('set_id', 'integer', (c) => c.notNull().references('threshold_sets.id').onDelete('cascade'))
    .addColumn('contract_type', 'text', (c) => c.notNull())
    .addColumn('min_dkk', sql`numeric(15,2)`, (c) => c.notNull())
    .addColumn('min_inclusive', 'boolean', (c) => c.notNull())
    .addColumn('max_dkk', sql`numeric(15,2)`)
    .addColumn('procedure', 'text', (c) => c.notNull())
    .addColumn('min_bids', 'integer')
    .addColumn('max_invited', 'integer')
    .addColumn('announce', 'boolean', (c) => c.notNull())
    .addColumn('standstill_days', 'integer', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .execute();
  await db.schema.createIndex('threshold_rules_set').on('threshold_rules').column('set_id').execute();

  await db.schema
    .createTable('requirements')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('legal_basis', 'text')
    .addColumn('source', 'text')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('tenders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('work_type', 'text', (c) => c.notNull())
    .addColumn('contract_type', 'text', (c) => c.notNull())
    .addColumn('property_id', 'text')
    .addColumn('property_name', 'text')
    .addColumn('property_address', 'text')
    .addColumn('property_postal_code', 'text')
    .addColumn('property_city', 'text')
    .addColumn('property_lat', 'double precision')
    .addColumn('property_lon', 'double precision')
    .addColumn('estimated_value_dkk', sql`numeric(15,2)`)
    .addColumn('cpv_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('expected_publication', 'text')
    .addColumn('expected_publication_date', 'date')
    .addColumn('tender_deadline', 'timestamptz')
    .addColumn('expected_contract_start', 'date')
    // The portal's lifecycle status; DBD governs it up to `published`, officers after that.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dbd_status', 'text', (c) => c.notNull())
    .addColumn('platform_url', 'text')
    .addColumn('reference_number', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('cancellation_reason', 'text')
    .addColumn('dbd_last_modified', 'timestamptz', (c) => c.notNull())
    // Set when a full DBD export no longer contains the tender: flagged for officers, never deleted.
    .addColumn('missing_from_dbd_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('search', sql`tsvector`, (c) =>
      c.generatedAlwaysAs(
        sql`setweight(to_tsvector('danish'::regconfig, title), 'A') ||
            setweight(to_tsvector('danish'::regconfig, coalesce(property_name, '') || ' ' || coalesce(property_address, '') || ' ' || coalesce(property_city, '')), 'B') ||
            setweight(to_tsvector('danish'::regconfig, description), 'C')`,
      ).stored(),
    )
    .execute();
  await sql`create index tenders_search on tenders using gin (search)`.execute(db);
  await sql`create index tenders_cpv on tenders using gin (cpv_codes)`.execute(db);
  await db.schema.createIndex('tenders_status').on('tenders').columns(['status', 'tender_deadline']).execute();
  await db.schema.createIndex('tenders_expected_publication').on('tenders').column('expected_publication_date').execute();

  await db.schema
    .createTable('tender_requirements')
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id').onDelete('cascade'))
    // Deliberately no foreign key to requirements: an unknown code from DBD is kept, never dropped.
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('tender_requirements_pk', ['tender_id', 'code'])
    .execute();
  await db.schema.createIndex('tender_requirements_code').on('tender_requirements').columns(['code', 'tender_id']).execute();

  // Append-only: rows are inserted in the same transaction as the change they describe, never updated.
  await db.schema
    .createTable('tender_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer')
    .addColumn('changes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema.createIndex('tender_events_tender').on('tender_events').columns(['tender_id', 'id']).execute();
  await db.schema.createIndex('tender_events_occurred').on('tender_events').columns(['occurred_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tender_events', 'tender_requirements', 'tenders', 'requirements', 'threshold_rules', 'threshold_sets']) {
    await db.schema.dropTable(table).execute();
  }
}
