import { shiftCopenhagenDays } from './period.js';

// Dialogue with business: questions on an open tender answered in the open, and market dialogue
// before the tender (udbudsloven §39). The rules here are pure; dialogue/ keeps the records.

/** Market-dialogue activities, as practised: meetings for many, talks for one, comments on drafts. */
export const dialogueKinds = ['information_meeting', 'supplier_day', 'one_to_one', 'written_consultation'] as const;
export type DialogueKind = (typeof dialogueKinds)[number];

/** Kinds people attend at a time and place, with seats and an .ics invitation. */
export const isMeeting = (kind: DialogueKind) => kind === 'information_meeting' || kind === 'supplier_day';

export const dialogueStatuses = ['announced', 'cancelled'] as const;
export type DialogueStatus = (typeof dialogueStatuses)[number];

export const questionStatuses = ['unconfirmed', 'received', 'published', 'rejected'] as const;
export type QuestionStatus = (typeof questionStatuses)[number];

export const signupStatuses = ['unconfirmed', 'confirmed', 'waiting', 'cancelled'] as const;
export type SignupStatus = (typeof signupStatuses)[number];

/** The longest question (and answer, and draft comment) in characters: room for a real question, not a document. */
export const MAX_QUESTION_LENGTH = 4000;
export const MAX_ANSWER_LENGTH = 10000;
export const MAX_COMMENT_LENGTH = 8000;
/** At most this many attendees per sign-up. */
export const MAX_ATTENDEES = 10;

/**
 * Directive 2014/24/EU art. 47(3)(a): in EU procedures additional information must reach bidders at
 * least 6 days before the bid deadline, or the deadline is extended.
 */
export const EU_ANSWER_DAYS = 6;

/**
 * Days before the bid deadline that questions close and answers are due: 6 for EU procedures by
 * law; for the others the municipality's own figure (config QUESTION_DAYS_NATIONAL).
 */
export const answerDays = (isEuProcedure: boolean, nationalDays: number) => (isEuProcedure ? EU_ANSWER_DAYS : nationalDays);

/** The default question deadline: `days` calendar days before the bid deadline, same clock time. */
export const defaultQuestionDeadline = (bidDeadline: Date, days: number): Date => shiftCopenhagenDays(bidDeadline, -days);

/** Whether questions are taken at `now`: before the question deadline (and so before the bid deadline). */
export const questionsOpen = (questionDeadline: Date | null, now: Date) => questionDeadline !== null && now.getTime() < questionDeadline.getTime();

export type AnswerTiming = { late: false } | { late: true; suggestedDeadline: Date };

/**
 * An answer published later than `days` before the bid deadline is late: the bid deadline should
 * move so that bidders get `days` days, to the same clock time `days` days after the answer.
 */
export function answerTiming(publishedAt: Date, bidDeadline: Date | null, days: number): AnswerTiming {
  if (!bidDeadline) return { late: false };
  const due = shiftCopenhagenDays(bidDeadline, -days);
  if (publishedAt.getTime() <= due.getTime()) return { late: false };
  let suggested = bidDeadline;
  while (shiftCopenhagenDays(suggested, -days).getTime() < publishedAt.getTime()) suggested = shiftCopenhagenDays(suggested, 1);
  return { late: true, suggestedDeadline: suggested };
}

/** The median of the values (the mean of the middle two for an even count); null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
