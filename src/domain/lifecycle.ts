import type { TenderStatus } from './vocabulary.js';

/** The statuses DBD may set; award and later belong to the portal's officers. */
export const dbdStatuses = ['planned', 'in_preparation', 'published', 'cancelled'] as const;
export type DbdStatus = (typeof dbdStatuses)[number];

const transitions: Record<TenderStatus, readonly TenderStatus[]> = {
  planned: ['in_preparation', 'published', 'cancelled'],
  in_preparation: ['planned', 'published', 'cancelled'],
  published: ['in_preparation', 'evaluation', 'cancelled'],
  evaluation: ['awarded', 'cancelled'],
  awarded: ['contracted', 'cancelled'],
  contracted: [],
  cancelled: [],
};

export function canTransition(from: TenderStatus, to: TenderStatus): boolean {
  return from === to || transitions[from].includes(to);
}

const officerOwned: readonly TenderStatus[] = ['evaluation', 'awarded', 'contracted'];

export type DbdStatusOutcome =
  | { kind: 'apply'; status: TenderStatus }
  | { kind: 'keep'; reason: 'officer_owned' | 'not_allowed' };

/**
 * What a status reported by DBD does to the portal's status. DBD governs the states up to
 * `published`; once officers have taken the tender further (evaluation, award, contract), DBD can
 * no longer move it, not even to cancelled: that is the officers' decision. A status the lifecycle
 * does not allow (DBD reviving a cancelled tender) is kept too. The caller records a kept status
 * as a conflict for officers.
 */
export function applyDbdStatus(current: TenderStatus | null, reported: DbdStatus): DbdStatusOutcome {
  if (current === null || current === reported) return { kind: 'apply', status: reported };
  if (officerOwned.includes(current)) return { kind: 'keep', reason: 'officer_owned' };
  return canTransition(current, reported) ? { kind: 'apply', status: reported } : { kind: 'keep', reason: 'not_allowed' };
}
