import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// Dialogue with business, in the open: questions on an open tender with public, anonymous answers
// (corrections are new versions, nothing published changes silently), and market-dialogue
// activities before the tender (meetings with sign-ups and a waiting list, one-to-one slots,
// written consultation on drafts). An asker or attendee is a signed-in firm's contact person or a
// guest whose e-mail address was confirmed by link: personal data that officers see and the
// public never does.
//
// The tables public pages read notify `udbud_changes` (the function of 20261123040000), so the
// response cache drops what they show when they change (seats left, a published answer …).
const watched = [
  'question_deadlines',
  'answers',
  'answer_versions',
  'questions',
  'dialogue_activities',
  'dialogue_activity_tenders',
  'dialogue_slots',
  'dialogue_signups',
  'dialogue_waivers',
];

export async function up(db: Kysely<any>): Promise<void> {
  // Someone without a firm account who asked a question or signed up, by confirmed e-mail address.
  await db.schema
    .createTable('dialogue_guests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('firm_name', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('da'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .addCheckConstraint('dialogue_guests_lang', sql`lang in ('da', 'en')`)
    .execute();
  await sql`create index dialogue_guests_email on dialogue_guests (lower(email))`.execute(db);

  // The question deadline an officer set on a tender; without a row the default rule applies.
  await db.schema
    .createTable('question_deadlines')
    .addColumn('tender_id', 'text', (c) => c.primaryKey().references('tenders.id'))
    .addColumn('deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('set_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  // An answer may cover several questions; its text lives in versions (a correction adds one).
  await db.schema
    .createTable('answers')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('answers_tender').on('answers').column('tender_id').execute();

  await db.schema
    .createTable('answer_versions')
    .addColumn('answer_id', 'integer', (c) => c.notNull().references('answers.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // Published later than the rule allows (EU: 6 days before the bid deadline): the suggested new deadline.
    .addColumn('late', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('suggested_deadline', 'timestamptz')
    .addPrimaryKeyConstraint('answer_versions_pk', ['answer_id', 'version'])
    .execute();

  // A question as received (text) and as published (published_text, worded by the officer so that
  // nothing identifies the asker; the received text is kept in the audit log when it differs).
  // The number is assigned on publication: 1, 2, 3 … per tender.
  await db.schema
    .createTable('questions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addColumn('firm_id', 'uuid', (c) => c.references('firms.id').onDelete('set null'))
    .addColumn('contact_id', 'uuid', (c) => c.references('firm_contacts.id').onDelete('set null'))
    .addColumn('guest_id', 'uuid', (c) => c.references('dialogue_guests.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('da'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // When the question counts as received: at once for a signed-in firm, on confirmation for a guest.
    .addColumn('received_at', 'timestamptz')
    .addColumn('number', 'integer')
    .addColumn('published_text', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('answer_id', 'integer', (c) => c.references('answers.id'))
    .addColumn('rejected_reason', 'text')
    .addColumn('sample', 'boolean', (c) => c.notNull().defaultTo(false))
    .addCheckConstraint('questions_status', sql`status in ('unconfirmed', 'received', 'published', 'rejected')`)
    .addCheckConstraint('questions_published', sql`status <> 'published' or (number is not null and published_text is not null and published_at is not null)`)
    .addUniqueConstraint('questions_number', ['tender_id', 'number'])
    .execute();
  await db.schema.createIndex('questions_tender').on('questions').columns(['tender_id', 'status']).execute();

  // A market-dialogue activity: for one or more pipeline projects, or a theme ("Skoler 2027").
  // sequence counts changes of time or place: the SEQUENCE of the attendees' .ics (same UID).
  await db.schema
    .createTable('dialogue_activities')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'timestamptz')
    .addColumn('ends_at', 'timestamptz')
    .addColumn('place', 'text')
    .addColumn('online_url', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('signup_deadline', 'timestamptz')
    // Written consultation: the draft (a link) and the deadline for comments.
    .addColumn('draft_url', 'text')
    .addColumn('comment_deadline', 'timestamptz')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('announced'))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cancel_reason', 'text')
    // Published afterwards: a summary, what was learned and what changed in the tender because of it.
    .addColumn('summary', 'text')
    .addColumn('learned', 'text')
    .addColumn('changes_made', 'text')
    .addColumn('outcome_published_at', 'timestamptz')
    .addColumn('sample', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('dialogue_activities_kind', sql`kind in ('information_meeting', 'supplier_day', 'one_to_one', 'written_consultation')`)
    .addCheckConstraint('dialogue_activities_status', sql`status in ('announced', 'cancelled')`)
    .addCheckConstraint('dialogue_activities_capacity', sql`capacity is null or capacity > 0`)
    .execute();
  await db.schema.createIndex('dialogue_activities_starts').on('dialogue_activities').column('starts_at').execute();

  await db.schema
    .createTable('dialogue_activity_tenders')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('dialogue_activities.id').onDelete('cascade'))
    .addColumn('tender_id', 'text', (c) => c.notNull().references('tenders.id'))
    .addPrimaryKeyConstraint('dialogue_activity_tenders_pk', ['activity_id', 'tender_id'])
    .execute();
  await db.schema.createIndex('dialogue_activity_tenders_tender').on('dialogue_activity_tenders').column('tender_id').execute();

  // One-to-one talks: bookable slots, one firm per slot (the unique sign-up slot below).
  await db.schema
    .createTable('dialogue_slots')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('dialogue_activities.id').onDelete('cascade'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('dialogue_slots_order', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('dialogue_slots_activity').on('dialogue_slots').columns(['activity_id', 'starts_at']).execute();

  // A sign-up: by a firm's contact person or a guest; confirmed (has a seat), waiting (in line by
  // created_at), unconfirmed (a guest's link not yet followed) or cancelled.
  await db.schema
    .createTable('dialogue_signups')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('dialogue_activities.id').onDelete('cascade'))
    .addColumn('firm_id', 'uuid', (c) => c.references('firms.id').onDelete('cascade'))
    .addColumn('contact_id', 'uuid', (c) => c.references('firm_contacts.id').onDelete('cascade'))
    .addColumn('guest_id', 'uuid', (c) => c.references('dialogue_guests.id').onDelete('cascade'))
    .addColumn('attendees', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('slot_id', 'integer', (c) => c.references('dialogue_slots.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .addCheckConstraint('dialogue_signups_status', sql`status in ('unconfirmed', 'confirmed', 'waiting', 'cancelled')`)
    .addCheckConstraint('dialogue_signups_attendees', sql`attendees between 1 and 50`)
    .addCheckConstraint('dialogue_signups_who', sql`(firm_id is not null and contact_id is not null) or guest_id is not null`)
    .execute();
  // One live sign-up per firm (or guest) and activity; one firm per slot.
  await sql`create unique index dialogue_signups_firm_once on dialogue_signups (activity_id, firm_id) where status <> 'cancelled' and firm_id is not null`.execute(db);
  await sql`create unique index dialogue_signups_guest_once on dialogue_signups (activity_id, guest_id) where status <> 'cancelled' and guest_id is not null`.execute(db);
  await sql`create unique index dialogue_signups_slot_once on dialogue_signups (slot_id) where status <> 'cancelled' and slot_id is not null`.execute(db);
  await db.schema.createIndex('dialogue_signups_activity').on('dialogue_signups').columns(['activity_id', 'status', 'created_at']).execute();

  // Comments on a draft in written consultation: for officers only, never public.
  await db.schema
    .createTable('dialogue_comments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('dialogue_activities.id').onDelete('cascade'))
    .addColumn('firm_id', 'uuid', (c) => c.references('firms.id').onDelete('cascade'))
    .addColumn('contact_id', 'uuid', (c) => c.references('firm_contacts.id').onDelete('set null'))
    .addColumn('guest_id', 'uuid', (c) => c.references('dialogue_guests.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('dialogue_comments_status', sql`status in ('unconfirmed', 'received')`)
    .execute();

  // A tender above the EU threshold without any market dialogue: the officer's public reason why.
  await db.schema
    .createTable('dialogue_waivers')
    .addColumn('tender_id', 'text', (c) => c.primaryKey().references('tenders.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('set_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();

  // Mails about dialogue (confirmation links, seats, waiting list, reminders, .ics updates and
  // cancellations), to a contact person or a guest; delivered from the 'dialogue-mail-send' queue.
  await db.schema
    .createTable('dialogue_mails')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('contact_id', 'uuid', (c) => c.references('firm_contacts.id').onDelete('cascade'))
    .addColumn('guest_id', 'uuid', (c) => c.references('dialogue_guests.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint('dialogue_mails_to', sql`contact_id is not null or guest_id is not null`)
    .execute();

  for (const table of watched) {
    await sql`
      create trigger ${sql.id(`${table}_notify_changes`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function notify_udbud_changes()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'dialogue_mails',
    'dialogue_waivers',
    'dialogue_comments',
    'dialogue_signups',
    'dialogue_slots',
    'dialogue_activity_tenders',
    'dialogue_activities',
    'questions',
    'answer_versions',
    'answers',
    'question_deadlines',
    'dialogue_guests',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
