import type { Executor } from '../db/database.js';
import type { RequirementRow, ThresholdRuleRow, ThresholdSetRow } from '../db/types.js';
import type { ThresholdRule, ThresholdSet } from '../domain/procedure.js';

export async function knownRequirementCodes(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('requirements').select('code').execute();
  return new Set(rows.map((r) => r.code));
}

const toRule = (r: ThresholdRuleRow): ThresholdRule => ({
  contractType: r.contract_type,
  minDkk: r.min_dkk,
  minInclusive: r.min_inclusive,
  maxDkk: r.max_dkk,
  procedure: r.procedure,
  minBids: r.min_bids,
  maxInvited: r.max_invited,
  announce: r.announce,
  standstillDays: r.standstill_days,
  legalBasis: r.legal_basis,
  source: r.source,
});

const toSet = (set: ThresholdSetRow, rules: ThresholdRuleRow[]): ThresholdSet => ({
  id: set.id,
  name: set.name,
  effectiveFrom: set.effective_from,
  effectiveTo: set.effective_to,
  rules: rules.filter((r) => r.set_id === set.id).map(toRule),
});

/** Every threshold set with its rules, newest first. */
export async function listThresholdSets(db: Executor): Promise<ThresholdSet[]> {
  const sets = await db.selectFrom('threshold_sets').selectAll().orderBy('effective_from', 'desc').execute();
  const rules = await db
    .selectFrom('threshold_rules')
    .selectAll()
    .orderBy('contract_type')
    .orderBy('min_dkk')
    .execute();
  return sets.map((set) => toSet(set, rules));
}

/** One set with its rules; `forUpdate` locks the set's row for the rest of the transaction. */
export async function findThresholdSet(db: Executor, id: number, options: { forUpdate?: boolean } = {}): Promise<ThresholdSet | null> {
  let query = db.selectFrom('threshold_sets').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const set = await query.executeTakeFirst();
  if (!set) return null;
  const rules = await db
    .selectFrom('threshold_rules')
    .selectAll()
    .where('set_id', '=', id)
    .orderBy('contract_type')
    .orderBy('min_dkk')
    .execute();
  return toSet(set, rules);
}

export async function listRequirements(db: Executor): Promise<Array<RequirementRow & { tenderCount: number }>> {
  return db
    .selectFrom('requirements as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('tender_requirements as tr')
        .whereRef('tr.code', '=', 'r.code')
        .select(eb.fn.countAll<number>().as('n'))
        .as('tenderCount'),
    )
    .orderBy('r.category')
    .orderBy('r.code')
    .execute() as Promise<Array<RequirementRow & { tenderCount: number }>>;
}

/**
 * The catalogue's codes and titles in the catalogue's order, for choosing among them (the search
 * form): no count of tenders per requirement, which reads every tender's requirements.
 */
export async function requirementChoices(db: Executor): Promise<Array<Pick<RequirementRow, 'code' | 'title'>>> {
  return db.selectFrom('requirements').select(['code', 'title']).orderBy('category').orderBy('code').execute();
}

export async function findRequirement(db: Executor, code: string, options: { forUpdate?: boolean } = {}): Promise<RequirementRow | null> {
  let query = db.selectFrom('requirements').selectAll().where('code', '=', code);
  if (options.forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) ?? null;
}

export async function requirementsByCode(db: Executor, codes: string[]): Promise<Map<string, RequirementRow>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('requirements').selectAll().where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r]));
}
