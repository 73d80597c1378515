import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import type { DialogueActivityRow } from '../db/types.js';
import { comingStatuses, wallClock } from '../domain/period.js';
import { msg } from '../i18n/messages.js';
import { appendEvents, type DialogueDetails } from '../tenders/events.js';
import { findTenders } from '../tenders/repository.js';
import { checkActivity, MAX_REASON_LENGTH, normalise, refuse, tooLong, type ActivityInput, type DialogueErrors, type Refusal, type SlotInput } from './activity-forms.js';
import { lockActivity, moveUp, recipientOf, seatsTaken } from './seats.js';
import { queueDialogueMail } from './mail-queue.js';

// Market-dialogue activities (udbudsloven §39): an officer announces an information meeting, a
// supplier day, one-to-one talks (bookable slots) or a written consultation on a draft, for one or
// more pipeline projects or a theme ("Skoler 2027"); changes or cancels it; and afterwards
// publishes what came of it. For a tender above the EU threshold without any dialogue the officer
// states the public reason why (a waiver). Every such action is one transaction: the rows, a
// 'dialogue' event on each linked tender, the attendees' mails and an audit entry.
//
// This file holds the activity's writes (announce, change, cancel); the input, its checks and the
// forms are in activity-forms.ts, the outcome and the waiver in outcomes.ts, and what the pages
// read in activity-views.ts.

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

export const dialogueEvents = (
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

export const linkedTenders = async (db: Executor, activityId: number) =>
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
