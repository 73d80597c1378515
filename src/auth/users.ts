import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/types.js';
import { recordAudit, type Actor } from '../audit/audit.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
import { t } from '../i18n/index.js';
import { msg } from '../i18n/messages.js';
import { PortalError } from '../domain/errors.js';

export const roles = ['officer', 'admin'] as const;
export type Role = (typeof roles)[number];
export const roleLabels: Record<Role, string> = { officer: t('da', 'adminRules.users.roles.officer'), admin: t('da', 'adminRules.users.roles.admin') };

export const newUserSchema = z.object({
  email: z.email({ error: msg('adminRules.users.errors.email') }).trim().toLowerCase().max(200),
  name: z.string().trim().max(200).default(''),
  role: z.enum(roles, { error: msg('adminRules.users.errors.role') }),
  password: z.string().min(MIN_PASSWORD_LENGTH, msg('adminRules.users.errors.password', { min: MIN_PASSWORD_LENGTH })).max(500),
});
export type NewUser = z.infer<typeof newUserSchema>;

export class DuplicateEmailError extends PortalError {
  override name = 'DuplicateEmailError';
  constructor(readonly email: string) {
    super('duplicate', t('da', 'adminRules.users.duplicate', { email }));
  }
}

/** A random password for a new account, shown once. */
export const generatePassword = () => randomBytes(18).toString('base64url');

export async function createUser(db: Db, input: NewUser, actor: Actor | null): Promise<UserRow> {
  await refuseDuplicate(db, input.email);
  return insertUser(db, input, await hashPassword(input.password), actor);
}

/**
 * An account no one signs in to with a password (the sample data's): it gets a password hash that
 * no password matches, and so costs no argon2 hash, which takes 64 MiB of memory for its moment.
 */
export async function createUserWithoutPassword(db: Db, input: Omit<NewUser, 'password'>, actor: Actor | null): Promise<UserRow> {
  await refuseDuplicate(db, input.email);
  return insertUser(db, input, NO_PASSWORD, actor);
}

/** Not an argon2 hash: verifying any password against it fails. */
const NO_PASSWORD = '!';

async function refuseDuplicate(db: Db, email: string): Promise<void> {
  if (await findUserByEmail(db, email)) throw new DuplicateEmailError(email);
}

function insertUser(db: Db, input: Omit<NewUser, 'password'>, passwordHash: string, actor: Actor | null): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('users')
      .values({ email: input.email, name: input.name, role: input.role, password_hash: passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: String(user.id),
      newValue: { email: user.email, name: user.name, role: user.role },
    });
    return user;
  });
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  return (await db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst()) ?? null;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function findUser(db: Db, id: number): Promise<UserRow | null> {
  return (await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Changes a user's role or disables/enables the account; a disabled user's sessions end at once. */
export async function updateUser(db: Db, id: number, change: { role?: Role; disabled?: boolean }, actor: Actor): Promise<UserRow | null> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return null;
    const after = await trx
      .updateTable('users')
      .set({
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled === undefined ? {} : { disabled_at: change.disabled ? (before.disabled_at ?? new Date()) : null }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (after.disabled_at) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: change.disabled === undefined ? 'user.role' : change.disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: String(id),
      oldValue: { role: before.role, disabled: before.disabled_at !== null },
      newValue: { role: after.role, disabled: after.disabled_at !== null },
    });
    return after;
  });
}
