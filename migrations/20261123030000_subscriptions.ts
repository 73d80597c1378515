import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
export async function up(db: Kysely<any>): Promise<void> {
  // Signing keys the instances share (tokens in subscription links). Made on first use, never in
  // the repository or the environment's defaults.
  await db.schema
    .createTable('app_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A saved search, an address and a frequency. Consent is when the link in the confirmation mail
  // was followed; an unconfirmed sign-up is deleted when it expires.
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('filter', 'jsonb', (c) => c.notNull())
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('subscriptions_frequency', sql`frequency in ('instant', 'daily', 'weekly')`)
    .execute();
  await sql`create index subscriptions_email on subscriptions (lower(email))`.execute(db);
  await sql`create index subscriptions_unconfirmed on subscriptions (created_at) where confirmed_at is null`.execute(db);

  // Every mail: a confirmation, a notice to an address already subscribed, or an alert. The
  // idempotency key makes a second matcher or digest run (another instance, a retry) a no-op; the
  // id is also the pg-boss job id and the mail's Message-ID.
  await db.schema
    .createTable('alert_messages')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint('alert_messages_kind', sql`kind in ('confirm', 'already_subscribed', 'instant', 'daily', 'weekly')`)
    .execute();
  await db.schema.createIndex('alert_messages_subscription').on('alert_messages').columns(['subscription_id', 'created_at']).execute();

  // An event that matched a subscription, waiting for (or delivered in) a message.
  await db.schema
    .createTable('alert_items')
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('tender_events.id'))
    .addColumn('message_id', 'uuid', (c) => c.references('alert_messages.id').onDelete('set null'))
    .addPrimaryKeyConstraint('alert_items_pk', ['subscription_id', 'event_id'])
    .execute();
  await sql`create index alert_items_unsent on alert_items (subscription_id) where message_id is null`.execute(db);
  await db.schema.createIndex('alert_items_message').on('alert_items').column('message_id').execute();

  // Events not yet matched against the subscriptions, filled by a trigger in the same transaction
  // as the event. The matcher takes rows with SKIP LOCKED and deletes them as it commits, so every
  // event is matched exactly once, whatever order concurrent transactions commit in.
  await db.schema
    .createTable('alert_pending_events')
    .addColumn('event_id', 'bigint', (c) => c.primaryKey().references('tender_events.id'))
    .execute();
  await sql`
    create function queue_event_for_alerts() returns trigger language plpgsql as $$
    begin
      insert into alert_pending_events (event_id) values (new.id);
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger tender_events_alerts after insert on tender_events
    for each row execute function queue_event_for_alerts()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tender_events_alerts on tender_events`.execute(db);
  await sql`drop function queue_event_for_alerts()`.execute(db);
  for (const table of ['alert_pending_events', 'alert_items', 'alert_messages', 'subscriptions', 'app_secrets']) {
    await db.schema.dropTable(table).execute();
  }
}
