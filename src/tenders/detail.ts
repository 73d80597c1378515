import type { Db } from '../db/database.js';
import type { RequirementRow, TenderRow } from '../db/types.js';
import { copenhagenDate, parseExpectedPeriod } from '../domain/period.js';
import { explainProcedure, type ProcedureExplanation, type ThresholdSet } from '../domain/procedure.js';
import type { ContractType } from '../domain/vocabulary.js';
import { listThresholdSets, requirementsByCode } from '../rules/repository.js';
import { eventsOf, findTender, type TenderEvent } from './repository.js';

export interface TenderDetail {
  row: TenderRow;
  requirements: Array<{ code: string; requirement: RequirementRow | null }>;
  events: TenderEvent[];
  procedure: ProcedureExplanation;
}

/** The date whose threshold set governs a tender: its expected publication, else today. */
export function classificationDate(row: Pick<TenderRow, 'expected_publication'>, now: Date): string {
  const period = row.expected_publication ? parseExpectedPeriod(row.expected_publication) : null;
  return period?.start ?? copenhagenDate(now);
}

export function procedureFor(row: TenderRow, sets: readonly ThresholdSet[], now: Date): ProcedureExplanation {
  return explainProcedure(row.estimated_value_dkk, row.contract_type as ContractType, sets, classificationDate(row, now));
}

export async function getTenderDetail(db: Db, id: string, now = new Date()): Promise<TenderDetail | null> {
  const stored = await findTender(db, id);
  if (!stored) return null;
  const [catalogue, events, sets] = await Promise.all([
    requirementsByCode(db, stored.requirements),
    eventsOf(db, id),
    listThresholdSets(db),
  ]);
  return {
    row: stored.row,
    requirements: stored.requirements.map((code) => ({ code, requirement: catalogue.get(code) ?? null })),
    events,
    procedure: procedureFor(stored.row, sets, now),
  };
}
