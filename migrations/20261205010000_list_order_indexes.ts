import type { Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// The public list's first page straight from an index, at national scale (issue 18):
// - its default order (expected publication, then id) and the status filter in that order: with
//   the date alone, PostgreSQL read every tender of the first date and sorted them for the id;
// - the newest changes first (the back office's list, and a search sorted by change);
// - the usual filters (status, work type, value) counted from the index alone, up to the list's
//   cut-off, without reading the tenders themselves.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tenders_publication_order').on('tenders').columns(['expected_publication_date', 'id']).execute();
  await db.schema.createIndex('tenders_status_publication_order').on('tenders').columns(['status', 'expected_publication_date', 'id']).execute();
  await db.schema.createIndex('tenders_updated_order').on('tenders').columns(['updated_at desc', 'id']).execute();
  await db.schema.createIndex('tenders_filter_columns').on('tenders').columns(['status', 'work_type', 'estimated_value_dkk']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['tenders_filter_columns', 'tenders_updated_order', 'tenders_status_publication_order', 'tenders_publication_order']) {
    await db.schema.dropIndex(name).execute();
  }
}
