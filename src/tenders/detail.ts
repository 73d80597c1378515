import type { Db } from '../db/database.js';
import type { RequirementRow, TenderRow } from '../db/types.js';
import { copenhagenDate, parseExpectedPeriod } from '../domain/period.js';
import {
  classifyProcedure,
  explainProcedure,
  thresholdSetInForce,
  type ProcedureExplanation,
  type ThresholdRule,
  type ThresholdSet,
} from '../domain/procedure.js';
import { publicDecisionOf, type PublicDecision } from '../domain/decision.js';
import type { Lang } from '../i18n/index.js';
import { listThresholdSets, requirementsByCode } from '../rules/repository.js';
import { eventsOf, type TenderEvent } from './events.js';
import { decisionsOf, findTender } from './repository.js';

export interface TenderDetail {
  row: TenderRow;
  requirements: Array<{ code: string; requirement: RequirementRow | null }>;
  events: TenderEvent[];
  procedure: ProcedureExplanation;
  /** The public part of each decision, in the order they were made. */
  decisions: PublicDecision[];
}

/** The date whose threshold set governs a tender: its expected publication, else today. */
export function classificationDate(row: Pick<TenderRow, 'expected_publication'>, now: Date): string {
  const period = row.expected_publication ? parseExpectedPeriod(row.expected_publication) : null;
  return period?.start ?? copenhagenDate(now);
}

/** Why the tender gets its procedure, in `lang` (Danish for the back office, the API and CSV). */
export function procedureFor(row: TenderRow, sets: readonly ThresholdSet[], now: Date, lang: Lang = 'da'): ProcedureExplanation {
  return explainProcedure(row.estimated_value_dkk, row.contract_type, sets, classificationDate(row, now), lang);
}

/**
 * The threshold rule that governs a tender, classified by its estimated value, or by `fallbackDkk`
 * (an award's value) when it has none. Null when no set or rule covers the amount.
 */
export function thresholdRuleFor(
  row: Pick<TenderRow, 'estimated_value_dkk' | 'contract_type' | 'expected_publication'>,
  sets: readonly ThresholdSet[],
  now: Date,
  fallbackDkk: number | null = null,
): ThresholdRule | null {
  const amount = row.estimated_value_dkk ?? fallbackDkk;
  const set = thresholdSetInForce(sets, classificationDate(row, now));
  if (amount === null || !set) return null;
  return classifyProcedure(amount, row.contract_type, set.rules);
}

export async function getTenderDetail(db: Db, id: string, now = new Date(), lang: Lang = 'da'): Promise<TenderDetail | null> {
  // Read side by side (an unknown id costs three empty reads): a page waits for the slowest, not the sum.
  const [stored, events, sets, decisions] = await Promise.all([findTender(db, id), eventsOf(db, id), listThresholdSets(db), decisionsOf(db, id)]);
  if (!stored) return null;
  const catalogue = await requirementsByCode(db, stored.requirements);
  return {
    row: stored.row,
    requirements: stored.requirements.map((code) => ({ code, requirement: catalogue.get(code) ?? null })),
    events,
    procedure: procedureFor(stored.row, sets, now, lang),
    decisions: decisions.map(publicDecisionOf).filter((d): d is PublicDecision => d !== null),
  };
}
