import { formatExpectedPeriod, parseExpectedPeriod } from '../domain/period.js';
import { statusLabels, type TenderStatus } from '../domain/vocabulary.js';
import { decisionDate, decisionKinds, type DecisionInput, type DecisionKind } from './schemas.js';

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

const refusals: Partial<Record<TenderStatus, Partial<Record<DecisionKind, string>>>> = {
  cancelled: {
    award: 'Udbuddet er aflyst og kan ikke tildeles.',
    direct_award: 'Udbuddet er aflyst og kan ikke tildeles direkte.',
    contract: 'Udbuddet er aflyst; der kan ikke registreres en kontrakt.',
    cancellation: 'Udbuddet er allerede aflyst.',
  },
  contracted: {
    award: 'Kontrakten er allerede indgået; udbuddet kan ikke tildeles igen.',
    direct_award: 'Kontrakten er allerede indgået; udbuddet kan ikke tildeles igen.',
    contract: 'Kontrakten er allerede registreret.',
    cancellation: 'Kontrakten er indgået; udbuddet kan ikke længere aflyses.',
  },
  awarded: {
    award: 'Udbuddet er allerede tildelt.',
    direct_award: 'Udbuddet er allerede tildelt.',
  },
  evaluation: {
    direct_award: 'Udbuddet er under evaluering; registrér tildelingen i stedet for en direkte tildeling.',
  },
};

const notYetPublished = 'Udbuddet er ikke offentliggjort endnu og kan ikke tildeles. Brug direkte tildeling, hvis opgaven tildeles uden udbud.';
const notYetAwarded = 'Udbuddet er ikke tildelt endnu; kontrakten kan først registreres efter tildelingen.';

/** Why a decision cannot be recorded in a state, in Danish; null when it can. */
export function refusalFor(kind: DecisionKind, status: TenderStatus): string | null {
  if (decisionTransitions[kind].from.includes(status)) return null;
  const specific = refusals[status]?.[kind];
  if (specific) return specific;
  if (kind === 'award') return notYetPublished;
  if (kind === 'contract') return notYetAwarded;
  return `Det kan ikke registreres, når udbuddet har status "${statusLabels[status]}".`;
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

const danishDate = (date: string) => formatExpectedPeriod(parseExpectedPeriod(date)!);

/** Dates typed into the forms that cannot be right; the first one found. `today` is 'YYYY-MM-DD'. */
export function dateProblem(input: DecisionInput, today: string, award: AwardOnRecord | null): DateProblem | null {
  const future = (field: string, date: string) =>
    date > today ? { field, message: 'Datoen ligger i fremtiden; registrér afgørelsen, når den er truffet.' } : null;

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
          message: `Standstill-perioden udløber ${danishDate(award.standstillEndsOn)}; kontrakten kan tidligst underskrives dagen efter.`,
        };
      }
      if (signedOn < award.decidedOn) {
        return { field: 'signedOn', message: `Kontrakten kan ikke være underskrevet før tildelingen ${danishDate(award.decidedOn)}.` };
      }
      return null;
    }
  }
}
