import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// The response cache drops only what a change touches. Until now every write to a watched table
// sent its table's name on `udbud_changes` (20261123040000 and the migrations after it), and every
// instance threw its whole cache away: also for a sync that changed nothing (it writes sync_runs)
// and for an update that wrote the values already there.
//
// Now each watched table has three statement-level triggers (insert, update, delete: a trigger with
// transition tables takes one event) that look at the rows the statement really changed:
// - nothing changed (an update to the same values, a delete of no rows): no notification at all;
// - otherwise the payload is JSON: {"table": "tenders", "tenders": ["A", "B"]} with the tenders the
//   changed rows belong to, or "tenders": null when the rows belong to no single tender (the
//   catalogue, thresholds, firms, market dialogue) or the list would not fit in a notification.
// The cache (src/web/cache.ts) then drops those tenders' own answers and the answers across
// tenders (lists, feeds), and keeps every other tender's page; "tenders": null drops everything.
// sync_runs only feeds the footer's "Sidst opdateret fra DBD" and the status page.

/** Each watched table and the expression (over its row `r`) that names the tender a row belongs to. */
const scoped: Record<string, string> = {
  tenders: 'r.id',
  tender_events: 'r.tender_id',
  tender_requirements: 'r.tender_id',
  decisions: 'r.tender_id',
  tender_interests: 'r.tender_id',
  question_deadlines: 'r.tender_id',
  questions: 'r.tender_id',
  answers: 'r.tender_id',
  answer_versions: '(select a.tender_id from answers a where a.id = r.answer_id)',
  dialogue_waivers: 'r.tender_id',
  contracts: 'r.tender_id',
  contract_targets: 'r.tender_id',
  contract_progress: 'r.tender_id',
  contract_checks: 'r.tender_id',
  contract_ratings: 'r.tender_id',
  contract_rating_items: '(select cr.tender_id from contract_ratings cr where cr.id = r.rating_id)',
  contract_changes: 'r.tender_id',
};

/** Watched tables whose rows show across tenders: a change drops every cached answer. */
const everywhere = [
  'threshold_sets',
  'threshold_rules',
  'requirements',
  'firms',
  'firm_trades',
  'trades',
  'dialogue_activities',
  'dialogue_activity_tenders',
  'dialogue_slots',
  'dialogue_signups',
  'sync_runs',
];

const watched = [...Object.keys(scoped), ...everywhere];
const events = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // tg_argv[0]: the tender expression, or null for the tables of `everywhere`. A row whose tender
  // cannot be found (its parent already deleted) counts as belonging to none.
  await sql`
    create function notify_udbud_changed_rows() returns trigger language plpgsql as $fn$
    declare
      tender text := coalesce(tg_argv[0], 'null::text');
      changed text;
      tenders jsonb;
      unscoped boolean;
    begin
      changed := case tg_op
        when 'INSERT' then 'select * from new_rows'
        when 'DELETE' then 'select * from old_rows'
        -- Rows whose new values differ from every old row, and old rows no longer there: an
        -- update that writes the same values changes nothing.
        else '(select * from new_rows except all select * from old_rows) union all (select * from old_rows except all select * from new_rows)'
      end;
      execute format(
        'select coalesce(jsonb_agg(distinct t) filter (where t is not null), ''[]''), bool_or(t is null) from (select %s as t from (%s) r) c',
        tender, changed)
        into tenders, unscoped;
      if unscoped is null then
        return null; -- no row changed
      end if;
      if unscoped or length(tenders::text) > 7000 then
        tenders := 'null';
      end if;
      perform pg_notify('udbud_changes', jsonb_build_object('table', tg_table_name, 'tenders', tenders)::text);
      return null;
    end
    $fn$`.execute(db);

  for (const table of watched) {
    await sql`drop trigger ${sql.id(`${table}_notify_changes`)} on ${sql.table(table)}`.execute(db);
    const tender = scoped[table];
    for (const event of events) {
      const transition = event === 'insert' ? sql`new table as new_rows` : event === 'delete' ? sql`old table as old_rows` : sql`new table as new_rows old table as old_rows`;
      await sql`
        create trigger ${sql.id(`${table}_notify_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing ${transition}
        for each statement execute function notify_udbud_changed_rows(${tender === undefined ? sql.raw('') : sql.lit(tender)})`.execute(db);
    }
  }
  await sql`drop function notify_udbud_changes()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create function notify_udbud_changes() returns trigger language plpgsql as $$
    begin
      perform pg_notify('udbud_changes', tg_table_name);
      return null;
    end
    $$`.execute(db);
  for (const table of watched) {
    for (const event of events) await sql`drop trigger ${sql.id(`${table}_notify_${event}`)} on ${sql.table(table)}`.execute(db);
    await sql`
      create trigger ${sql.id(`${table}_notify_changes`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function notify_udbud_changes()`.execute(db);
  }
  await sql`drop function notify_udbud_changed_rows()`.execute(db);
}
