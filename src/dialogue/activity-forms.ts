import { z } from 'zod';
import type { DialogueActivityRow } from '../db/types.js';
import { dialogueKinds, isMeeting, MAX_COMMENT_LENGTH, type DialogueKind } from '../domain/dialogue.js';
import { copenhagenInstant } from '../domain/period.js';
import type { Lang } from '../i18n/index.js';
import { localize, msg } from '../i18n/messages.js';

// What an officer gives for a market-dialogue activity (activities.ts), its outcome or a waiver
// (outcomes.ts): the limits, the input types, the checks that need no database, and the forms.
//
// Refusals are outcomes, not exceptions: `{ ok: false, code, errors }` where errors maps a form
// field to its message as a msg() key (localize(lang, message), or wordErrors below, words it).
// The fields: kind, title, theme, description, tenderIds, startsAt, endsAt, place, onlineUrl,
// capacity, signupDeadline, draftUrl, commentDeadline, slots, reason, summary, learned,
// changesMade, form (the whole form: not found, cancelled …).

export const MAX_TITLE_LENGTH = 200;
export const MAX_THEME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 4000;
export const MAX_PLACE_LENGTH = 300;
export const MAX_URL_LENGTH = 500;
export const MAX_CAPACITY = 10000;
export const MAX_TENDERS = 20;
export const MAX_SLOTS = 100;
export const MIN_SLOT_MINUTES = 10;
export const MAX_SLOT_MINUTES = 240;
export const MAX_OUTCOME_LENGTH = MAX_COMMENT_LENGTH;
export const MAX_REASON_LENGTH = 2000;

/** A refusal's messages by field, each a msg() key with its values. */
export type DialogueErrors = Record<string, string>;
export type RefusalCode = 'invalid' | 'not_found' | 'not_allowed';
export type Refusal = { ok: false; code: RefusalCode; errors: DialogueErrors };

export const refuse = (code: RefusalCode, errors: DialogueErrors): Refusal => ({ ok: false, code, errors });

/** The messages of a refusal in a language, by field and as a list, as the form partials take them. */
export function wordErrors(lang: Lang, errors: DialogueErrors): { errors: Record<string, string>; errorList: Array<{ field: string; message: string }> } {
  const worded = Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, localize(lang, message)]));
  return { errors: worded, errorList: Object.entries(worded).map(([field, message]) => ({ field, message })) };
}

export interface SlotInput {
  startsAt: Date;
  endsAt: Date;
}

/** What an officer gives for an activity; times are instants (forms read Copenhagen time, see activityForm). */
export interface ActivityInput {
  kind: DialogueKind;
  title: string;
  /** A theme for activities not (only) about particular projects, e.g. "Skoler 2027". */
  theme: string | null;
  description: string;
  /** Pipeline projects (planned or in preparation) the activity concerns. */
  tenderIds: string[];
  /** Meetings: required. One-to-one: the first slot's start when null. Written consultation: optional. */
  startsAt: Date | null;
  endsAt: Date | null;
  place: string | null;
  onlineUrl: string | null;
  /** Seats at a meeting; null for no limit (one-to-one: one firm per slot, written consultation: none). */
  capacity: number | null;
  /** Sign-ups are taken until then; null: until the activity starts. */
  signupDeadline: Date | null;
  /** Written consultation: the link to the draft, and the deadline for comments. */
  draftUrl: string | null;
  commentDeadline: Date | null;
  /** One-to-one: the bookable slots (see slotsBetween). Ignored for other kinds. */
  slots: SlotInput[];
}

/** Consecutive slots of `minutes` from `from` until `to` (a last one that would run past `to` is left out). */
export function slotsBetween(from: Date, to: Date, minutes: number): SlotInput[] {
  const out: SlotInput[] = [];
  const step = minutes * 60_000;
  for (let start = from.getTime(); start + step <= to.getTime() && out.length <= MAX_SLOTS; start += step) {
    out.push({ startsAt: new Date(start), endsAt: new Date(start + step) });
  }
  return out;
}

const isWebUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

export const tooLong = (max: number) => msg('dialogue.errors.tooLong', { max });

/** The normalised input: texts trimmed, empty texts null, one-to-one start/end from its slots. */
export function normalise(input: ActivityInput): ActivityInput {
  const text = (value: string | null) => (value === null ? null : value.trim() || null);
  const slots = input.kind === 'one_to_one' ? [...input.slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()) : [];
  const first = slots[0];
  const last = slots.reduce<Date | null>((end, slot) => (end === null || slot.endsAt > end ? slot.endsAt : end), null);
  return {
    ...input,
    title: input.title.trim(),
    theme: text(input.theme),
    description: input.description.trim(),
    tenderIds: [...new Set(input.tenderIds.map((id) => id.trim()).filter((id) => id !== ''))],
    place: text(input.place),
    onlineUrl: text(input.onlineUrl),
    draftUrl: text(input.draftUrl),
    startsAt: input.kind === 'one_to_one' && first ? first.startsAt : input.startsAt,
    endsAt: input.kind === 'one_to_one' && last ? last : input.endsAt,
    capacity: isMeeting(input.kind) ? input.capacity : null,
    commentDeadline: input.kind === 'written_consultation' ? input.commentDeadline : null,
    slots,
  };
}

/**
 * What is wrong with an activity by itself (the database is asked later): required fields by
 * kind, lengths, links, order of times, times in the future (for a new activity, or a changed time).
 */
export function checkActivity(input: ActivityInput, now: Date, before: DialogueActivityRow | null = null): DialogueErrors {
  const errors: DialogueErrors = {};
  const set = (field: string, message: string) => (errors[field] ??= message);
  if (!dialogueKinds.includes(input.kind)) set('kind', msg('dialogue.errors.kind'));
  if (input.title === '') set('title', msg('dialogue.errors.title'));
  if (input.title.length > MAX_TITLE_LENGTH) set('title', tooLong(MAX_TITLE_LENGTH));
  if ((input.theme?.length ?? 0) > MAX_THEME_LENGTH) set('theme', tooLong(MAX_THEME_LENGTH));
  if (input.description.length > MAX_DESCRIPTION_LENGTH) set('description', tooLong(MAX_DESCRIPTION_LENGTH));
  if (input.tenderIds.length === 0 && !input.theme) set('tenderIds', msg('dialogue.errors.tendersOrTheme'));
  if (input.tenderIds.length > MAX_TENDERS) set('tenderIds', msg('dialogue.errors.tooManyTenders', { max: MAX_TENDERS }));
  if ((input.place?.length ?? 0) > MAX_PLACE_LENGTH) set('place', tooLong(MAX_PLACE_LENGTH));
  for (const field of ['onlineUrl', 'draftUrl'] as const) {
    const value = input[field];
    if (value !== null && value.length > MAX_URL_LENGTH) set(field, tooLong(MAX_URL_LENGTH));
    else if (value !== null && !isWebUrl(value)) set(field, msg('dialogue.errors.url'));
  }
  const changed = (field: 'starts_at' | 'ends_at' | 'signup_deadline' | 'comment_deadline', value: Date | null) =>
    value !== null && (before === null || before[field]?.getTime() !== value.getTime());
  const future = (field: string, column: 'starts_at' | 'ends_at' | 'signup_deadline' | 'comment_deadline', value: Date | null) => {
    if (value && changed(column, value) && value.getTime() <= now.getTime()) set(field, msg('dialogue.errors.inPast'));
  };

  if (input.kind === 'one_to_one') {
    if (input.slots.length === 0) set('slots', msg('dialogue.errors.slots'));
    if (input.slots.length > MAX_SLOTS) set('slots', msg('dialogue.errors.tooManySlots', { max: MAX_SLOTS }));
    input.slots.forEach((slot, i) => {
      if (slot.endsAt.getTime() <= slot.startsAt.getTime()) set('slots', msg('dialogue.errors.slotOrder'));
      const next = input.slots[i + 1];
      if (next && next.startsAt.getTime() < slot.endsAt.getTime()) set('slots', msg('dialogue.errors.slotOverlap'));
    });
  }
  if (input.kind !== 'written_consultation') {
    if (!input.startsAt) set('startsAt', msg('dialogue.errors.startsAt'));
    if (!input.place && !input.onlineUrl) set('place', msg('dialogue.errors.placeOrOnline'));
  } else {
    if (!input.draftUrl) set('draftUrl', msg('dialogue.errors.draftUrl'));
    if (!input.commentDeadline) set('commentDeadline', msg('dialogue.errors.commentDeadline'));
    future('commentDeadline', 'comment_deadline', input.commentDeadline);
  }
  future(input.kind === 'one_to_one' ? 'slots' : 'startsAt', 'starts_at', input.startsAt);
  if (input.startsAt && input.endsAt && input.endsAt.getTime() <= input.startsAt.getTime()) set('endsAt', msg('dialogue.errors.endsBeforeStart'));
  if (input.capacity !== null && (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY)) {
    set('capacity', msg('dialogue.errors.capacity', { max: MAX_CAPACITY }));
  }
  if (input.signupDeadline) {
    if (input.startsAt && input.signupDeadline.getTime() > input.startsAt.getTime()) set('signupDeadline', msg('dialogue.errors.signupDeadlineAfterStart'));
    future('signupDeadline', 'signup_deadline', input.signupDeadline);
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Forms: the fields as posted (strings), read into the services' inputs. Times are typed in
// Copenhagen time as a date (YYYY-MM-DD) and a clock time (HH:MM); issues carry msg() keys, so
// parseForm (web/admin/forms.ts) words them. Field names match the services' error fields where
// they mean the same thing (startsAt covers startsAtDate + startsAtTime, and so on).

const optionalText = z.string().optional().default('');
const tenderList = z.preprocess((value) => (value === undefined || value === '' ? [] : [value].flat()), z.array(z.string().max(100)).max(MAX_TENDERS * 2));

/** The activity form (create and edit). */
export const activityForm = z
  .object({
    kind: z.enum(dialogueKinds, { error: msg('dialogue.errors.kind') }),
    title: optionalText,
    theme: optionalText,
    description: optionalText,
    tenderIds: tenderList,
    startsAtDate: optionalText,
    startsAtTime: optionalText,
    endsAtTime: optionalText,
    place: optionalText,
    onlineUrl: optionalText,
    capacity: optionalText,
    signupDeadlineDate: optionalText,
    signupDeadlineTime: optionalText,
    draftUrl: optionalText,
    commentDeadlineDate: optionalText,
    commentDeadlineTime: optionalText,
    slotMinutes: optionalText,
    _csrf: z.string().optional(),
  })
  .transform((form, ctx): ActivityInput => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const instant = (field: string, date: string, time: string, defaultTime: string | null): Date | null => {
      if (date.trim() === '' && time.trim() === '') return null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) {
        issue(field, msg('dialogue.errors.date'));
        return null;
      }
      const clock = time.trim() || defaultTime;
      const at = clock === null ? null : copenhagenInstant(date.trim(), clock);
      if (at === null) issue(field, msg('dialogue.errors.time'));
      return at;
    };
    const startsAt = instant('startsAt', form.startsAtDate, form.startsAtTime, null);
    const endsAt = form.endsAtTime.trim() === '' ? null : instant('endsAt', form.startsAtDate, form.endsAtTime, null);
    let capacity: number | null = null;
    if (form.capacity.trim() !== '') {
      capacity = /^\d{1,6}$/.test(form.capacity.trim()) ? Number(form.capacity.trim()) : NaN;
      if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) issue('capacity', msg('dialogue.errors.capacity', { max: MAX_CAPACITY }));
    }
    let slots: SlotInput[] = [];
    if (form.kind === 'one_to_one' && startsAt && endsAt) {
      const minutes = /^\d{1,3}$/.test(form.slotMinutes.trim()) ? Number(form.slotMinutes.trim()) : NaN;
      if (!(minutes >= MIN_SLOT_MINUTES && minutes <= MAX_SLOT_MINUTES)) {
        issue('slotMinutes', msg('dialogue.errors.slotMinutes', { min: MIN_SLOT_MINUTES, max: MAX_SLOT_MINUTES }));
      } else {
        slots = slotsBetween(startsAt, endsAt, minutes);
      }
    }
    return {
      kind: form.kind,
      title: form.title,
      theme: form.theme,
      description: form.description,
      tenderIds: form.tenderIds,
      startsAt,
      endsAt,
      place: form.place,
      onlineUrl: form.onlineUrl,
      capacity,
      signupDeadline: instant('signupDeadline', form.signupDeadlineDate, form.signupDeadlineTime, '23:59'),
      draftUrl: form.draftUrl,
      commentDeadline: instant('commentDeadline', form.commentDeadlineDate, form.commentDeadlineTime, '23:59'),
      slots,
    };
  });

/** Cancelling an activity: the public reason. */
export const cancelForm = z.object({ reason: optionalText, _csrf: z.string().optional() });
/** Publishing the outcome. */
export const outcomeForm = z.object({ summary: optionalText, learned: optionalText, changesMade: optionalText, _csrf: z.string().optional() });
/** The reason an EU tender has no market dialogue. */
export const waiverForm = z.object({ reason: optionalText, _csrf: z.string().optional() });
