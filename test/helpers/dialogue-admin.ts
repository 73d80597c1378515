import type { Test } from 'tap';
import type { Db } from '../../src/db/database.js';
import { importDbdItems } from '../../src/sync/import.js';
import { dbdItem } from './dbd.js';
import { copenhagenDay, PLANNED_TENDER } from './decisions.js';
import { firmInDatabase } from './firms.js';
import { officerWithTenders, type Browser } from './officer.js';

// Fixtures for the officers' market-dialogue pages: the decision tests' tenders (one of them
// planned) plus a project in preparation, so an activity can concern two pipeline projects.

export const PREP_TENDER = 'T-PREP';
export const MEETING_DAY = copenhagenDay(30);

export async function officerWithPipeline(t: Test) {
  const setup = await officerWithTenders(t);
  const summary = await importDbdItems(setup.db, [dbdItem({ id: PREP_TENDER, title: 'Ny daginstitution i Ølby', status: 'in_preparation' })]);
  if (summary.rejected.length) throw new Error(`fixture rejected: ${JSON.stringify(summary.rejected)}`);
  return setup;
}

/** The create form of an information meeting for both pipeline projects, 30 days from today at 09:30–11:00. */
export const meetingForm = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  kind: 'information_meeting',
  title: 'Informationsmøde om nye byggerier i Ølby',
  tenderIds: [PLANNED_TENDER, PREP_TENDER],
  theme: '',
  description: 'Kom og hør om de kommende projekter.',
  startsAtDate: MEETING_DAY,
  startsAtTime: '09:30',
  endsAtTime: '11:00',
  place: 'Rådhuset, mødesal 1',
  onlineUrl: '',
  capacity: '40',
  signupDeadlineDate: '',
  signupDeadlineTime: '',
  ...overrides,
});

/** Creates the meeting through the officer's form; returns its id. */
export async function createdMeeting(officer: Browser, overrides: Record<string, string | string[]> = {}) {
  const res = await officer.post('/admin/dialog/ny', meetingForm(overrides));
  const location = String(res.headers.location ?? '');
  const id = /^\/admin\/dialog\/(\d+)\?gemt=oprettet$/.exec(location)?.[1];
  if (res.statusCode !== 303 || !id) throw new Error(`create failed: ${res.statusCode} ${res.body.slice(0, 2000)}`);
  return Number(id);
}

/** A firm's contact person with a sign-up of the given status (written directly: the sign-up form is the public side's). */
export async function signupOf(db: Db, activityId: number, status: 'confirmed' | 'waiting', firm: { name: string; email: string; contactName?: string }, attendees = 1) {
  const made = await firmInDatabase(db, { name: firm.name, email: firm.email, contactName: firm.contactName ?? 'Kim Kontakt' });
  await db
    .insertInto('dialogue_signups')
    .values({ activity_id: activityId, firm_id: made.firmId, contact_id: made.contactId, attendees, status, confirmed_at: status === 'confirmed' ? new Date() : null })
    .execute();
  return made;
}
