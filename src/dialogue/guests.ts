import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Lang } from '../i18n/index.js';
import { loadLinkSigner, type LinkSigner } from '../subscriptions/tokens.js';
import { queueDialogueMail } from './mail-queue.js';

// A guest is someone without a firm account who asks a question, signs up for a meeting or
// comments on a draft: one guest row per such action, holding the e-mail address, the firm name
// as typed and the language. The action counts only when the guest follows the link mailed to the
// address (`{guest id}.{HMAC}`, purpose 'dialogue-guest', valid GUEST_LINK_HOURS), so nobody can
// act in another's name. Unconfirmed guests are deleted after GUEST_LINK_HOURS with what they
// sent (dialogue/cleanup); officers see a guest's address, the public never does.

export const GUEST_LINK_HOURS = 24;
export const MAX_FIRM_NAME_LENGTH = 200;

export type GuestAction = 'question' | 'signup' | 'comment';

export interface NewGuest {
  email: string;
  firmName: string;
  lang: Lang;
}

export const loadGuestSigner = loadLinkSigner;
export const guestToken = (signer: LinkSigner, guestId: string) => signer.sign('dialogue-guest', guestId);
/** The guest id a token was made for, or null when it is not a valid signed token. */
export const guestIdFrom = (signer: LinkSigner, token: string) => signer.verify('dialogue-guest', token);

/** A new guest and the mail with their confirmation link, in the caller's transaction. */
export async function createGuest(trx: Executor, guest: NewGuest, action: GuestAction): Promise<string> {
  const { id } = await trx
    .insertInto('dialogue_guests')
    .values({ email: guest.email.trim(), firm_name: guest.firmName.trim(), lang: guest.lang })
    .returning('id')
    .executeTakeFirstOrThrow();
  await queueDialogueMail(trx, { guestId: id }, 'guest_confirm', { guestId: id, action });
  return id;
}

export type GuestConfirmation = { ok: true; firstTime: boolean } | { ok: false; reason: 'unknown' | 'expired' };

/**
 * Marks the guest confirmed, locking the row (two clicks at once confirm once). `firstTime` is
 * false for a link followed again: the caller then changes nothing.
 */
export async function confirmGuest(trx: Executor, guestId: string): Promise<GuestConfirmation> {
  const guest = await trx
    .selectFrom('dialogue_guests')
    .select(['confirmed_at', sql<boolean>`created_at < now() - make_interval(hours => ${GUEST_LINK_HOURS})`.as('expired')])
    .where('id', '=', guestId)
    .forUpdate()
    .executeTakeFirst();
  if (!guest) return { ok: false, reason: 'unknown' };
  if (guest.confirmed_at) return { ok: true, firstTime: false };
  if (guest.expired) return { ok: false, reason: 'expired' };
  await trx.updateTable('dialogue_guests').set({ confirmed_at: sql`now()` }).where('id', '=', guestId).execute();
  return { ok: true, firstTime: true };
}
