import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../db/database.js';

// Links in subscription mails carry `{subscription id}.{HMAC-SHA256(purpose:id)}`. The id alone
// is a random UUID; the signature ties the link to that one subscription and one purpose, so a
// link cannot be guessed, edited to reach another subscriber, or used to confirm when it was made
// to manage. Unsubscribing deletes the row, which retires every link made for it.

// A firm contact's sign-in link (firms/signin.ts) and a dialogue guest's confirmation link
// (dialogue/guests.ts) are signed with the same secret, each for its own purpose.
export type TokenPurpose = 'confirm' | 'manage' | 'firm-signin' | 'dialogue-guest';

const SECRET_NAME = 'subscription-links';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface LinkSigner {
  sign(purpose: TokenPurpose, subscriptionId: string): string;
  /** The subscription id the token was made for, or null if it is not a valid token for `purpose`. */
  verify(purpose: TokenPurpose, token: string): string | null;
}

export function linkSigner(secret: string): LinkSigner {
  const mac = (purpose: TokenPurpose, id: string) => createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
  return {
    sign: (purpose, id) => `${id}.${mac(purpose, id)}`,
    verify(purpose, token) {
      const [id, signature, extra] = token.split('.');
      if (extra !== undefined || !id || !signature || !UUID.test(id)) return null;
      const expected = Buffer.from(mac(purpose, id));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
    },
  };
}

/** The signing secret all instances share: made once, on first use, and kept in the database. */
export async function loadLinkSigner(db: Executor): Promise<LinkSigner> {
  await db
    .insertInto('app_secrets')
    .values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const { value } = await db.selectFrom('app_secrets').select('value').where('name', '=', SECRET_NAME).executeTakeFirstOrThrow();
  return linkSigner(value);
}
