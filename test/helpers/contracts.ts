import type { Db } from '../../src/db/database.js';
import { importDbdItems } from '../../src/sync/import.js';
import { dbdItem } from './dbd.js';

// A signed works contract written straight into the tables, for tests of what reads contracts
// (pages, API, OCDS, the requirement and supplier records). Tests of the officers' actions go
// through the services instead.

export const CONTRACT_TENDER = 'T-CONTRACT';
export const SUPPLIER_CVR = '30023757';

export interface ContractFixture {
  tenderId?: string;
  title?: string;
  supplierName?: string;
  supplierCvr?: string;
  originalValueDkk?: number;
  signedOn?: string;
  plannedHandoverOn?: string;
  requirements?: string[];
}

/** Imports a works tender with SOC-APPRENTICE and ENV-CO2-LCA, marks it contracted and adds its contract and targets. */
export async function contractInDatabase(db: Db, fixture: ContractFixture = {}) {
  const tenderId = fixture.tenderId ?? CONTRACT_TENDER;
  const requirements = fixture.requirements ?? ['SOC-APPRENTICE', 'ENV-CO2-LCA'];
  const summary = await importDbdItems(db, [
    dbdItem({
      id: tenderId,
      title: fixture.title ?? 'Renovering af Ølby Skole',
      status: 'published',
      estimatedValue: { amountDkk: fixture.originalValueDkk ?? 12_000_000 },
      requirements,
      timeline: { expectedTenderPublication: '2026-05', tenderDeadline: '2026-06-10T12:00:00+02:00' },
    }),
  ]);
  if (summary.rejected.length) throw new Error(`fixture rejected: ${JSON.stringify(summary.rejected)}`);
  await db.updateTable('tenders').set({ status: 'contracted' }).where('id', '=', tenderId).execute();
  await db
    .insertInto('contracts')
    .values({
      tender_id: tenderId,
      decision_id: null,
      supplier_name: fixture.supplierName ?? 'Byg & Anlæg Køge A/S',
      supplier_cvr: fixture.supplierCvr ?? SUPPLIER_CVR,
      contract_type: 'works',
      original_value_dkk: fixture.originalValueDkk ?? 12_000_000,
      signed_on: fixture.signedOn ?? '2026-07-01',
      planned_handover_on: fixture.plannedHandoverOn ?? '2027-08-31',
    })
    .execute();
  const targets = await db
    .insertInto('contract_targets')
    .values([
      ...(requirements.includes('SOC-APPRENTICE')
        ? [{ tender_id: tenderId, position: 1, kind: 'requirement' as const, requirement_code: 'SOC-APPRENTICE', measure: 'apprentice_years', direction: 'at_least' as const, target_value: 4 }]
        : []),
      ...(requirements.includes('ENV-CO2-LCA')
        ? [{ tender_id: tenderId, position: 2, kind: 'requirement' as const, requirement_code: 'ENV-CO2-LCA', measure: 'co2_per_m2_year', direction: 'at_most' as const, target_value: 7.5 }]
        : []),
      { tender_id: tenderId, position: 3, kind: 'kpi' as const, title: 'Mangler ved aflevering', unit: 'antal', direction: 'at_most' as const, target_value: 10 },
    ])
    .returning(['id', 'requirement_code', 'measure', 'title'])
    .execute();
  return { tenderId, targets };
}
