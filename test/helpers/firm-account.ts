import type { Db } from '../../src/db/database.js';
import { loadFirmSigner, signinToken } from '../../src/firms/signin.js';

/** What a browser posts to /virksomhed/tilmeld for a good sign-up; override a field to spoil it. */
export const goodSignUp = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  cvr: '30 02 37 57',
  name: 'Køge Tømrer & Søn ApS',
  address: 'Torvet 1',
  postalCode: '4600',
  city: 'Køge',
  trades: ['toemrer', 'maler'],
  size: 'small',
  contactName: 'Kim Kontakt',
  email: 'kim@toemrer.test',
  phone: '+45 12 34 56 78',
  wantsInvitations: 'ja',
  lang: 'da',
  ...overrides,
});

/** The path of the newest sign-in link made for the address (as the mail would carry it). */
export async function latestSigninPath(db: Db, email: string): Promise<string> {
  const row = await db
    .selectFrom('firm_signins as s')
    .innerJoin('firm_contacts as c', 'c.id', 's.contact_id')
    .select('s.id')
    .where('c.email', '=', email)
    .orderBy('s.created_at', 'desc')
    .executeTakeFirstOrThrow();
  return `/virksomhed/log-ind/${signinToken(await loadFirmSigner(db), row.id)}`;
}
