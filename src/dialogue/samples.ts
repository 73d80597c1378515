import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Config } from '../config.js';
import type { Transaction } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { Database, TenderRow } from '../db/types.js';
import { answerDays, answerTiming, dialogueKinds } from '../domain/dialogue.js';
import { comingStatuses, copenhagenDate, copenhagenInstant, shiftCopenhagenDays } from '../domain/period.js';
import { addDays, nextWorkingDay } from '../domain/standstill.js';
import { sampleActor, usesBundledSample } from '../firms/samples.js';
import { atRoot } from '../paths.js';
import { listThresholdSets } from '../rules/repository.js';
import { thresholdRuleFor } from '../tenders/detail.js';
import { appendEvents, type NewTenderEvent } from '../tenders/events.js';
import { findTender, lockTender } from '../tenders/repository.js';
import { insertAnswerVersion, lastQuestionNumber } from './questions.js';

// Sample dialogue for a new installation on the bundled sample export (no DBD_URL): one coming
// information meeting for two pipeline projects, its date a few weeks after the first start
// (Copenhagen time, on a working day), and two answered questions on an open sample tender, asked
// by sample firms. Every row is marked sample = true and every text says "(eksempeldata)".
//
// The services that write such rows are dialogue/activities.ts, outcomes.ts and questions.ts; the
// samples are written straight to the tables, as those services write them, with the same events
// on the spine ('dialogue' announced on each linked tender, 'answer' per answer), all in one
// transaction with the linked tenders locked. Added once: a sample activity or a sample question
// already there is never added again, so a second start (or two at once) adds nothing.

const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const sampleSchema = z.object({
  meeting: z.object({
    tenderIds: z.array(z.string()).min(1),
    kind: z.enum(dialogueKinds),
    title: z.string().min(1),
    description: z.string(),
    place: z.string().min(1),
    daysAhead: z.number().int().positive(),
    startTime: hhmm,
    endTime: hhmm,
    capacity: z.number().int().positive(),
    signupDaysBefore: z.number().int().nonnegative(),
  }),
  questions: z.object({
    /** Candidates, in order: the first that is open (published, bid deadline ahead) gets the questions. */
    tenderIds: z.array(z.string()).min(1),
    items: z
      .array(
        z.object({
          /** CVR of the sample firm that asked, when the sample firms are there. */
          askedBy: z.string(),
          text: z.string().min(1),
          publishedText: z.string().min(1),
          answer: z.string().min(1),
          askedHoursAgo: z.number().positive(),
          answeredAfterHours: z.number().positive(),
        }),
      )
      .min(1),
  }),
});
export type SampleDialogue = z.infer<typeof sampleSchema>;

export const readSampleDialogue = async (): Promise<SampleDialogue> =>
  sampleSchema.parse(JSON.parse(await readFile(atRoot('src/dialogue/seed', 'sample-dialogue.json'), 'utf8')));

export interface SampleDialogueOutcome {
  /** The id of the sample meeting added now; null when none was added. */
  meeting: number | null;
  /** The sample tender that got the questions now; null when none did. */
  questionsOn: string | null;
}

const nothing: SampleDialogueOutcome = { meeting: null, questionsOn: null };
const HOUR = 3_600_000;

/**
 * Adds the sample meeting and the sample questions when the portal runs on the bundled sample and
 * they are not there yet; else nothing. `now` decides the meeting's date and which tender is open.
 */
export async function seedSampleDialogue(
  db: Db,
  config: Pick<Config, 'dbd' | 'extraClosedDays' | 'questionDaysNational'>,
  now = new Date(),
): Promise<SampleDialogueOutcome> {
  if (!usesBundledSample(config)) return nothing;
  const samples = await readSampleDialogue();
  const before = await alreadySeeded(db);
  if (before.meeting && before.questions) return nothing;
  const tenderIds = [...new Set([...samples.meeting.tenderIds, ...samples.questions.tenderIds])].sort();
  const present = await Promise.all(tenderIds.map((id) => findTender(db, id)));
  if (present.every((stored) => stored === null)) return nothing;

  const actor = await sampleActor(db);
  const sets = await listThresholdSets(db);
  return db.transaction().execute(async (trx) => {
    // The linked tenders are locked in one order: a second seeding at the same time waits here
    // and then finds the sample rows.
    const tenders = new Map<string, TenderRow>();
    for (const id of tenderIds) {
      const row = await lockTender(trx, id);
      if (row) tenders.set(id, row);
    }
    const seeded = await alreadySeeded(trx);
    const events: NewTenderEvent[] = [];
    let meeting: number | null = null;
    let questionsOn: string | null = null;

    const coming = samples.meeting.tenderIds.every((id) => (comingStatuses as readonly string[]).includes(tenders.get(id)?.status ?? ''));
    if (!seeded.meeting && coming) {
      meeting = await addMeeting(trx, samples.meeting, actor, config.extraClosedDays, now, events);
    }

    const open = samples.questions.tenderIds
      .map((id) => tenders.get(id))
      .find((row) => row !== undefined && row.status === 'published' && row.tender_deadline !== null && row.tender_deadline.getTime() > now.getTime());
    if (!seeded.questions && open) {
      const rule = thresholdRuleFor(open, sets, now);
      const days = answerDays(rule?.procedure === 'eu_tender', config.questionDaysNational);
      await addQuestions(trx, samples.questions.items, open.id, open.tender_deadline, days, actor, now, events);
      questionsOn = open.id;
    }

    await appendEvents(trx, events);
    return { meeting, questionsOn };
  });
}

async function alreadySeeded(db: Executor) {
  const [activity, question] = await Promise.all([
    db.selectFrom('dialogue_activities').select('id').where('sample', '=', true).limit(1).executeTakeFirst(),
    db.selectFrom('questions').select('id').where('sample', '=', true).limit(1).executeTakeFirst(),
  ]);
  return { meeting: activity !== undefined, questions: question !== undefined };
}

/** The meeting on the first working day `daysAhead` days from today (Copenhagen), at its clock times. */
async function addMeeting(
  trx: Transaction<Database>,
  meeting: SampleDialogue['meeting'],
  actor: Actor,
  extraClosedDays: readonly string[],
  now: Date,
  events: NewTenderEvent[],
): Promise<number> {
  const day = nextWorkingDay(addDays(copenhagenDate(now), meeting.daysAhead), extraClosedDays);
  const startsAt = copenhagenInstant(day, meeting.startTime)!;
  const endsAt = copenhagenInstant(day, meeting.endTime)!;
  const signupDeadline = shiftCopenhagenDays(startsAt, -meeting.signupDaysBefore);
  const { id } = await trx
    .insertInto('dialogue_activities')
    .values({
      kind: meeting.kind,
      title: meeting.title,
      description: meeting.description,
      starts_at: startsAt,
      ends_at: endsAt,
      place: meeting.place,
      capacity: meeting.capacity,
      signup_deadline: signupDeadline,
      sample: true,
      created_by: actor.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('dialogue_activity_tenders')
    .values(meeting.tenderIds.map((tender_id) => ({ activity_id: id, tender_id })))
    .execute();
  await recordAudit(trx, actor, {
    action: 'dialogue.activity.create',
    entityType: 'dialogue_activity',
    entityId: String(id),
    newValue: { kind: meeting.kind, title: meeting.title, startsAt, endsAt, place: meeting.place, capacity: meeting.capacity, signupDeadline, tenderIds: meeting.tenderIds, sample: true },
  });
  for (const tenderId of meeting.tenderIds) {
    events.push({
      tenderId,
      kind: 'dialogue',
      source: 'officer',
      revision: null,
      changes: [],
      details: { action: 'announced', activityId: id, kind: meeting.kind, title: meeting.title, startsAt: startsAt.toISOString() },
    });
  }
  return id;
}

/**
 * Each question received `askedHoursAgo` hours before now (on the minute) and published with its
 * own answer `answeredAfterHours` later, numbered after any already on the tender; the answer is
 * flagged late as the rule says (it will not be on a tender with its deadline weeks ahead).
 */
async function addQuestions(
  trx: Transaction<Database>,
  items: SampleDialogue['questions']['items'],
  tenderId: string,
  bidDeadline: Date | null,
  days: number,
  actor: Actor,
  now: Date,
  events: NewTenderEvent[],
) {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  let number = (await lastQuestionNumber(trx, tenderId)) + 1;
  // Numbered in the order they were published, as the officers' form numbers them.
  const hoursSincePublished = (item: (typeof items)[number]) => item.askedHoursAgo - item.answeredAfterHours;
  for (const item of [...items].sort((a, b) => hoursSincePublished(b) - hoursSincePublished(a))) {
    const askedAt = new Date(minute - item.askedHoursAgo * HOUR);
    const publishedAt = new Date(askedAt.getTime() + item.answeredAfterHours * HOUR);
    const timing = answerTiming(publishedAt, bidDeadline, days);
    const asker = await trx
      .selectFrom('firms')
      .innerJoin('firm_contacts', 'firm_contacts.firm_id', 'firms.id')
      .select(['firms.id as firmId', 'firm_contacts.id as contactId'])
      .where('firms.cvr', '=', item.askedBy)
      .where('firms.sample', '=', true)
      .orderBy('firm_contacts.created_at')
      .limit(1)
      .executeTakeFirst();
    const { id: answerId } = await trx
      .insertInto('answers')
      .values({ tender_id: tenderId, created_at: publishedAt, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertAnswerVersion(trx, { answerId, version: 1, text: item.answer, at: publishedAt, actor, timing });
    const { id: questionId } = await trx
      .insertInto('questions')
      .values({
        tender_id: tenderId,
        firm_id: asker?.firmId ?? null,
        contact_id: asker?.contactId ?? null,
        text: item.text,
        lang: 'da',
        status: 'published',
        asked_at: askedAt,
        received_at: askedAt,
        number,
        published_text: item.publishedText,
        published_at: publishedAt,
        published_by: actor.id,
        answer_id: answerId,
        sample: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'question.answer',
      entityType: 'answer',
      entityId: String(answerId),
      newValue: {
        tenderId,
        answer: item.answer,
        late: timing.late,
        suggestedDeadline: timing.late ? timing.suggestedDeadline.toISOString() : null,
        questions: [{ id: questionId, number, publishedText: item.publishedText, receivedText: item.text }],
        sample: true,
      },
    });
    events.push({ tenderId, kind: 'answer', source: 'officer', revision: null, changes: [], details: { answerId, version: 1, numbers: [number] } });
    number++;
  }
}
