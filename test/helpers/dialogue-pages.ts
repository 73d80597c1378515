import type { Actor } from '../../src/audit/audit.js';
import type { Db } from '../../src/db/database.js';
import { createActivity } from '../../src/dialogue/activities.js';
import type { ActivityInput } from '../../src/dialogue/activity-forms.js';
import { publishOutcome } from '../../src/dialogue/outcomes.js';
import { guestToken, loadGuestSigner } from '../../src/dialogue/guests.js';
import { copenhagenInstant } from '../../src/domain/period.js';
import { importDbdItems } from '../../src/sync/import.js';
import { anOfficer, copenhagenDay, withTenders } from './decisions.js';
import { dbdItem } from './dbd.js';

// Market-dialogue activities for the public page tests, made through the officers' service.

export const SCHOOL = 'T-PLANNED';
export const HALL = 'T-HALL';

/** The decision fixtures plus a second pipeline project (a sports hall). */
export async function withProjects(db: Db): Promise<Actor> {
  await withTenders(db);
  await importDbdItems(db, [dbdItem({ id: HALL, title: 'Ny idrætshal i Ølby', status: 'in_preparation' })]);
  return anOfficer(db);
}

/** A Copenhagen wall-clock time some days from today. */
export const inDays = (days: number, time = '09:00') => copenhagenInstant(copenhagenDay(days), time)!;

export const meetingInput = (overrides: Partial<ActivityInput> = {}): ActivityInput => ({
  kind: 'information_meeting',
  title: 'Informationsmøde om skole og idrætshal',
  theme: null,
  description: 'Vi fortæller om de to byggerier og hører jeres erfaringer.',
  tenderIds: [SCHOOL, HALL],
  startsAt: inDays(10, '09:00'),
  endsAt: inDays(10, '11:00'),
  place: 'Rådhuset, Torvet 1, Køge',
  onlineUrl: null,
  capacity: 5,
  signupDeadline: null,
  draftUrl: null,
  commentDeadline: null,
  slots: [],
  ...overrides,
});

/** An activity made by the officer's service; throws on a refusal (the fixture is wrong then). */
export async function activity(db: Db, actor: Actor, overrides: Partial<ActivityInput> = {}, now = new Date()): Promise<number> {
  const made = await createActivity(db, meetingInput(overrides), actor, now);
  if (!made.ok) throw new Error(`activity refused: ${JSON.stringify(made.errors)}`);
  return made.id;
}

/** A meeting held 20 days ago (announced 30 days ago) with its outcome published. */
export async function pastMeetingWithOutcome(db: Db, actor: Actor, overrides: Partial<ActivityInput> = {}): Promise<number> {
  const id = await activity(db, actor, { title: 'Leverandørdag om tage', kind: 'supplier_day', startsAt: inDays(-20, '13:00'), endsAt: inDays(-20, '15:00'), ...overrides }, inDays(-30));
  const published = await publishOutcome(
    db,
    id,
    { summary: 'Tolv virksomheder deltog og gav gode råd.', learned: 'Små firmaer vil byde på delentrepriser.', changesMade: 'Opgaven deles i tre delentrepriser.' },
    actor,
  );
  if (!published.ok) throw new Error(`outcome refused: ${JSON.stringify(published.errors)}`);
  return id;
}

/** The confirmation link a guest's mail would carry, for the newest guest of the address. */
export async function guestLink(db: Db, email: string): Promise<string> {
  const guest = await db.selectFrom('dialogue_guests').select('id').where('email', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return `/dialog/bekraeft/${guestToken(await loadGuestSigner(db), guest.id)}`;
}
