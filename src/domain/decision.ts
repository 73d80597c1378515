import { z } from 'zod';
import type { TenderStatus } from './vocabulary.js';

// The words of an officer's decision and what of it the public may see. The stored details also
// hold what stays in the back office (an award's internal justification, the link to the decision
// letter); these schemas are the whitelist: zod drops every key they do not name.

export const decisionKinds = ['award', 'cancellation', 'contract', 'direct_award'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const awardCriteria = ['lowest_price', 'best_price_quality', 'lowest_cost'] as const;
export type AwardCriterion = (typeof awardCriteria)[number];

export const notificationChannels = ['electronic', 'letter'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

const day = z.iso.date();

/** One bid of an award as the public sees it after award (tilbudsloven §7a): firm, sum, valid or why not. */
const publicBid = z.object({
  firmName: z.string(),
  cvr: z.string(),
  amountDkk: z.number(),
  valid: z.boolean(),
  invalidReason: z.string().nullable(),
  /** Whether the firm is an SME by the register's size; null when the firm is not in the register. */
  sme: z.boolean().nullable().default(null),
});
export type PublicBid = z.infer<typeof publicBid>;

const publicAward = z.object({
  kind: z.literal('award'),
  decidedOn: day,
  winnerName: z.string(),
  winnerCvr: z.string(),
  awardValueDkk: z.number(),
  bidsReceived: z.number(),
  criterion: z.enum(awardCriteria),
  weights: z.string().nullable(),
  notifiedOn: day,
  standstillEndsOn: day.nullable(),
  /** Every bid, when the officer recorded them (optional: older awards and open procedures give a count only). */
  bids: z.array(publicBid).optional(),
});

const publicCancellation = z.object({ kind: z.literal('cancellation'), decidedOn: day, reason: z.string() });

const publicContract = z.object({ kind: z.literal('contract'), signedOn: day, finalValueDkk: z.number() });

const publicDirectAward = z.object({
  kind: z.literal('direct_award'),
  decidedOn: day,
  winnerName: z.string(),
  winnerCvr: z.string(),
  valueDkk: z.number(),
  justification: z.string(),
});

export const publicDecisionSchema = z.discriminatedUnion('kind', [publicAward, publicCancellation, publicContract, publicDirectAward]);
export type PublicDecision = z.infer<typeof publicDecisionSchema>;

/** A decision as stored: the columns of a `decisions` row the public part is read from. */
export interface StoredDecision {
  kind: string;
  details: unknown;
  standstill_ends_on: string | null;
}

/** A decision's public part, from stored JSON (an event's details or a decision row); null when unreadable. */
export function readPublicDecision(value: unknown): PublicDecision | null {
  const parsed = publicDecisionSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The public part of a stored decision. */
export function publicDecisionOf(row: StoredDecision): PublicDecision | null {
  const details = typeof row.details === 'string' ? safeJson(row.details) : row.details;
  if (typeof details !== 'object' || details === null) return null;
  return readPublicDecision({ ...details, kind: row.kind, standstillEndsOn: row.standstill_ends_on });
}

/** The keys under adminTenders.refusals; `<status>.<kind>` for the states with a reason per decision. */
export type RefusalKey =
  | 'stale'
  | 'notFound'
  | 'notYetPublished'
  | 'notYetAwarded'
  | 'otherStatus'
  | 'future'
  | 'inStandstill'
  | 'beforeAward'
  | 'beforeDeadline'
  | `${TenderStatus}.${DecisionKind}`;

/**
 * Why a decision or an officer's edit is refused, as a key under adminTenders.refusals with its
 * values: worded in the reader's language where it is shown (wording/refusals.ts).
 */
export interface Refusal {
  key: RefusalKey;
  vars?: {
    /** A tender status code, worded as its label. */
    status?: TenderStatus;
    /** 'YYYY-MM-DD', worded as a date. */
    date?: string;
    /** A tender id, shown as it is. */
    id?: string;
  };
}
