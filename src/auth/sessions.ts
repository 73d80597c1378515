import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Actor } from '../audit/audit.js';

export const SESSION_COOKIE = 'udbud_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session with a new id (never reused across sign-ins); returns the cookie value. */
export async function createSession(db: Db, userId: number, config: Pick<Config, 'session'>): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      expires_at: new Date(Date.now() + config.session.maxHours * 3600_000),
    })
    .execute();
  return token;
}

export interface SignedIn extends Actor {
  name: string;
}

/**
 * The user behind a session cookie, or null when the session is unknown, idle too long, past its
 * absolute expiry, or the account is disabled. A live session's idle clock restarts (at most once a minute).
 */
export async function resolveSession(db: Db, token: string | undefined, config: Pick<Config, 'session'>): Promise<SignedIn | null> {
  if (!token) return null;
  const tokenHash = hashToken(token);
  const idleLimit = new Date(Date.now() - config.session.idleMinutes * 60_000);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.last_seen_at', 's.expires_at', 'u.id', 'u.email', 'u.name', 'u.role', 'u.disabled_at'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.disabled_at || row.expires_at < new Date() || row.last_seen_at < idleLimit) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  // The idle clock restarts at most once a minute, as a firm's does: idle limits are counted in
  // minutes, and a write on every request cost each back-office page a round trip.
  if (row.last_seen_at < new Date(Date.now() - 60_000)) {
    await db.updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('token_hash', '=', tokenHash).execute();
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function endSession(db: Db, token: string | undefined) {
  if (token) await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}
