import { z } from 'zod';
import type { DecisionRow } from '../db/types.js';
import { da } from '../i18n/da.js';
import { label, type Lang } from '../i18n/index.js';
import { awardCriteria, notificationChannels, type AwardCriterion, type DecisionKind } from './schemas.js';

type NotificationChannel = (typeof notificationChannels)[number];

// What of a decision the public may see. The stored details also hold what stays in the back
// office (an award's internal justification, the link to the decision letter); these schemas are
// the whitelist: zod drops every key they do not name.

// Labels live in the dictionary (tender.decision.*). The Danish records stay for the back office,
// the JSON API and OCDS, which are Danish on purpose.
export const decisionKindLabels: Record<DecisionKind, string> = da.tender.decision.kind;

export const criterionLabels: Record<AwardCriterion, string> = da.tender.decision.criterion;

export const channelLabels: Record<NotificationChannel, string> = da.tender.decision.channel;

/** "Tildeling" / "Award". */
export const decisionKindLabel = (kind: DecisionKind, lang: Lang = 'da') => label(lang, 'tender.decision.kind', kind);
/** "Laveste pris" / "Lowest price". */
export const criterionLabel = (criterion: AwardCriterion, lang: Lang = 'da') => label(lang, 'tender.decision.criterion', criterion);
/** "Elektronisk (10 dages standstill)" / "Electronic (10-day standstill)". */
export const channelLabel = (channel: NotificationChannel, lang: Lang = 'da') => label(lang, 'tender.decision.channel', channel);

const day = z.iso.date();

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
export function publicDecisionOf(row: Pick<DecisionRow, 'kind' | 'details' | 'standstill_ends_on'>): PublicDecision | null {
  const details = typeof row.details === 'string' ? safeJson(row.details) : row.details;
  if (typeof details !== 'object' || details === null) return null;
  return readPublicDecision({ ...details, kind: row.kind, standstillEndsOn: row.standstill_ends_on });
}
