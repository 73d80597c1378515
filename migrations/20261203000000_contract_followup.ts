import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// After the contract: what was agreed at signing is followed up in the open. Each requirement a
// tender carries becomes a target with a measure (the catalogue says which measures a code has),
// beside up to five KPIs of the contract's own. Officers record progress against the targets, site
// checks with their outcome and any sanction, ratings on the UK scale (the supplier replies to a
// draft before it is public), and every change to the contract with its value and legal basis;
// completion closes it with the final value and the actual handover. Counts and outcomes only:
// nothing here names a worker.
//
// The tables public pages read notify `udbud_changes` (the function of 20261123040000), so the
// response cache drops what they show when they change.
const watched = [
  'contracts',
  'contract_targets',
  'contract_progress',
  'contract_checks',
  'contract_ratings',
  'contract_rating_items',
  'contract_changes',
];

/** The measures each bundled requirement code has (also in src/rules/seed/requirements.json). */
const bundledMeasures: Record<string, string[]> = {
  'SOC-APPRENTICE': ['apprentice_years', 'apprentice_share'],
  'SOC-INCLUSION': ['inclusion_persons'],
  'LAB-ILO94': ['labour_checks'],
  'LAB-CHAIN': ['labour_checks'],
  'ENV-CO2-LCA': ['co2_per_m2_year'],
  'ENV-MACHINERY': ['fossil_free_share'],
  'ENV-ECOLABEL': ['ecolabel_share'],
  'ENV-CIRCULAR': ['reused_tonnes'],
  'ENV-DGNB': ['dgnb_score'],
  'GOV-TAX': ['documentation_checks'],
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('requirements')
    .addColumn('measures', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  // A catalogue already seeded gets the bundled codes' measures; officers' own codes start with none.
  for (const [code, measures] of Object.entries(bundledMeasures)) {
    await sql`update requirements set measures = ${JSON.stringify(measures)}::jsonb where code = ${code} and measures = '[]'::jsonb`.execute(db);
  }

  // One contract per tender, made when an officer records the signing (the `contract` decision).
  await db.schema
    .createTable('contracts')
    .addColumn('tender_id', 'text', (c) => c.primaryKey().references('tenders.id'))
    .addColumn('decision_id', 'integer', (c) => c.references('decisions.id'))
    .addColumn('supplier_name', 'text', (c) => c.notNull())
    .addColumn('supplier_cvr', 'text', (c) => c.notNull())
    .addColumn('contract_type', 'text', (c) => c.notNull())
    .addColumn('original_value_dkk', 'numeric', (c) => c.notNull())
    .addColumn('signed_on', 'date', (c) => c.notNull())
    .addColumn('planned_handover_on', 'date', (c) => c.notNull())
    // Completion: the final value and the day the work was actually handed over.
    .addColumn('final_value_dkk', 'numeric')
    .addColumn('handover_on', 'date')
    .addColumn('completed_at', 'timestamptz')
    // The bundled sample's contract (contracts/samples.ts): shown like any other, marked in its texts.
    .addColumn('sample', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('contracts_value', sql`original_value_dkk >= 0 and (final_value_dkk is null or final_value_dkk >= 0)`)
    .addCheckConstraint('contracts_completed', sql`(completed_at is null) = (handover_on is null) and (completed_at is null) = (final_value_dkk is null)`)
    .execute();
  await db.schema.createIndex('contracts_supplier').on('contracts').column('supplier_cvr').execute();

  // A target: a requirement's measure (kind 'requirement') or one of up to five KPIs (kind 'kpi').
  await db.schema
    .createTable('contract_targets')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('contracts.tender_id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('requirement_code', 'text')
    .addColumn('measure', 'text')
    .addColumn('title', 'text')
    .addColumn('unit', 'text')
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('target_value', 'numeric', (c) => c.notNull())
    .addCheckConstraint('contract_targets_kind', sql`kind in ('requirement', 'kpi')`)
    .addCheckConstraint(
      'contract_targets_shape',
      sql`(kind = 'requirement' and requirement_code is not null and measure is not null) or (kind = 'kpi' and title is not null and requirement_code is null)`,
    )
    .addCheckConstraint('contract_targets_direction', sql`direction in ('at_least', 'at_most')`)
    .addCheckConstraint('contract_targets_value', sql`target_value >= 0`)
    .execute();
  await db.schema.createIndex('contract_targets_tender').on('contract_targets').columns(['tender_id', 'position']).execute();
  await db.schema.createIndex('contract_targets_requirement').on('contract_targets').columns(['requirement_code', 'measure']).execute();

  // Delivered to date against a target, as observed on a day (the latest observation counts).
  await db.schema
    .createTable('contract_progress')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('target_id', 'integer', (c) => c.notNull().references('contract_targets.id'))
    .addColumn('tender_id', 'text', (c) => c.notNull().references('contracts.tender_id'))
    .addColumn('observed_on', 'date', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('contract_progress_value', sql`value >= 0`)
    .execute();
  await db.schema.createIndex('contract_progress_target').on('contract_progress').columns(['target_id', 'observed_on']).execute();

  // A site check: what was checked, the outcome, any sanction and the supplier's response.
  await db.schema
    .createTable('contract_checks')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('contracts.tender_id'))
    .addColumn('checked_on', 'date', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('requirement_code', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('sanction', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('fine_dkk', 'numeric')
    .addColumn('supplier_response', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz')
    .addCheckConstraint('contract_checks_outcome', sql`outcome in ('compliant', 'finding', 'breach')`)
    .addCheckConstraint('contract_checks_sanction', sql`sanction in ('none', 'warning', 'fine')`)
    .addCheckConstraint('contract_checks_fine', sql`(sanction = 'fine') = (fine_dkk is not null) and (fine_dkk is null or fine_dkk > 0)`)
    .execute();
  await db.schema.createIndex('contract_checks_tender').on('contract_checks').columns(['tender_id', 'checked_on']).execute();

  // A rating (yearly or at handover): a draft goes to the supplier, who has until reply_due_on to
  // reply; it is public from published_at, with the reply beside it.
  await db.schema
    .createTable('contract_ratings')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('contracts.tender_id'))
    .addColumn('occasion', 'text', (c) => c.notNull())
    .addColumn('rated_on', 'date', (c) => c.notNull())
    .addColumn('overall', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reply_due_on', 'date', (c) => c.notNull())
    .addColumn('reply', 'text')
    .addColumn('replied_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('contract_ratings_occasion', sql`occasion in ('yearly', 'handover')`)
    .addCheckConstraint('contract_ratings_overall', sql`overall in ('good', 'approaching', 'requires_improvement', 'inadequate')`)
    .addCheckConstraint('contract_ratings_reason', sql`length(btrim(reason)) > 0`)
    .addCheckConstraint('contract_ratings_reply', sql`(reply is null) = (replied_at is null)`)
    .execute();
  await db.schema.createIndex('contract_ratings_tender').on('contract_ratings').columns(['tender_id', 'rated_on']).execute();

  // A rating per KPI (or requirement target) within a rating.
  await db.schema
    .createTable('contract_rating_items')
    .addColumn('rating_id', 'integer', (c) => c.notNull().references('contract_ratings.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull().references('contract_targets.id'))
    .addColumn('rating', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contract_rating_items_pk', ['rating_id', 'target_id'])
    .addCheckConstraint('contract_rating_items_rating', sql`rating in ('good', 'approaching', 'requires_improvement', 'inadequate')`)
    .addCheckConstraint('contract_rating_items_reason', sql`length(btrim(reason)) > 0`)
    .execute();

  // A change to the contract (udbudsloven §§178–184), with the legal basis when it crosses §180's limits.
  await db.schema
    .createTable('contract_changes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('tender_id', 'text', (c) => c.notNull().references('contracts.tender_id'))
    .addColumn('changed_on', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reason_text', 'text')
    .addColumn('description', 'text')
    .addColumn('value_change_dkk', 'numeric', (c) => c.notNull())
    .addColumn('new_end_on', 'date')
    .addColumn('legal_basis', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'contract_changes_reason',
      sql`reason in ('extra_work', 'changed_quantities', 'unforeseen_conditions', 'price_adjustment', 'extension_of_time', 'other')`,
    )
    .addCheckConstraint('contract_changes_other', sql`reason <> 'other' or length(btrim(coalesce(reason_text, ''))) > 0`)
    .execute();
  await db.schema.createIndex('contract_changes_tender').on('contract_changes').columns(['tender_id', 'changed_on']).execute();

  for (const table of watched) {
    await sql`
      create trigger ${sql.id(`${table}_notify_changes`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function notify_udbud_changes()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'contract_changes',
    'contract_rating_items',
    'contract_ratings',
    'contract_checks',
    'contract_progress',
    'contract_targets',
    'contracts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('requirements').dropColumn('measures').execute();
}
