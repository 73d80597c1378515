import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import { listThresholdSets } from '../rules/repository.js';
import { thresholdRuleFor } from '../tenders/detail.js';
import { appendEvents } from '../tenders/events.js';
import { lockTender } from '../tenders/repository.js';
import { msg } from '../i18n/messages.js';
import { dialogueEvents, linkedTenders } from './activities.js';
import { MAX_OUTCOME_LENGTH, MAX_REASON_LENGTH, refuse, tooLong, type DialogueErrors, type Refusal } from './activity-forms.js';
import { lockActivity } from './seats.js';

// What came of a market-dialogue activity, published once it has taken place; and, for a tender
// above the EU threshold without any dialogue, the public reason why (a waiver). Each is one
// transaction: the row, a 'dialogue' event on each linked tender and an audit entry.

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
