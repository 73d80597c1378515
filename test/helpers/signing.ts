import type { Test } from 'tap';
import type { Db } from '../../src/db/database.js';
import { findTender } from '../../src/tenders/repository.js';
import { copenhagenDay, SMALL_TENDER } from './decisions.js';
import { awardForm } from './fixtures.js';
import { officerWithTenders } from './officer.js';

// The contract form as an officer fills it in, for the web tests of signing. SMALL_TENDER is below
// the EU threshold (no standstill), so it can be signed today; it carries LAB-ILO94 (labour_checks)
// and SOC-APPRENTICE (apprentice_years, apprentice_share).

export const SIGNING_PAGE = `/admin/udbud/${SMALL_TENDER}`;

/** The decision tests' tenders with SMALL_TENDER awarded through the form, and the officer signed in. */
export async function awardedTender(t: Test) {
  const { app, db, officer } = await officerWithTenders(t);
  const res = await officer.post(`${SIGNING_PAGE}/tildeling`, awardForm({ 'award-awardValueDkk': '1.480.000' }));
  t.equal(res.statusCode, 303, 'awarded through the form');
  return { app, db, officer };
}

/** A good contract form for SMALL_TENDER after its award: two requirement targets and one KPI. */
export const contractForm = (overrides: Record<string, string> = {}) => ({
  officer_version: '2',
  'contract-signedOn': copenhagenDay(0),
  'contract-finalValueDkk': '1.495.000',
  'contract-plannedHandoverOn': '31.08.2027',
  'contract-target-LAB-ILO94-labour_checks': '6',
  'contract-target-SOC-APPRENTICE-apprentice_years': '2,5',
  'contract-target-SOC-APPRENTICE-apprentice_share': '',
  'contract-kpi1-title': 'Mangler ved aflevering',
  'contract-kpi1-unit': 'antal',
  'contract-kpi1-direction': 'at_most',
  'contract-kpi1-targetValue': '10',
  ...overrides,
});

/** Rows in every table a signing writes, and the tender's status: what a refusal must leave as it was. */
export async function signingRowCounts(db: Db) {
  const count = async (table: 'decisions' | 'contracts' | 'contract_targets' | 'tender_events' | 'audit_log') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    decisions: await count('decisions'),
    contracts: await count('contracts'),
    targets: await count('contract_targets'),
    events: await count('tender_events'),
    audit: await count('audit_log'),
    status: (await findTender(db, SMALL_TENDER))!.row.status,
  };
}

/** The error message shown next to a field (the partials' markup). */
export const errorOf = (html: string, id: string) => new RegExp(`id="${id}-error"><span class="sr-only">[^<]+</span>([^<]+)<`).exec(html)?.[1];

/** The value a text field shows. */
export const valueOf = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
