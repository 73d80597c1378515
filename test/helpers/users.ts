import argon2 from 'argon2';
import { sql } from 'kysely';
import { createUserWithoutPassword, type NewUser } from '../../src/auth/users.js';
import type { Db } from '../../src/db/database.js';

// Officers and admins for tests that sign in as one, not tests of the password itself: the same
// account as createUser makes (its row and its audit entry), with a cheap argon2id hash of the
// password (1 MiB, one pass) instead of the portal's (64 MiB, three passes). Signing in still runs
// the real argon2 verify against it. The suite signs in hundreds of times; at the portal's cost
// that was about 0,4 s of CPU each. Tests of hashing itself (test/web/auth.test.ts, the user tool)
// use createUser and the portal's cost.

const hashes = new Map<string, Promise<string>>();

/** One cheap hash per password per process (argon2 salts each one; tests only compare them by verifying). */
function cheapHash(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = argon2.hash(password, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    hashes.set(password, hash);
  }
  return hash;
}

export async function createTestUser(db: Db, input: NewUser) {
  const user = await createUserWithoutPassword(db, input, null);
  const passwordHash = await cheapHash(input.password);
  await sql`update users set password_hash = ${passwordHash} where id = ${user.id}`.execute(db);
  return { ...user, password_hash: passwordHash };
}
