import type { Actor } from '../../src/audit/audit.js';
import { createTestUser } from './users.js';
import type { Db } from '../../src/db/database.js';
import type { AwardDetails } from '../../src/decisions/schemas.js';
import { importDbdItems } from '../../src/sync/import.js';
import { dbdItem } from './dbd.js';

// Small fixtures for the decision tests: two published works tenders on either side of the EU
// threshold (standstill applies above it, not under the tilbudsloven below it), and an officer.

export const EU_TENDER = 'T-EU';
export const SMALL_TENDER = 'T-SMALL';
export const UNVALUED_TENDER = 'T-NOVALUE';
export const PLANNED_TENDER = 'T-PLANNED';

const published = (id: string, amountDkk: number | null, title: string) =>
  dbdItem({
    id,
    title,
    status: 'published',
    estimatedValue: amountDkk === null ? null : { amountDkk },
    timeline: { expectedTenderPublication: '2026-10', tenderDeadline: '2026-11-10T12:00:00+01:00' },
  });

export const tenderItems = [
  published(EU_TENDER, 50_000_000, 'Ny skole i Ølby'),
  published(SMALL_TENDER, 1_540_000, 'Renovering af tag, Testskolen'),
  published(UNVALUED_TENDER, null, 'Klimasikring af Søndre Havn'),
  dbdItem({ id: PLANNED_TENDER, title: 'Maling af gang', status: 'planned' }),
];

export async function withTenders(db: Db) {
  const summary = await importDbdItems(db, tenderItems);
  if (summary.rejected.length) throw new Error(`fixtures rejected: ${JSON.stringify(summary.rejected)}`);
}

export async function anOfficer(db: Db, email = 'otto@koege.test'): Promise<Actor> {
  const user = await createTestUser(db, { email, name: 'Otto Officer', role: 'officer', password: 'en-lang-adgangskode-til-test' });
  return { id: user.id, email: user.email, role: user.role };
}

export const award = (overrides: Partial<AwardDetails> = {}): AwardDetails => ({
  winnerName: 'Tømrerfirmaet Hansen ApS',
  winnerCvr: '12345678',
  awardValueDkk: 48_750_000,
  bidsReceived: 4,
  criterion: 'lowest_price',
  weights: null,
  decidedOn: '2026-11-20',
  notifiedOn: '2026-11-23',
  notificationChannel: 'electronic',
  justification: 'Laveste pris blandt fire konditionsmæssige tilbud.',
  decisionLetterUrl: null,
  ...overrides,
});

/** 'YYYY-MM-DD' a number of days from today in Copenhagen (the web tests run on the real clock). */
export function copenhagenDay(offsetDays = 0, now = new Date()): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(now);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}
