import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { recordAudit } from '../audit/audit.js';
import { verifyPassword } from './passwords.js';
import { findUserByEmail } from './users.js';
import type { UserRow } from '../db/types.js';

/** Failures within this window count towards the limits below. */
export const LOCKOUT_WINDOW_MINUTES = 15;
/** Per typed e-mail address: then the account is locked for the rest of the window. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** Per IP address, across accounts. */
export const MAX_FAILURES_PER_IP = 30;

export type LoginResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'locked' };

async function recentFailures(db: Db, subject: string): Promise<number> {
  const { n } = await db
    .selectFrom('login_failures')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('subject', '=', subject)
    .where('failed_at', '>', sql<Date>`now() - make_interval(mins => ${LOCKOUT_WINDOW_MINUTES})`)
    .executeTakeFirstOrThrow();
  return n;
}

/**
 * Checks an e-mail and password. Unknown e-mail, wrong password and disabled account all give
 * the same answer, in about the same time; too many failures lock the e-mail (whether or not it
 * exists) and the IP address for a while.
 */
export async function attemptLogin(db: Db, input: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `email:${email}`;
  const ipKey = `ip:${input.ip}`;
  const [accountFailures, ipFailures] = await Promise.all([recentFailures(db, accountKey), recentFailures(db, ipKey)]);
  if (accountFailures >= MAX_FAILURES_PER_ACCOUNT || ipFailures >= MAX_FAILURES_PER_IP) {
    return { ok: false, reason: 'locked' };
  }
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid || user.disabled_at) {
    await db.insertInto('login_failures').values([{ subject: accountKey }, { subject: ipKey }]).execute();
    return { ok: false, reason: 'invalid' };
  }
  await db.deleteFrom('login_failures').where('subject', '=', accountKey).execute();
  await db.updateTable('users').set({ last_login_at: sql<Date>`now()` }).where('id', '=', user.id).execute();
  await recordAudit(db, { id: user.id, email: user.email, role: user.role }, { action: 'user.login', entityType: 'user', entityId: String(user.id) });
  return { ok: true, user };
}
