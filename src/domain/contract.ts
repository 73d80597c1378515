import type { ContractType } from './vocabulary.js';
import { addDays, daysBetween, isClosedDay } from './standstill.js';

// After the contract: targets agreed at signing, progress and checks during the work, ratings on
// the UK contract-performance scale, and changes within udbudsloven §§178–184. The rules here are
// pure; contracts/ keeps the records. Counts and outcomes only: nothing here is about a person.

/** Which way a target points: deliver at least (apprentice-years) or keep at most (kg CO₂e). */
export const directions = ['at_least', 'at_most'] as const;
export type Direction = (typeof directions)[number];

/** How figures of one measure combine across contracts: added up, or averaged. */
export const aggregates = ['sum', 'mean'] as const;
export type Aggregate = (typeof aggregates)[number];

/**
 * The measures a requirement's target can have (the catalogue says which a code has). Each has a
 * unit, worded in the dictionary under contracts.measures.<code>, the way it points, and how the
 * records across contracts combine its figures: 'sum' for amounts that add up (apprentice-years,
 * persons, checks, tonnes), 'mean' for shares, scores and limits per unit (a share or a limit is
 * not added up: the average is shown).
 */
export const measures = {
  apprentice_years: { direction: 'at_least', decimals: 1, aggregate: 'sum' },
  apprentice_share: { direction: 'at_least', decimals: 1, aggregate: 'mean' },
  inclusion_persons: { direction: 'at_least', decimals: 0, aggregate: 'sum' },
  labour_checks: { direction: 'at_least', decimals: 0, aggregate: 'sum' },
  co2_per_m2_year: { direction: 'at_most', decimals: 2, aggregate: 'mean' },
  fossil_free_share: { direction: 'at_least', decimals: 0, aggregate: 'mean' },
  ecolabel_share: { direction: 'at_least', decimals: 0, aggregate: 'mean' },
  reused_tonnes: { direction: 'at_least', decimals: 1, aggregate: 'sum' },
  dgnb_score: { direction: 'at_least', decimals: 1, aggregate: 'mean' },
  documentation_checks: { direction: 'at_least', decimals: 0, aggregate: 'sum' },
} as const satisfies Record<string, { direction: Direction; decimals: number; aggregate: Aggregate }>;
export type Measure = keyof typeof measures;
export const measureCodes = Object.keys(measures) as Measure[];
export const isMeasure = (code: unknown): code is Measure => typeof code === 'string' && Object.hasOwn(measures, code);

/** How a measure's figures combine across contracts; a code outside the list is averaged (nothing is added up unasked). */
export const aggregateOf = (measure: string): Aggregate => (isMeasure(measure) ? measures[measure].aggregate : 'mean');

/** Up to this many KPIs per contract besides the requirements. */
export const MAX_KPIS = 5;

/** The UK contract-performance scale, best first. */
export const ratingScale = ['good', 'approaching', 'requires_improvement', 'inadequate'] as const;
export type Rating = (typeof ratingScale)[number];

/** A rating is made at least yearly and at handover. */
export const ratingOccasions = ['yearly', 'handover'] as const;
export type RatingOccasion = (typeof ratingOccasions)[number];

/** Working days the supplier has to reply to a draft rating before it is published. */
export const RATING_REPLY_WORKING_DAYS = 10;

export const checkOutcomes = ['compliant', 'finding', 'breach'] as const;
export type CheckOutcome = (typeof checkOutcomes)[number];

export const sanctions = ['none', 'warning', 'fine'] as const;
export type Sanction = (typeof sanctions)[number];

/** Why a contract changed: a fixed list, 'other' with a text. */
export const changeReasons = ['extra_work', 'changed_quantities', 'unforeseen_conditions', 'price_adjustment', 'extension_of_time', 'other'] as const;
export type ChangeReason = (typeof changeReasons)[number];

/**
 * The legal bases a change may rest on when it crosses §180's de minimis limits (udbudsloven
 * §§178–184): a review clause in the contract (§179), additional works, services or supplies
 * (§181), unforeseen circumstances (§182), a new contractor by succession (§183), or a change that
 * is not substantial (§178). Worded under contracts.legalBases.<code>.
 */
export const legalBases = ['review_clause_179', 'additional_181', 'unforeseen_182', 'succession_183', 'not_substantial_178'] as const;
export type LegalBasis = (typeof legalBases)[number];

/** §180: changes below 10 % of the original value (services, supplies) or 15 % (works), and below the EU threshold. */
export const deMinimisShare = (contractType: ContractType): number => (contractType === 'works' ? 0.15 : 0.1);

export interface ChangeTotals {
  /** The sum of every change's value, signed (kr.). */
  cumulativeDkk: number;
  /** The current value: original plus the cumulative change. */
  currentValueDkk: number;
  /** The cumulative change in per cent of the original value (null when the original is 0). */
  cumulativePercent: number | null;
}

export function changeTotals(originalValueDkk: number, changes: readonly { valueChangeDkk: number }[]): ChangeTotals {
  const cumulativeDkk = changes.reduce((sum, change) => sum + change.valueChangeDkk, 0);
  return {
    cumulativeDkk,
    currentValueDkk: originalValueDkk + cumulativeDkk,
    cumulativePercent: originalValueDkk > 0 ? (cumulativeDkk / originalValueDkk) * 100 : null,
  };
}

export interface DeMinimisCheck {
  /** True when the changes together (net, as art. 72(2) counts them) cross §180's limits. */
  crosses: boolean;
  /** The share limit for the contract type: 10 or 15 (per cent). */
  limitPercent: number;
  /** Which limit is crossed: the share of the original value, the EU threshold, or both. */
  bySharePercent: boolean;
  byEuThreshold: boolean;
}

/**
 * Whether the contract's changes, the new one included, cross the de minimis limits of §180: the
 * net cumulative change against 10 % (services, supplies) or 15 % (works) of the original value,
 * and against the EU threshold for the contract type (null when unknown: only the share counts).
 */
export function deMinimis(
  contractType: ContractType,
  originalValueDkk: number,
  cumulativeDkk: number,
  euThresholdDkk: number | null,
): DeMinimisCheck {
  const share = deMinimisShare(contractType);
  const net = Math.abs(cumulativeDkk);
  const bySharePercent = originalValueDkk > 0 ? net >= share * originalValueDkk : net > 0;
  const byEuThreshold = euThresholdDkk !== null && net >= euThresholdDkk;
  return { crosses: bySharePercent || byEuThreshold, limitPercent: share * 100, bySharePercent, byEuThreshold };
}

/** Where a target stands: met, still in progress (the work is not handed over), or not met at completion. */
export type TargetStatus = 'met' | 'in_progress' | 'not_met';

export interface TargetProgress {
  status: TargetStatus;
  /** Delivered as a share of the target, 0–1 (capped) for at-least targets; for at-most targets, 1 while under the limit. */
  fraction: number;
}

/**
 * Progress of a target from the latest delivered value. An at-least target is met once delivered
 * reaches it; an at-most target (kg CO₂e per m²) is met at completion when the value stays within
 * it, and is not met as soon as a value exceeds it. Without completion a target not yet met is in
 * progress; at completion it is met or not met.
 */
export function targetProgress(direction: Direction, target: number, delivered: number | null, completed: boolean): TargetProgress {
  if (direction === 'at_least') {
    const fraction = target > 0 ? Math.min(1, Math.max(0, (delivered ?? 0) / target)) : 1;
    if (delivered !== null && delivered >= target) return { status: 'met', fraction: 1 };
    return { status: completed ? 'not_met' : 'in_progress', fraction };
  }
  if (delivered !== null && delivered > target) return { status: 'not_met', fraction: 1 };
  if (completed && delivered !== null) return { status: 'met', fraction: 1 };
  if (completed) return { status: 'not_met', fraction: 0 };
  return { status: 'in_progress', fraction: delivered === null ? 0 : 1 };
}

/** Days the handover was late against the planned (or last changed) end date; 0 when on time or early. */
export const daysLate = (plannedHandoverOn: string, handoverOn: string): number => Math.max(0, daysBetween(plannedHandoverOn, handoverOn));

/** The planned handover after the changes: the latest new end date a change set, else the one agreed at signing. */
export function plannedHandover(agreedOn: string, changes: readonly { changedOn: string; newEndOn: string | null }[]): string {
  const withDate = [...changes].filter((c) => c.newEndOn).sort((a, b) => (a.changedOn < b.changedOn ? -1 : a.changedOn > b.changedOn ? 1 : 0));
  return withDate.length ? withDate[withDate.length - 1]!.newEndOn! : agreedOn;
}

/** The last day the supplier can reply to a draft rating sent on `sentOn`: 10 working days later. */
export function ratingReplyDue(sentOn: string, extraClosedDays: readonly string[] = []): string {
  let day = sentOn;
  for (let counted = 0; counted < RATING_REPLY_WORKING_DAYS; ) {
    day = addDays(day, 1);
    if (!isClosedDay(day, extraClosedDays)) counted++;
  }
  return day;
}

/** A contract is over budget when its final (or, before completion, current) value exceeds the original. */
export const overBudget = (originalValueDkk: number, valueDkk: number): boolean => valueDkk > originalValueDkk;
