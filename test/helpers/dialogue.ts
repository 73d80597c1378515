import type { Db } from '../../src/db/database.js';
import { createActivity } from '../../src/dialogue/activities.js';
import type { ActivityInput } from '../../src/dialogue/activity-forms.js';
import { copenhagenInstant } from '../../src/domain/period.js';
import { importDbdItems } from '../../src/sync/import.js';
import { eventsOf } from '../../src/tenders/events.js';
import { anOfficer } from './decisions.js';
import { dbdItem } from './dbd.js';

// Fixtures for the market-dialogue service tests: pipeline projects, one published tender above
// the EU threshold and one below, an officer, and activities on a fixed clock (the services take
// `now`), so deadlines are tested to the minute without waiting.

export const PIPE_A = 'P-SKOLE';
export const PIPE_B = 'P-HAL';
export const PUBLISHED_EU = 'T-EU-PUB';
export const PUBLISHED_SMALL = 'T-SMALL-PUB';
export const PIPE_EU = 'P-EU';

/** "Now" in the tests: 10 January 2027, 10:00 in Copenhagen. */
export const NOW = copenhagenInstant('2027-01-10', '10:00')!;
export const at = (date: string, time: string) => copenhagenInstant(date, time)!;

export async function withPipeline(db: Db) {
  const summary = await importDbdItems(db, [
    dbdItem({ id: PIPE_A, title: 'Ny skole i Ølby', status: 'planned' }),
    dbdItem({ id: PIPE_B, title: 'Renovering af idrætshal', status: 'in_preparation' }),
    dbdItem({ id: PIPE_EU, title: 'Nyt rådhus', status: 'planned', estimatedValue: { amountDkk: 90_000_000 } }),
    dbdItem({
      id: PUBLISHED_EU,
      title: 'Ny svømmehal',
      status: 'published',
      estimatedValue: { amountDkk: 60_000_000 },
      timeline: { expectedTenderPublication: '2026-10', tenderDeadline: '2027-03-10T12:00:00+01:00' },
    }),
    dbdItem({
      id: PUBLISHED_SMALL,
      title: 'Maling af skole',
      status: 'published',
      estimatedValue: { amountDkk: 400_000 },
      timeline: { expectedTenderPublication: '2026-10', tenderDeadline: '2027-03-10T12:00:00+01:00' },
    }),
  ]);
  if (summary.rejected.length) throw new Error(`fixtures rejected: ${JSON.stringify(summary.rejected)}`);
  return { officer: await anOfficer(db) };
}

/** An information meeting on 1 February 2027, 9-12 in Copenhagen, for both pipeline projects. */
export const meetingInput = (overrides: Partial<ActivityInput> = {}): ActivityInput => ({
  kind: 'information_meeting',
  title: 'Informationsmøde om skole og hal',
  theme: null,
  description: 'Vi fortæller om planerne og hører jeres input.',
  tenderIds: [PIPE_A, PIPE_B],
  startsAt: at('2027-02-01', '09:00'),
  endsAt: at('2027-02-01', '12:00'),
  place: 'Rådhuset, Torvet 1, Køge',
  onlineUrl: null,
  capacity: 10,
  signupDeadline: at('2027-01-25', '12:00'),
  draftUrl: null,
  commentDeadline: null,
  slots: [],
  ...overrides,
});

/** One-to-one talks on 2 February 2027, 9:00-10:30 in three 30-minute slots. */
export const talksInput = (overrides: Partial<ActivityInput> = {}): ActivityInput =>
  meetingInput({
    kind: 'one_to_one',
    title: 'Én-til-én-samtaler om skolen',
    tenderIds: [PIPE_A],
    capacity: null,
    startsAt: null,
    endsAt: null,
    slots: [
      { startsAt: at('2027-02-02', '09:00'), endsAt: at('2027-02-02', '09:30') },
      { startsAt: at('2027-02-02', '09:30'), endsAt: at('2027-02-02', '10:00') },
      { startsAt: at('2027-02-02', '10:00'), endsAt: at('2027-02-02', '10:30') },
    ],
    ...overrides,
  });

/** A written consultation on a draft, comments until 1 February 2027, 12:00. */
export const consultationInput = (overrides: Partial<ActivityInput> = {}): ActivityInput =>
  meetingInput({
    kind: 'written_consultation',
    title: 'Høring over udkast til kravspecifikation',
    tenderIds: [PIPE_B],
    startsAt: null,
    endsAt: null,
    place: null,
    capacity: null,
    signupDeadline: null,
    draftUrl: 'https://koege.dk/udkast/hal-kravspec.pdf',
    commentDeadline: at('2027-02-01', '12:00'),
    ...overrides,
  });

export async function anActivity(db: Db, officer: Awaited<ReturnType<typeof anOfficer>>, input: ActivityInput = meetingInput()): Promise<number> {
  const made = await createActivity(db, input, officer, NOW);
  if (!made.ok) throw new Error(`activity refused: ${JSON.stringify(made.errors)}`);
  return made.id;
}

/** The dialogue mails queued, oldest first, as [kind, signupId|commentId|guestId]. */
export async function mailsQueued(db: Db) {
  const rows = await db.selectFrom('dialogue_mails').select(['kind', 'details', 'contact_id', 'guest_id']).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ kind: r.kind, details: r.details as Record<string, unknown>, contactId: r.contact_id, guestId: r.guest_id }));
}

/** Row counts of the tables a dialogue action writes: a refusal leaves them all as they were. */
export async function dialogueCounts(db: Db) {
  const count = async (table: 'dialogue_activities' | 'dialogue_signups' | 'dialogue_comments' | 'dialogue_mails' | 'dialogue_guests' | 'dialogue_slots' | 'dialogue_waivers' | 'tender_events' | 'audit_log') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    activities: await count('dialogue_activities'),
    signups: await count('dialogue_signups'),
    comments: await count('dialogue_comments'),
    mails: await count('dialogue_mails'),
    guests: await count('dialogue_guests'),
    slots: await count('dialogue_slots'),
    waivers: await count('dialogue_waivers'),
    events: await count('tender_events'),
    audit: await count('audit_log'),
  };
}

/** The details of a tender's 'dialogue' events, oldest first. */
export const dialogueEvents = async (db: Db, tenderId: string) =>
  (await eventsOf(db, tenderId))
    .filter((e) => e.kind === 'dialogue')
    .sort((a, b) => a.id - b.id)
    .map((e) => e.details as Record<string, unknown>);
