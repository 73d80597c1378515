import type { Executor } from '../db/database.js';

// Which contracts a public list shows: every contract (newest signing first), a supplier's by CVR,
// and those with a target for a requirement code. The records themselves come from records.ts.

/** The tenders with a contract, newest signing first; only a supplier's when `supplierCvr` is given. */
export async function contractTenderIds(db: Executor, options: { supplierCvr?: string } = {}): Promise<string[]> {
  const rows = await db
    .selectFrom('contracts')
    .select('tender_id')
    .$if(options.supplierCvr !== undefined, (q) => q.where('supplier_cvr', '=', options.supplierCvr!))
    .orderBy('signed_on', 'desc')
    .orderBy('tender_id')
    .execute();
  return rows.map((row) => row.tender_id);
}

/** The tenders whose contract has a target for a requirement code. */
export async function contractTenderIdsWithRequirement(db: Executor, code: string): Promise<string[]> {
  const rows = await db.selectFrom('contract_targets').select('tender_id').distinct().where('requirement_code', '=', code).orderBy('tender_id').execute();
  return rows.map((row) => row.tender_id);
}
