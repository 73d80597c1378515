import { decisionKinds, type DecisionKind } from '../domain/decision.js';
import { parseExpectedPeriod } from '../domain/period.js';
import type { TenderStatus } from '../domain/vocabulary.js';
import { label, t, translate, type Lang } from '../i18n/index.js';
import { formatExpectedPeriod } from '../wording/period.js';
import { decisionDate, type DecisionInput } from './schemas.js';

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

/** Why a decision cannot be recorded in a state, in `lang` (Danish by default); null when it can. */
export function refusalFor(kind: DecisionKind, status: TenderStatus, lang: Lang = 'da'): string | null {
  if (decisionTransitions[kind].from.includes(status)) return null;
  if (isSpecific(status) && (specificRefusals[status] as readonly DecisionKind[]).includes(kind)) {
    // adminTenders.refusals.<status>.<kind>: specificRefusals lists exactly the keys that exist.
    return translate(lang, `adminTenders.refusals.${status}.${kind}`);
  }
  if (kind === 'award') return t(lang, 'adminTenders.refusals.notYetPublished');
  if (kind === 'contract') return t(lang, 'adminTenders.refusals.notYetAwarded');
  return t(lang, 'adminTenders.refusals.otherStatus', { status: label(lang, 'status', status) });
}

/** The award a contract follows: when it was decided and when its standstill ends (null: none). */
export interface AwardOnRecord {
  decidedOn: string;
  standstillEndsOn: string | null;
}

export interface DateProblem {
  field: string;
  message: string;
}

/** "3. december 2026" (English: "3 December 2026"). */
const dayText = (date: string, lang: Lang) => formatExpectedPeriod(parseExpectedPeriod(date)!, lang);

/**
 * Dates typed into the forms that cannot be right; the first one found, its message in `lang`
 * (Danish by default). `today` is 'YYYY-MM-DD'.
 */
export function dateProblem(input: DecisionInput, today: string, award: AwardOnRecord | null, lang: Lang = 'da'): DateProblem | null {
  const future = (field: string, date: string) =>
    date > today ? { field, message: t(lang, 'adminTenders.refusals.future') } : null;

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
        return {
          field: 'signedOn',
          message: t(lang, 'adminTenders.refusals.inStandstill', { date: dayText(award.standstillEndsOn, lang) }),
        };
      }
      if (signedOn < award.decidedOn) {
        return { field: 'signedOn', message: t(lang, 'adminTenders.refusals.beforeAward', { date: dayText(award.decidedOn, lang) }) };
      }
      return null;
    }
  }
}
