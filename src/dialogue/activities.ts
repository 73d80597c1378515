import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import type { DialogueActivityRow } from '../db/types.js';
import { dialogueKinds, isMeeting, MAX_COMMENT_LENGTH, type DialogueKind, type DialogueStatus } from '../domain/dialogue.js';
import { comingStatuses, copenhagenInstant, wallClock } from '../domain/period.js';
import type { Lang } from '../i18n/index.js';
import { localize, msg } from '../i18n/messages.js';
import { listThresholdSets } from '../rules/repository.js';
import { thresholdRuleFor } from '../tenders/detail.js';
import { appendEvents, type DialogueDetails } from '../tenders/events.js';
import { findTenders, lockTender } from '../tenders/repository.js';
import { lockActivity, moveUp, recipientOf, seatsTaken } from './seats.js';
import { queueDialogueMail } from './mail-queue.js';

// Market-dialogue activities (udbudsloven §39): an officer announces an information meeting, a
// supplier day, one-to-one talks (bookable slots) or a written consultation on a draft, for one or
// more pipeline projects or a theme ("Skoler 2027"); changes or cancels it; and afterwards
// publishes what came of it. For a tender above the EU threshold without any dialogue the officer
// states the public reason why (a waiver). Every such action is one transaction: the rows, a
// 'dialogue' event on each linked tender, the attendees' mails and an audit entry.
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

const refuse = (code: RefusalCode, errors: DialogueErrors): Refusal => ({ ok: false, code, errors });

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

const tooLong = (max: number) => msg('dialogue.errors.tooLong', { max });

/** The normalised input: texts trimmed, empty texts null, one-to-one start/end from its slots. */
function normalise(input: ActivityInput): ActivityInput {
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

/** The tenders' problems: unknown ones, and (newly linked ones) no longer in the pipeline. */
async function checkTenders(db: Executor, ids: readonly string[], alreadyLinked: ReadonlySet<string>): Promise<DialogueErrors> {
  if (ids.length === 0) return {};
  const byId = new Map((await findTenders(db, ids)).map(({ row }) => [row.id, row.status]));
  for (const id of ids) {
    const status = byId.get(id);
    if (status === undefined) return { tenderIds: msg('dialogue.errors.unknownTender', { id }) };
    if (!alreadyLinked.has(id) && !(comingStatuses as readonly string[]).includes(status)) return { tenderIds: msg('dialogue.errors.notPipeline', { id }) };
  }
  return {};
}

const columnsOf = (input: ActivityInput) => ({
  title: input.title,
  theme: input.theme,
  description: input.description,
  starts_at: input.startsAt,
  ends_at: input.endsAt,
  place: input.place,
  online_url: input.onlineUrl,
  capacity: input.capacity,
  signup_deadline: input.signupDeadline,
  draft_url: input.draftUrl,
  comment_deadline: input.commentDeadline,
});

/** The activity as the audit log keeps it (instants as ISO strings). */
const auditOf = (row: ReturnType<typeof columnsOf> & { kind: string }, tenderIds: readonly string[], slots: readonly SlotInput[]) => ({
  ...row,
  tenderIds,
  slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
});

const dialogueEvents = (
  tenderIds: readonly string[],
  action: DialogueDetails['action'],
  activity: { id: number; kind: string; title: string; starts_at: Date | null },
  reason?: string,
) =>
  tenderIds.map((tenderId) => ({
    tenderId,
    kind: 'dialogue' as const,
    source: 'officer' as const,
    revision: null,
    changes: [] as [],
    details: {
      action,
      activityId: activity.id,
      kind: activity.kind,
      title: activity.title,
      startsAt: activity.starts_at ? activity.starts_at.toISOString() : null,
      ...(reason === undefined ? {} : { reason }),
    } satisfies DialogueDetails,
  }));

const linkedTenders = async (db: Executor, activityId: number) =>
  (await db.selectFrom('dialogue_activity_tenders').select('tender_id').where('activity_id', '=', activityId).orderBy('tender_id').execute()).map((r) => r.tender_id);

export type ActivityOutcome = { ok: true; id: number } | Refusal;

/** Announces an activity: the row, its tenders and slots, an 'announced' event on each tender, the audit entry. */
export async function createActivity(db: Db, given: ActivityInput, actor: Actor, now = new Date()): Promise<ActivityOutcome> {
  const input = normalise(given);
  const errors = checkActivity(input, now);
  if (Object.keys(errors).length) return refuse('invalid', errors);
  return db.transaction().execute(async (trx): Promise<ActivityOutcome> => {
    const tenderErrors = await checkTenders(trx, input.tenderIds, new Set());
    if (Object.keys(tenderErrors).length) return refuse('invalid', tenderErrors);
    const row = await trx
      .insertInto('dialogue_activities')
      .values({ kind: input.kind, ...columnsOf(input), created_by: actor.id })
      .returning(['id', 'kind', 'title', 'starts_at'])
      .executeTakeFirstOrThrow();
    if (input.tenderIds.length) {
      await trx.insertInto('dialogue_activity_tenders').values(input.tenderIds.map((tender_id) => ({ activity_id: row.id, tender_id }))).execute();
    }
    if (input.slots.length) {
      await trx
        .insertInto('dialogue_slots')
        .values(input.slots.map((slot) => ({ activity_id: row.id, starts_at: slot.startsAt, ends_at: slot.endsAt })))
        .execute();
    }
    await appendEvents(trx, dialogueEvents(input.tenderIds, 'announced', row));
    await recordAudit(trx, actor, {
      action: 'dialogue.activity.create',
      entityType: 'dialogue_activity',
      entityId: String(row.id),
      newValue: auditOf({ kind: input.kind, ...columnsOf(input) }, input.tenderIds, input.slots),
    });
    return { ok: true, id: row.id };
  });
}

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/** What an update did, for the page's message: mails to attendees, sign-ups moved up from the waiting list. */
export type ActivityUpdateOutcome = { ok: true; id: number; timeOrPlaceChanged: boolean; notified: number; movedUp: number[] } | Refusal;

/**
 * Changes an announced activity. A change of time or place bumps its sequence and mails every
 * confirmed attendee an `activity_changed` (the .ics update); more seats move the waiting list up;
 * fewer seats than are taken, a booked slot removed or another kind are refused. Tenders newly
 * linked get an 'announced' event, unlinked ones 'cancelled', the others 'changed' when a time,
 * place, deadline or the draft changed.
 */
export async function updateActivity(db: Db, id: number, given: ActivityInput, actor: Actor, now = new Date()): Promise<ActivityUpdateOutcome> {
  const input = normalise(given);
  return db.transaction().execute(async (trx): Promise<ActivityUpdateOutcome> => {
    const before = await lockActivity(trx, id);
    if (!before) return refuse('not_found', { form: msg('dialogue.errors.notFound') });
    if (before.status === 'cancelled') return refuse('not_allowed', { form: msg('dialogue.errors.cancelled') });
    if (input.kind !== before.kind) return refuse('invalid', { kind: msg('dialogue.errors.kindChanged') });
    const errors = checkActivity(input, now, before);
    if (Object.keys(errors).length) return refuse('invalid', errors);
    const oldTenders = await linkedTenders(trx, id);
    const tenderErrors = await checkTenders(trx, input.tenderIds, new Set(oldTenders));
    if (Object.keys(tenderErrors).length) return refuse('invalid', tenderErrors);
    const taken = await seatsTaken(trx, id);
    if (input.capacity !== null && input.capacity < taken) return refuse('invalid', { capacity: msg('dialogue.errors.capacityBelowTaken', { taken }) });

    // Slots: kept when unchanged, added when new, removed when not booked.
    const oldSlots = await trx.selectFrom('dialogue_slots').selectAll().where('activity_id', '=', id).execute();
    const key = (s: { startsAt: Date; endsAt: Date } | { starts_at: Date; ends_at: Date }) =>
      'startsAt' in s ? `${s.startsAt.getTime()}-${s.endsAt.getTime()}` : `${s.starts_at.getTime()}-${s.ends_at.getTime()}`;
    const wanted = new Set(input.slots.map(key));
    const removed = oldSlots.filter((slot) => !wanted.has(key(slot)));
    if (removed.length) {
      const booked = await trx
        .selectFrom('dialogue_signups')
        .select('slot_id')
        .where('slot_id', 'in', removed.map((s) => s.id))
        .where('status', 'in', ['confirmed', 'unconfirmed'])
        .executeTakeFirst();
      if (booked) {
        const slot = removed.find((s) => s.id === booked.slot_id)!;
        const clock = wallClock(slot.starts_at);
        return refuse('invalid', { slots: msg('dialogue.errors.slotBooked', { time: `${clock.year}-${clock.month}-${clock.day} ${clock.hour}:${clock.minute}` }) });
      }
      await trx.deleteFrom('dialogue_slots').where('id', 'in', removed.map((s) => s.id)).execute();
    }
    const have = new Set(oldSlots.map(key));
    const added = input.slots.filter((slot) => !have.has(key(slot)));
    if (added.length) {
      await trx.insertInto('dialogue_slots').values(added.map((slot) => ({ activity_id: id, starts_at: slot.startsAt, ends_at: slot.endsAt }))).execute();
    }

    const timeOrPlaceChanged =
      !sameTime(before.starts_at, input.startsAt) || !sameTime(before.ends_at, input.endsAt) || before.place !== input.place || before.online_url !== input.onlineUrl;
    const material =
      timeOrPlaceChanged ||
      removed.length > 0 ||
      added.length > 0 ||
      !sameTime(before.signup_deadline, input.signupDeadline) ||
      !sameTime(before.comment_deadline, input.commentDeadline) ||
      before.draft_url !== input.draftUrl ||
      before.title !== input.title;
    const after = await trx
      .updateTable('dialogue_activities')
      .set({ ...columnsOf(input), updated_at: sql`now()`, ...(timeOrPlaceChanged ? { sequence: sql`sequence + 1` } : {}) })
      .where('id', '=', id)
      .returning(['id', 'kind', 'title', 'starts_at', 'capacity'])
      .executeTakeFirstOrThrow();

    let notified = 0;
    if (timeOrPlaceChanged) {
      const attendees = await trx.selectFrom('dialogue_signups').selectAll().where('activity_id', '=', id).where('status', '=', 'confirmed').orderBy('id').execute();
      for (const signup of attendees) await queueDialogueMail(trx, recipientOf(signup), 'activity_changed', { signupId: signup.id });
      notified = attendees.length;
    }
    const movedUp = before.capacity !== null && (input.capacity === null || input.capacity > before.capacity) ? await moveUp(trx, after) : [];

    await trx.deleteFrom('dialogue_activity_tenders').where('activity_id', '=', id).where('tender_id', 'not in', input.tenderIds.length ? input.tenderIds : ['']).execute();
    const newTenders = input.tenderIds.filter((t) => !oldTenders.includes(t));
    if (newTenders.length) await trx.insertInto('dialogue_activity_tenders').values(newTenders.map((tender_id) => ({ activity_id: id, tender_id }))).execute();
    await appendEvents(trx, [
      ...dialogueEvents(newTenders, 'announced', after),
      ...dialogueEvents(oldTenders.filter((t) => !input.tenderIds.includes(t)), 'cancelled', after),
      ...(material ? dialogueEvents(oldTenders.filter((t) => input.tenderIds.includes(t)), 'changed', after) : []),
    ]);
    await recordAudit(trx, actor, {
      action: 'dialogue.activity.update',
      entityType: 'dialogue_activity',
      entityId: String(id),
      oldValue: auditOf({ kind: before.kind, ...columnsOf(fromRow(before)) }, oldTenders, oldSlots.map((s) => ({ startsAt: s.starts_at, endsAt: s.ends_at }))),
      newValue: auditOf({ kind: input.kind, ...columnsOf(input) }, input.tenderIds, input.slots),
    });
    return { ok: true, id, timeOrPlaceChanged, notified, movedUp };
  });
}

const fromRow = (row: DialogueActivityRow): ActivityInput => ({
  kind: row.kind,
  title: row.title,
  theme: row.theme,
  description: row.description,
  tenderIds: [],
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  place: row.place,
  onlineUrl: row.online_url,
  capacity: row.capacity,
  signupDeadline: row.signup_deadline,
  draftUrl: row.draft_url,
  commentDeadline: row.comment_deadline,
  slots: [],
});

/** An activity as its edit form starts: what is stored, with its tenders and slots. */
export async function activityInputOf(db: Executor, id: number): Promise<ActivityInput | null> {
  const row = await db.selectFrom('dialogue_activities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const slots = await db.selectFrom('dialogue_slots').select(['starts_at', 'ends_at']).where('activity_id', '=', id).orderBy('starts_at').execute();
  return { ...fromRow(row), tenderIds: await linkedTenders(db, id), slots: slots.map((s) => ({ startsAt: s.starts_at, endsAt: s.ends_at })) };
}

export type CancelOutcome = { ok: true; notified: number } | Refusal;

/**
 * Cancels an activity with a public reason: every confirmed or waiting sign-up gets an
 * `activity_cancelled` mail (the .ics CANCEL), each linked tender a 'cancelled' event. The sign-ups
 * keep their status (officers still see who came); the activity's status says it is off.
 */
export async function cancelActivity(db: Db, id: number, reason: string, actor: Actor): Promise<CancelOutcome> {
  const text = reason.trim();
  if (text === '') return refuse('invalid', { reason: msg('dialogue.errors.cancelReason') });
  if (text.length > MAX_REASON_LENGTH) return refuse('invalid', { reason: tooLong(MAX_REASON_LENGTH) });
  return db.transaction().execute(async (trx): Promise<CancelOutcome> => {
    const activity = await lockActivity(trx, id);
    if (!activity) return refuse('not_found', { form: msg('dialogue.errors.notFound') });
    if (activity.status === 'cancelled') return refuse('not_allowed', { form: msg('dialogue.errors.cancelled') });
    await trx.updateTable('dialogue_activities').set({ status: 'cancelled', cancel_reason: text, sequence: sql`sequence + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
    const signups = await trx.selectFrom('dialogue_signups').selectAll().where('activity_id', '=', id).where('status', 'in', ['confirmed', 'waiting']).orderBy('id').execute();
    for (const signup of signups) await queueDialogueMail(trx, recipientOf(signup), 'activity_cancelled', { signupId: signup.id });
    await appendEvents(trx, dialogueEvents(await linkedTenders(trx, id), 'cancelled', activity, text));
    await recordAudit(trx, actor, {
      action: 'dialogue.activity.cancel',
      entityType: 'dialogue_activity',
      entityId: String(id),
      oldValue: { status: activity.status },
      newValue: { status: 'cancelled', reason: text, notified: signups.length },
    });
    return { ok: true, notified: signups.length };
  });
}

export interface OutcomeInput {
  summary: string;
  /** What was learned; may be empty. */
  learned: string;
  /** What changed in the tender because of the dialogue; may be empty. */
  changesMade: string;
}

/**
 * Publishes what came of an activity once it has taken place (a written consultation: once its
 * comment deadline has passed). Publishing again replaces the text; the audit log keeps both, and
 * each publication is an 'outcome' event on the linked tenders.
 */
export async function publishOutcome(db: Db, id: number, given: OutcomeInput, actor: Actor, now = new Date()): Promise<{ ok: true } | Refusal> {
  const outcome = { summary: given.summary.trim(), learned: given.learned.trim(), changesMade: given.changesMade.trim() };
  const errors: DialogueErrors = {};
  if (outcome.summary === '') errors.summary = msg('dialogue.errors.summary');
  for (const field of ['summary', 'learned', 'changesMade'] as const) {
    if (outcome[field].length > MAX_OUTCOME_LENGTH) errors[field] = tooLong(MAX_OUTCOME_LENGTH);
  }
  if (Object.keys(errors).length) return refuse('invalid', errors);
  return db.transaction().execute(async (trx): Promise<{ ok: true } | Refusal> => {
    const activity = await lockActivity(trx, id);
    if (!activity) return refuse('not_found', { form: msg('dialogue.errors.notFound') });
    if (activity.status === 'cancelled') return refuse('not_allowed', { form: msg('dialogue.errors.cancelled') });
    const heldAt = activity.kind === 'written_consultation' ? activity.comment_deadline : activity.starts_at;
    if (heldAt && heldAt.getTime() > now.getTime()) {
      return refuse('not_allowed', { form: msg(activity.kind === 'written_consultation' ? 'dialogue.errors.consultationOpen' : 'dialogue.errors.notHeldYet') });
    }
    await trx
      .updateTable('dialogue_activities')
      .set({ summary: outcome.summary, learned: outcome.learned || null, changes_made: outcome.changesMade || null, outcome_published_at: now, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await appendEvents(trx, dialogueEvents(await linkedTenders(trx, id), 'outcome', activity));
    await recordAudit(trx, actor, {
      action: 'dialogue.activity.outcome',
      entityType: 'dialogue_activity',
      entityId: String(id),
      oldValue: activity.outcome_published_at ? { summary: activity.summary, learned: activity.learned, changesMade: activity.changes_made } : undefined,
      newValue: outcome,
    });
    return { ok: true };
  });
}

/** Whether the tender is above the EU threshold (its procedure by the threshold rules is an EU tender). */
async function isEuTender(db: Executor, row: Parameters<typeof thresholdRuleFor>[0], now: Date): Promise<boolean> {
  const sets = await listThresholdSets(db);
  return thresholdRuleFor(row, sets, now)?.procedure === 'eu_tender';
}

/**
 * States why a tender above the EU threshold has no market dialogue: public, a 'waiver' event with
 * the reason, and an audit entry. Stating it again replaces the reason (a new event). Refused for
 * a tender under the threshold and for one with a dialogue activity that is not cancelled.
 */
export async function setWaiver(db: Db, tenderId: string, reason: string, actor: Actor, now = new Date()): Promise<{ ok: true } | Refusal> {
  const text = reason.trim();
  if (text === '') return refuse('invalid', { reason: msg('dialogue.errors.waiverReason') });
  if (text.length > MAX_REASON_LENGTH) return refuse('invalid', { reason: tooLong(MAX_REASON_LENGTH) });
  return db.transaction().execute(async (trx): Promise<{ ok: true } | Refusal> => {
    const tender = await lockTender(trx, tenderId);
    if (!tender) return refuse('not_found', { form: msg('dialogue.errors.tenderNotFound', { id: tenderId }) });
    if (!(await isEuTender(trx, tender, now))) return refuse('not_allowed', { form: msg('dialogue.errors.waiverNotEu', { id: tenderId }) });
    const activity = await trx
      .selectFrom('dialogue_activity_tenders as l')
      .innerJoin('dialogue_activities as a', 'a.id', 'l.activity_id')
      .select('a.id')
      .where('l.tender_id', '=', tenderId)
      .where('a.status', '=', 'announced')
      .executeTakeFirst();
    if (activity) return refuse('not_allowed', { form: msg('dialogue.errors.waiverHasDialogue') });
    const old = await trx.selectFrom('dialogue_waivers').select('reason').where('tender_id', '=', tenderId).executeTakeFirst();
    await trx
      .insertInto('dialogue_waivers')
      .values({ tender_id: tenderId, reason: text, set_by: actor.id })
      .onConflict((oc) => oc.column('tender_id').doUpdateSet({ reason: text, set_by: actor.id, set_at: sql`now()` }))
      .execute();
    await appendEvents(trx, [
      {
        tenderId,
        kind: 'dialogue',
        source: 'officer',
        revision: null,
        changes: [],
        details: { action: 'waiver', activityId: null, kind: null, title: null, startsAt: null, reason: text },
      },
    ]);
    await recordAudit(trx, actor, {
      action: 'dialogue.waiver',
      entityType: 'tender',
      entityId: tenderId,
      oldValue: old ? { reason: old.reason } : undefined,
      newValue: { reason: text },
    });
    return { ok: true };
  });
}

export interface Waiver {
  tenderId: string;
  reason: string;
  setAt: Date;
}

/** The public reasons for no market dialogue of the given tenders, by tender id. */
export async function waiversOf(db: Executor, tenderIds: readonly string[]): Promise<Map<string, Waiver>> {
  if (tenderIds.length === 0) return new Map();
  const rows = await db.selectFrom('dialogue_waivers').select(['tender_id', 'reason', 'set_at']).where('tender_id', 'in', [...tenderIds]).execute();
  return new Map(rows.map((r) => [r.tender_id, { tenderId: r.tender_id, reason: r.reason, setAt: r.set_at }]));
}

/** The public reason for no market dialogue of one tender, or null. */
export const waiverOf = async (db: Executor, tenderId: string): Promise<Waiver | null> => (await waiversOf(db, [tenderId])).get(tenderId) ?? null;

// ---------------------------------------------------------------------------------------------
// Reading: what the public pages (/dialog, a tender's page) and the back office show. Never who
// signed up or commented (see attendeesOf in signups.ts and commentsOf in comments.ts for officers).

export interface ActivitySlot {
  id: number;
  startsAt: Date;
  endsAt: Date;
  /** No confirmed sign-up holds it. */
  free: boolean;
}

export interface ActivitySummary {
  id: number;
  kind: DialogueKind;
  title: string;
  theme: string | null;
  status: DialogueStatus;
  startsAt: Date | null;
  endsAt: Date | null;
  place: string | null;
  onlineUrl: string | null;
  signupDeadline: Date | null;
  commentDeadline: Date | null;
  cancelReason: string | null;
  /** When the outcome was published; null before. */
  outcomePublishedAt: Date | null;
  sample: boolean;
  tenders: ActivityTender[];
}

/** A project an activity concerns, as its page links to it. */
export interface ActivityTender {
  id: string;
  title: string;
  status: string;
}

export interface ActivityView extends ActivitySummary {
  description: string;
  draftUrl: string | null;
  capacity: number | null;
  sequence: number;
  /** Seats taken by confirmed sign-ups; null seatsLeft: no limit. */
  seatsTaken: number;
  seatsLeft: number | null;
  /** How many sign-ups wait for a seat. */
  waiting: number;
  slots: ActivitySlot[];
  freeSlots: number;
  /** Sign-ups taken now: announced, a meeting or talks, before the sign-up deadline and the start. */
  signupsOpen: boolean;
  /** Comments taken now: an announced written consultation before its comment deadline. */
  commentsOpen: boolean;
  outcome: { summary: string; learned: string | null; changesMade: string | null; publishedAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Whether an activity takes sign-ups at `now`. */
export const signupsOpenAt = (a: Pick<DialogueActivityRow, 'kind' | 'status' | 'starts_at' | 'signup_deadline'>, now: Date) =>
  a.status === 'announced' &&
  a.kind !== 'written_consultation' &&
  (a.starts_at === null || now.getTime() < a.starts_at.getTime()) &&
  (a.signup_deadline === null || now.getTime() <= a.signup_deadline.getTime());

/** Whether an activity takes comments at `now`. */
export const commentsOpenAt = (a: Pick<DialogueActivityRow, 'kind' | 'status' | 'comment_deadline'>, now: Date) =>
  a.status === 'announced' && a.kind === 'written_consultation' && a.comment_deadline !== null && now.getTime() <= a.comment_deadline.getTime();

async function tendersOfActivities(db: Executor, ids: readonly number[]) {
  const out = new Map<number, ActivityTender[]>();
  if (ids.length === 0) return out;
  const links = await db.selectFrom('dialogue_activity_tenders').selectAll().where('activity_id', 'in', [...ids]).execute();
  const tenders = new Map((await findTenders(db, [...new Set(links.map((l) => l.tender_id))])).map(({ row }) => [row.id, row]));
  for (const link of links) {
    const tender = tenders.get(link.tender_id);
    if (!tender) continue;
    const list = out.get(link.activity_id) ?? [];
    list.push({ id: tender.id, title: tender.title, status: tender.status });
    out.set(link.activity_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.title.localeCompare(b.title, 'da') || a.id.localeCompare(b.id));
  return out;
}

const summaryOf = (row: DialogueActivityRow, tenders: ActivityTender[]): ActivitySummary => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  theme: row.theme,
  status: row.status,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  place: row.place,
  onlineUrl: row.online_url,
  signupDeadline: row.signup_deadline,
  commentDeadline: row.comment_deadline,
  cancelReason: row.cancel_reason,
  outcomePublishedAt: row.outcome_published_at,
  sample: row.sample,
  tenders,
});

/** One activity with seats, waiting list size and slots: for its page. Null when there is none. */
export async function activityView(db: Executor, id: number, now = new Date()): Promise<ActivityView | null> {
  const row = await db.selectFrom('dialogue_activities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [tenders, counts, slots] = await Promise.all([
    tendersOfActivities(db, [id]),
    db
      .selectFrom('dialogue_signups')
      .select([
        sql<number>`coalesce(sum(attendees) filter (where status = 'confirmed'), 0)::int`.as('taken'),
        sql<number>`(count(*) filter (where status = 'waiting'))::int`.as('waiting'),
      ])
      .where('activity_id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('dialogue_slots as s')
      .select([
        's.id',
        's.starts_at',
        's.ends_at',
        sql<boolean>`not exists (select 1 from dialogue_signups g where g.slot_id = s.id and g.status = 'confirmed')`.as('free'),
      ])
      .where('s.activity_id', '=', id)
      .orderBy('s.starts_at')
      .execute(),
  ]);
  const taken = Number(counts.taken);
  return {
    ...summaryOf(row, tenders.get(id) ?? []),
    description: row.description,
    draftUrl: row.draft_url,
    capacity: row.capacity,
    sequence: row.sequence,
    seatsTaken: taken,
    seatsLeft: row.capacity === null ? null : Math.max(0, row.capacity - taken),
    waiting: Number(counts.waiting),
    slots: slots.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, free: Boolean(s.free) })),
    freeSlots: slots.filter((s) => s.free).length,
    signupsOpen: signupsOpenAt(row, now),
    commentsOpen: commentsOpenAt(row, now),
    outcome:
      row.outcome_published_at && row.summary !== null
        ? { summary: row.summary, learned: row.learned, changesMade: row.changes_made, publishedAt: row.outcome_published_at }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The instant an activity belongs to for coming/past: its end, else its start, else (a written
 * consultation) its comment deadline.
 */
const whenOf = sql<Date>`coalesce(ends_at, starts_at, comment_deadline)`;

/** Coming activities (not over yet), soonest first, or past ones, latest first; cancelled ones included (status tells). */
export async function listActivities(db: Executor, options: { when: 'coming' | 'past'; now?: Date; limit?: number }): Promise<ActivitySummary[]> {
  const now = options.now ?? new Date();
  const rows = await db
    .selectFrom('dialogue_activities')
    .selectAll()
    .where(options.when === 'coming' ? sql<boolean>`${whenOf} >= ${now}` : sql<boolean>`${whenOf} < ${now}`)
    .orderBy(whenOf, options.when === 'coming' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(options.limit ?? 500)
    .execute();
  const tenders = await tendersOfActivities(db, rows.map((r) => r.id));
  return rows.map((row) => summaryOf(row, tenders.get(row.id) ?? []));
}

/** Every activity of each tender, by tender id (tenders without any left out), earliest first: the dialogue history. */
export async function activitiesOfTenders(db: Executor, tenderIds: readonly string[]): Promise<Map<string, ActivitySummary[]>> {
  const out = new Map<string, ActivitySummary[]>();
  if (tenderIds.length === 0) return out;
  const links = await db.selectFrom('dialogue_activity_tenders').selectAll().where('tender_id', 'in', [...tenderIds]).execute();
  if (links.length === 0) return out;
  const ids = [...new Set(links.map((l) => l.activity_id))];
  const [rows, tenders] = await Promise.all([
    db.selectFrom('dialogue_activities').selectAll().where('id', 'in', ids).orderBy(whenOf).orderBy('id').execute(),
    tendersOfActivities(db, ids),
  ]);
  for (const row of rows) {
    const summary = summaryOf(row, tenders.get(row.id) ?? []);
    for (const link of links.filter((l) => l.activity_id === row.id)) {
      const list = out.get(link.tender_id) ?? [];
      list.push(summary);
      out.set(link.tender_id, list);
    }
  }
  return out;
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
