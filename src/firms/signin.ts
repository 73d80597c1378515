import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import { loadLinkSigner, type LinkSigner } from '../subscriptions/tokens.js';
import { queueFirmMail } from './mail-queue.js';
import { createFirmSession } from './sessions.js';

// Sign-in by e-mail link, no passwords: a link `/virksomhed/log-ind/{signin id}.{HMAC}` signed like
// the alert links (purpose 'firm-signin'), valid SIGNIN_MINUTES, used once. Asking for a link gives
// the same answer whether or not the address is known; an address gets at most
// MAX_LINKS_PER_HOUR links an hour (the page's per-IP limit is in web/).

export const SIGNIN_MINUTES = 20;
export const MAX_LINKS_PER_HOUR = 3;

export const loadFirmSigner = loadLinkSigner;
export const signinToken = (signer: LinkSigner, signinId: string) => signer.sign('firm-signin', signinId);
/** The sign-in id a token was made for, or null when it is not a valid signed token. */
export const signinIdFrom = (signer: LinkSigner, token: string) => signer.verify('firm-signin', token);

/** A new link for the contact, and its mail, in the caller's transaction. */
export async function createSignin(trx: Executor, contactId: string): Promise<string> {
  const { id } = await trx
    .insertInto('firm_signins')
    .values({ contact_id: contactId, expires_at: sql<Date>`now() + make_interval(mins => ${SIGNIN_MINUTES})` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await queueFirmMail(trx, contactId, 'signin', { signinId: id });
  return id;
}

export type SigninRequest = 'sent' | 'unknown' | 'limited';

/** A link to the address if a contact person has it and has not had too many this hour. */
export async function requestSignin(db: Db, email: string): Promise<SigninRequest> {
  return db.transaction().execute(async (trx) => {
    const contact = await trx
      .selectFrom('firm_contacts')
      .select('id')
      .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
      .forUpdate()
      .executeTakeFirst();
    if (!contact) return 'unknown';
    const { n } = await trx
      .selectFrom('firm_signins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contact_id', '=', contact.id)
      .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_LINKS_PER_HOUR) return 'limited';
    await createSignin(trx, contact.id);
    return 'sent';
  });
}

export type SigninState = 'valid' | 'used' | 'expired' | 'unknown';

/** What a link's sign-in is now: still usable, used, expired, or not ours at all. */
export async function signinState(db: Executor, signinId: string): Promise<SigninState> {
  const row = await db
    .selectFrom('firm_signins')
    .select(['used_at', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('id', '=', signinId)
    .executeTakeFirst();
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  return row.expired ? 'expired' : 'valid';
}

/**
 * Uses the link: marks it used and opens a session, in one transaction, only if it was unused and
 * unexpired (two clicks at once get one session). Returns the session token, or why not.
 */
export async function useSignin(db: Db, signinId: string): Promise<{ ok: true; token: string } | { ok: false; state: Exclude<SigninState, 'valid'> }> {
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('firm_signins')
      .set({ used_at: sql<Date>`now()` })
      .where('id', '=', signinId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('contact_id')
      .executeTakeFirst();
    if (!used) {
      const state = await signinState(trx, signinId);
      return { ok: false as const, state: state === 'valid' ? 'used' : state };
    }
    return { ok: true as const, token: await createFirmSession(trx, used.contact_id) };
  });
}
