import { sql } from 'kysely';
import type { Executor } from '../../src/db/database.js';

/**
 * `count` copies of a stored tender, ids `${prefix}00001`…, written in one statement (thousands in
 * well under a second, where the import would take minutes): for lists with more matches than
 * they count. Each copy's title ends in its number; everything a list shows or filters on is the
 * original's.
 */
export async function copyTender(db: Executor, fromId: string, count: number, prefix: string): Promise<void> {
  await sql`
    insert into tenders (id, revision, title, description, work_type, contract_type, estimated_value_dkk, cpv_codes,
                         expected_publication, expected_publication_date, tender_deadline, status, dbd_status, dbd_last_modified)
    select ${prefix} || lpad(g::text, 5, '0'), revision, title || ' ' || g, description, work_type, contract_type, estimated_value_dkk,
           cpv_codes, expected_publication, expected_publication_date, tender_deadline, status, dbd_status, dbd_last_modified
      from tenders, generate_series(1, ${count}::int) as g
     where id = ${fromId}`.execute(db);
}
