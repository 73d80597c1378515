import { z } from 'zod';
import { ratingOccasions, ratingScale, type Rating, type RatingOccasion } from '../domain/contract.js';
import { msg } from '../i18n/messages.js';

// What an officer types into the rating form and a supplier into the reply form, with the message
// shown next to each field (dictionary keys under contractRatings.errors). The form has one rating
// and one reason per KPI of the contract, named kpi-<target id>-rating and kpi-<target id>-reason.

/** The longest reason an officer may give (overall or per KPI). */
export const MAX_RATING_REASON = 2000;
/** The longest reply a supplier may give. */
export const MAX_REPLY = 4000;

export interface RatingItemInput {
  targetId: number;
  rating: Rating;
  reason: string;
}

/** A draft rating as the service takes it. */
export interface RatingInput {
  occasion: RatingOccasion;
  /** 'YYYY-MM-DD' */
  ratedOn: string;
  overall: Rating;
  reason: string;
  /** One per KPI target of the contract. */
  items: RatingItemInput[];
}

/** Trimmed text with line breaks as \n; an empty field counts as not filled in. */
export const blankText = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const text = value.replace(/\r\n?/g, '\n').trim();
  return text === '' ? undefined : text;
};

/** 'YYYY-MM-DD' from a date input, or a date typed the Danish way: 1.12.2026, 1-12-2026, 1/12/2026. */
function danishDate(value: unknown) {
  const text = blankText(value);
  if (typeof text !== 'string') return text;
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text;
}

const maxChars = (max: number) => msg('contractRatings.errors.maxChars', { max });

const ratingField = (missing: string) => z.preprocess(blankText, z.enum(ratingScale, { error: missing }));
const reasonField = (missing: string) => z.preprocess(blankText, z.string({ error: missing }).max(MAX_RATING_REASON, maxChars(MAX_RATING_REASON)));

/** The form field names of a KPI's rating and reason. */
export const kpiFields = (targetId: number) => ({ rating: `kpi-${targetId}-rating`, reason: `kpi-${targetId}-reason` });

/** The rating form for a contract with these KPIs (id and title, for the messages). */
export function ratingForm(kpis: ReadonlyArray<{ id: number; title: string }>) {
  const shape: Record<string, z.ZodType> = {
    occasion: z.preprocess(blankText, z.enum(ratingOccasions, { error: msg('contractRatings.errors.occasion') })),
    ratedOn: z.preprocess(
      danishDate,
      z.iso.date({ error: (issue) => msg(issue.input === undefined ? 'contractRatings.errors.ratedOnMissing' : 'contractRatings.errors.ratedOnInvalid') }),
    ),
    overall: ratingField(msg('contractRatings.errors.overall')),
    reason: reasonField(msg('contractRatings.errors.reason')),
  };
  for (const kpi of kpis) {
    const names = kpiFields(kpi.id);
    shape[names.rating] = ratingField(msg('contractRatings.errors.itemRating', { title: kpi.title }));
    shape[names.reason] = reasonField(msg('contractRatings.errors.itemReason', { title: kpi.title }));
  }
  return z.object(shape).transform((data): RatingInput => ({
    occasion: data.occasion as RatingOccasion,
    ratedOn: data.ratedOn as string,
    overall: data.overall as Rating,
    reason: data.reason as string,
    items: kpis.map((kpi) => ({ targetId: kpi.id, rating: data[kpiFields(kpi.id).rating] as Rating, reason: data[kpiFields(kpi.id).reason] as string })),
  }));
}

/** The supplier's reply. */
export const replyForm = z.object({
  reply: z.preprocess(blankText, z.string({ error: msg('contractRatings.errors.replyMissing') }).max(MAX_REPLY, maxChars(MAX_REPLY))),
});
