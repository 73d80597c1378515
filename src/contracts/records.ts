import type { Executor } from '../db/database.js';
import type { ContractRow } from '../db/types.js';
import {
  changeTotals,
  daysLate,
  deMinimis,
  overBudget,
  plannedHandover,
  targetProgress,
  type ChangeReason,
  type ChangeTotals,
  type CheckOutcome,
  type DeMinimisCheck,
  type Direction,
  type LegalBasis,
  type Rating,
  type RatingOccasion,
  type Sanction,
  type TargetStatus,
} from '../domain/contract.js';
import { thresholdSetInForce, type ThresholdSet } from '../domain/procedure.js';
import type { ContractType } from '../domain/vocabulary.js';
import { listThresholdSets } from '../rules/repository.js';

// A contract as every reader sees it: the one read model that the tender page, the back office,
// the API and OCDS build on. Public reads leave out draft ratings (not yet published) and nothing
// here names a person: counts, amounts, outcomes and the officers' and supplier's words.

export interface ProgressPoint {
  id: number;
  observedOn: string;
  value: number;
  note: string | null;
}

export interface TargetRecord {
  id: number;
  position: number;
  kind: 'requirement' | 'kpi';
  requirementCode: string | null;
  /** The measure code (domain/contract.ts) of a requirement's target; null for a KPI. */
  measure: string | null;
  /** A KPI's name; null for a requirement's target (worded from the requirement and measure). */
  title: string | null;
  /** A KPI's unit as the officer wrote it; null for a requirement's target (the measure has one). */
  unit: string | null;
  direction: Direction;
  targetValue: number;
  /** The latest delivered value, and the day it was observed; null before the first observation. */
  delivered: number | null;
  deliveredOn: string | null;
  status: TargetStatus;
  /** 0–1, for a progress bar. */
  fraction: number;
  /** Every observation, oldest first. */
  progress: ProgressPoint[];
}

export interface CheckRecord {
  id: number;
  checkedOn: string;
  subject: string;
  requirementCode: string | null;
  outcome: CheckOutcome;
  sanction: Sanction;
  fineDkk: number | null;
  supplierResponse: string | null;
  note: string | null;
}

export interface RatingItemRecord {
  targetId: number;
  rating: Rating;
  reason: string;
}

export interface RatingRecord {
  id: number;
  occasion: RatingOccasion;
  ratedOn: string;
  overall: Rating;
  reason: string;
  replyDueOn: string;
  reply: string | null;
  repliedAt: Date | null;
  /** Null while the rating is a draft with the supplier (only officers and the supplier see it). */
  publishedAt: Date | null;
  items: RatingItemRecord[];
}

export interface ChangeRecord {
  id: number;
  changedOn: string;
  reason: ChangeReason;
  reasonText: string | null;
  description: string | null;
  valueChangeDkk: number;
  newEndOn: string | null;
  legalBasis: LegalBasis | null;
  /** The changes up to and including this one: their sum and its share of the original value. */
  cumulativeDkk: number;
  cumulativePercent: number | null;
  /** Whether the changes up to this one cross §180's de minimis limits (the public page keeps the warning). */
  crossesDeMinimis: boolean;
}

export interface ContractRecord {
  tenderId: string;
  supplierName: string;
  supplierCvr: string;
  contractType: ContractType;
  originalValueDkk: number;
  signedOn: string;
  /** The handover agreed at signing, and the one in force after changes that moved it. */
  agreedHandoverOn: string;
  plannedHandoverOn: string;
  finalValueDkk: number | null;
  handoverOn: string | null;
  completedAt: Date | null;
  /** Days late at completion against the planned handover in force; null before completion. */
  daysLate: number | null;
  /** Final value (or, before completion, the current value) above the original. */
  overBudget: boolean;
  targets: TargetRecord[];
  checks: CheckRecord[];
  ratings: RatingRecord[];
  changes: ChangeRecord[];
  totals: ChangeTotals;
  deMinimis: DeMinimisCheck;
  /** The EU threshold for the contract type in force at signing (kr.), null when no set says. */
  euThresholdDkk: number | null;
}

export interface ReadOptions {
  /** Officers and the supplier: include draft ratings. Default false (the public). */
  drafts?: boolean;
}

/** The EU threshold for a contract type on a day: the lowest amount the set in force sends to an EU procedure. */
function euThresholdIn(sets: readonly ThresholdSet[], contractType: ContractType, onDate: string): number | null {
  const set = thresholdSetInForce(sets, onDate);
  const eu = set?.rules.filter((rule) => rule.contractType === contractType && rule.procedure === 'eu_tender').map((rule) => rule.minDkk);
  return eu?.length ? Math.min(...eu) : null;
}

/** The EU threshold for a contract type in the threshold set in force on a day ('YYYY-MM-DD'). */
export async function euThresholdOn(db: Executor, contractType: ContractType, onDate: string): Promise<number | null> {
  return euThresholdIn(await listThresholdSets(db), contractType, onDate);
}

/** Whether a tender has a contract record (signed through the portal). */
export async function findContract(db: Executor, tenderId: string): Promise<ContractRow | undefined> {
  return db.selectFrom('contracts').selectAll().where('tender_id', '=', tenderId).executeTakeFirst();
}

/** Many contracts' records at once (lists, the requirement and supplier records, OCDS). */
export async function loadContracts(db: Executor, tenderIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, ContractRecord>> {
  const records = new Map<string, ContractRecord>();
  if (tenderIds.length === 0) return records;
  const ids = [...new Set(tenderIds)];
  const [contracts, targets, progress, checks, ratings, items, changes] = await Promise.all([
    db.selectFrom('contracts').selectAll().where('tender_id', 'in', ids).execute(),
    db.selectFrom('contract_targets').selectAll().where('tender_id', 'in', ids).orderBy('position').orderBy('id').execute(),
    db.selectFrom('contract_progress').selectAll().where('tender_id', 'in', ids).orderBy('observed_on').orderBy('id').execute(),
    db.selectFrom('contract_checks').selectAll().where('tender_id', 'in', ids).orderBy('checked_on').orderBy('id').execute(),
    db
      .selectFrom('contract_ratings')
      .selectAll()
      .where('tender_id', 'in', ids)
      .$if(!options.drafts, (q) => q.where('published_at', 'is not', null))
      .orderBy('rated_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('contract_rating_items')
      .innerJoin('contract_ratings', 'contract_ratings.id', 'contract_rating_items.rating_id')
      .select(['contract_rating_items.rating_id', 'contract_rating_items.target_id', 'contract_rating_items.rating', 'contract_rating_items.reason'])
      .where('contract_ratings.tender_id', 'in', ids)
      .execute(),
    db.selectFrom('contract_changes').selectAll().where('tender_id', 'in', ids).orderBy('changed_on').orderBy('id').execute(),
  ]);
  const sets = contracts.length ? await listThresholdSets(db) : [];
  for (const contract of contracts) {
    const completed = contract.completed_at !== null;
    const euThresholdDkk = euThresholdIn(sets, contract.contract_type, contract.signed_on);
    const original = Number(contract.original_value_dkk);

    const ownChanges = changes.filter((c) => c.tender_id === contract.tender_id);
    let running = 0;
    const changeRecords: ChangeRecord[] = ownChanges.map((c) => {
      running += Number(c.value_change_dkk);
      const totals = changeTotals(original, [{ valueChangeDkk: running }]);
      return {
        id: c.id,
        changedOn: c.changed_on,
        reason: c.reason,
        reasonText: c.reason_text,
        description: c.description,
        valueChangeDkk: Number(c.value_change_dkk),
        newEndOn: c.new_end_on,
        legalBasis: c.legal_basis,
        cumulativeDkk: totals.cumulativeDkk,
        cumulativePercent: totals.cumulativePercent,
        crossesDeMinimis: deMinimis(contract.contract_type, original, running, euThresholdDkk).crosses,
      };
    });
    const totals = changeTotals(
      original,
      changeRecords.map((c) => ({ valueChangeDkk: c.valueChangeDkk })),
    );
    const planned = plannedHandover(contract.planned_handover_on, changeRecords);

    const targetRecords: TargetRecord[] = targets
      .filter((target) => target.tender_id === contract.tender_id)
      .map((target) => {
        const points = progress
          .filter((p) => p.target_id === target.id)
          .map((p) => ({ id: p.id, observedOn: p.observed_on, value: Number(p.value), note: p.note }));
        const latest = points[points.length - 1] ?? null;
        const targetValue = Number(target.target_value);
        const { status, fraction } = targetProgress(target.direction, targetValue, latest?.value ?? null, completed);
        return {
          id: target.id,
          position: target.position,
          kind: target.kind,
          requirementCode: target.requirement_code,
          measure: target.measure,
          title: target.title,
          unit: target.unit,
          direction: target.direction,
          targetValue,
          delivered: latest?.value ?? null,
          deliveredOn: latest?.observedOn ?? null,
          status,
          fraction,
          progress: points,
        };
      });

    const finalValue = contract.final_value_dkk === null ? null : Number(contract.final_value_dkk);
    records.set(contract.tender_id, {
      tenderId: contract.tender_id,
      supplierName: contract.supplier_name,
      supplierCvr: contract.supplier_cvr,
      contractType: contract.contract_type,
      originalValueDkk: original,
      signedOn: contract.signed_on,
      agreedHandoverOn: contract.planned_handover_on,
      plannedHandoverOn: planned,
      finalValueDkk: finalValue,
      handoverOn: contract.handover_on,
      completedAt: contract.completed_at,
      daysLate: contract.handover_on ? daysLate(planned, contract.handover_on) : null,
      overBudget: overBudget(original, finalValue ?? totals.currentValueDkk),
      targets: targetRecords,
      checks: checks
        .filter((c) => c.tender_id === contract.tender_id)
        .map((c) => ({
          id: c.id,
          checkedOn: c.checked_on,
          subject: c.subject,
          requirementCode: c.requirement_code,
          outcome: c.outcome,
          sanction: c.sanction,
          fineDkk: c.fine_dkk === null ? null : Number(c.fine_dkk),
          supplierResponse: c.supplier_response,
          note: c.note,
        })),
      ratings: ratings
        .filter((r) => r.tender_id === contract.tender_id)
        .map((r) => ({
          id: r.id,
          occasion: r.occasion,
          ratedOn: r.rated_on,
          overall: r.overall,
          reason: r.reason,
          replyDueOn: r.reply_due_on,
          reply: r.reply,
          repliedAt: r.replied_at,
          publishedAt: r.published_at,
          items: items
            .filter((item) => item.rating_id === r.id)
            .map((item) => ({ targetId: item.target_id, rating: item.rating, reason: item.reason }))
            .sort((a, b) => a.targetId - b.targetId),
        })),
      changes: changeRecords,
      totals,
      deMinimis: deMinimis(contract.contract_type, original, totals.cumulativeDkk, euThresholdDkk),
      euThresholdDkk,
    });
  }
  return records;
}

/** One contract's record, or null when the tender has none. */
export async function loadContract(db: Executor, tenderId: string, options: ReadOptions = {}): Promise<ContractRecord | null> {
  return (await loadContracts(db, [tenderId], options)).get(tenderId) ?? null;
}
