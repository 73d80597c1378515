import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { FirmSize, FirmStatus } from '../domain/firm.js';

// A firm's contact person signed in (by an e-mail link): a session of their own, apart from the
// officers' (another cookie, another table). The cookie holds a random token; the table its hash.

export const FIRM_SESSION_COOKIE = 'udbud_firm';
/** A session ends after this long unused, and after MAX_DAYS at most. */
export const FIRM_SESSION_IDLE_DAYS = 7;
export const FIRM_SESSION_MAX_DAYS = 30;

const DAY = 24 * 3600_000;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who is signed in for which firm: what every firm page needs. */
export interface SignedInFirm {
  contactId: string;
  contactName: string;
  email: string;
  lang: 'da' | 'en';
  firmId: string;
  firmName: string;
  cvr: string;
  status: FirmStatus;
  size: FirmSize;
}

/** A new session for the contact; returns the cookie value. */
export async function createFirmSession(db: Executor, contactId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('firm_sessions')
    .values({ token_hash: hashToken(token), contact_id: contactId, expires_at: new Date(Date.now() + FIRM_SESSION_MAX_DAYS * DAY) })
    .execute();
  return token;
}

/** The contact and firm behind a cookie, or null when unknown, idle too long or expired. */
export async function resolveFirmSession(db: Executor, token: string | undefined): Promise<SignedInFirm | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('firm_sessions as s')
    .innerJoin('firm_contacts as c', 'c.id', 's.contact_id')
    .innerJoin('firms as f', 'f.id', 'c.firm_id')
    .select(['s.last_seen_at', 's.expires_at', 'c.id as contactId', 'c.name as contactName', 'c.email', 'c.lang', 'f.id as firmId', 'f.name as firmName', 'f.cvr', 'f.status', 'f.size'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at < new Date() || row.last_seen_at < new Date(Date.now() - FIRM_SESSION_IDLE_DAYS * DAY)) {
    await db.deleteFrom('firm_sessions').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  // The idle clock restarts at most once a minute: pages a firm reads do not each write a row.
  if (row.last_seen_at < new Date(Date.now() - 60_000)) {
    await db.updateTable('firm_sessions').set({ last_seen_at: sql<Date>`now()` }).where('token_hash', '=', tokenHash).execute();
  }
  const { last_seen_at: _seen, expires_at: _expires, ...firm } = row;
  return firm;
}

export async function endFirmSession(db: Executor, token: string | undefined): Promise<void> {
  if (token) await db.deleteFrom('firm_sessions').where('token_hash', '=', hashToken(token)).execute();
}
