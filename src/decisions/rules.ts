import { decisionKinds, type DecisionKind, type Refusal } from '../domain/decision.js';
import type { TenderStatus } from '../domain/vocabulary.js';
import { copenhagenDate } from '../domain/period.js';
import type { Lang } from '../i18n/index.js';
import { refusalText } from '../wording/refusals.js';
import { decisionDate, type AwardDetails, type DecisionInput } from './schemas.js';

// Which decision an officer may record in which state, and the date rules a decision must keep.
// Pure: the service feeds in the locked tender's state and today's date.

/**
 * The decisions' own transitions. They are wider than the lifecycle's single steps on purpose:
 * an award may be recorded straight from `published` (the portal has no separate "evaluation
 * started" action), and a direct award skips the tendering states altogether.
 */
export const decisionTransitions: Record<DecisionKind, { from: readonly TenderStatus[]; to: TenderStatus }> = {
  award: { from: ['published', 'evaluation'], to: 'awarded' },
  direct_award: { from: ['planned', 'in_preparation', 'published'], to: 'awarded' },
  contract: { from: ['awarded'], to: 'contracted' },
  cancellation: { from: ['planned', 'in_preparation', 'published', 'evaluation', 'awarded'], to: 'cancelled' },
};

export const allowedDecisions = (status: TenderStatus): DecisionKind[] =>
  decisionKinds.filter((kind) => decisionTransitions[kind].from.includes(status));

/** The states with a specific reason per refused decision (texts under adminTenders.refusals). */
const specificRefusals = {
  cancelled: ['award', 'direct_award', 'contract', 'cancellation'],
  contracted: ['award', 'direct_award', 'contract', 'cancellation'],
  awarded: ['award', 'direct_award'],
  evaluation: ['direct_award'],
} as const satisfies Partial<Record<TenderStatus, readonly DecisionKind[]>>;

type SpecificState = keyof typeof specificRefusals;
const isSpecific = (status: TenderStatus): status is SpecificState => Object.hasOwn(specificRefusals, status);

/** Why a decision cannot be recorded in a state, as a key and values; null when it can. */
export function refusalOf(kind: DecisionKind, status: TenderStatus): Refusal | null {
  if (decisionTransitions[kind].from.includes(status)) return null;
  if (isSpecific(status) && (specificRefusals[status] as readonly DecisionKind[]).includes(kind)) {
    // adminTenders.refusals.<status>.<kind>: specificRefusals lists exactly the keys that exist.
    return { key: `${status}.${kind}` };
  }
  if (kind === 'award') return { key: 'notYetPublished' };
  if (kind === 'contract') return { key: 'notYetAwarded' };
  return { key: 'otherStatus', vars: { status } };
}

/** refusalOf in words, in `lang` (Danish by default). */
export const refusalFor = (kind: DecisionKind, status: TenderStatus, lang: Lang = 'da'): string | null => {
  const refusal = refusalOf(kind, status);
  return refusal && refusalText(refusal, lang);
};

/** The award a contract follows: when it was decided and when its standstill ends (null: none). */
export interface AwardOnRecord {
  decidedOn: string;
  standstillEndsOn: string | null;
}

/** A date that cannot be right: the form field to blame and why. */
export interface DateIssue {
  field: string;
  refusal: Refusal;
}

export interface DateProblem {
  field: string;
  message: string;
}

/**
 * Dates typed into the forms that cannot be right; the first one found. `today` is 'YYYY-MM-DD'.
 */
export function dateIssue(input: DecisionInput, today: string, award: AwardOnRecord | null): DateIssue | null {
  const future = (field: string, date: string): DateIssue | null => (date > today ? { field, refusal: { key: 'future' } } : null);

  switch (input.kind) {
    case 'award':
      return future('decidedOn', input.details.decidedOn) ?? future('notifiedOn', input.details.notifiedOn);
    case 'cancellation':
    case 'direct_award':
      return future('decidedOn', input.details.decidedOn);
    case 'contract': {
      const signedOn = decisionDate(input);
      const early = future('signedOn', signedOn);
      if (early || !award) return early;
      if (award.standstillEndsOn && signedOn <= award.standstillEndsOn) {
        return { field: 'signedOn', refusal: { key: 'inStandstill', vars: { date: award.standstillEndsOn } } };
      }
      if (signedOn < award.decidedOn) return { field: 'signedOn', refusal: { key: 'beforeAward', vars: { date: award.decidedOn } } };
      return null;
    }
  }
}

/**
 * An award before the tender's own bid deadline: bids may still be coming, so it is refused unless
 * the officer gives a reason (kept in the audit log with the decision). "Before" is a decision date
 * before the deadline's Copenhagen day, or an award recorded while the deadline has not yet passed.
 */
export function earlyAwardIssue(details: AwardDetails, deadline: Date | null, now: Date): DateIssue | null {
  if (!deadline || details.earlyReason) return null;
  const deadlineDay = copenhagenDate(deadline);
  if (details.decidedOn >= deadlineDay && now >= deadline) return null;
  return { field: 'earlyReason', refusal: { key: 'beforeDeadline', vars: { date: deadlineDay } } };
}

/** dateIssue with its message in `lang` (Danish by default). */
export function dateProblem(input: DecisionInput, today: string, award: AwardOnRecord | null, lang: Lang = 'da'): DateProblem | null {
  const issue = dateIssue(input, today, award);
  return issue && { field: issue.field, message: refusalText(issue.refusal, lang) };
}
