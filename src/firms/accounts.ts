import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { FirmSize } from '../domain/firm.js';
import { createSignin } from './signin.js';

// A firm's own account: signing up (the firm, its trades, its first contact person and a sign-in
// mail, all in one transaction), its details and contact people, and its data (GDPR: export and
// deletion). Invitations and bids keep the firm's CVR and name when the firm is deleted: they are
// public record after award.

export interface FirmDetails {
  name: string;
  address: string;
  postalCode: string;
  city: string;
  size: FirmSize;
  trades: string[];
  publicListing: boolean;
  wantsInvitations: boolean;
}

export interface ContactDetails {
  contactName: string;
  email: string;
  phone: string | null;
  lang: 'da' | 'en';
}

export type SignUpInput = FirmDetails & ContactDetails & { cvr: string };

/** Why the database refused what the form allowed. */
export type AccountRefusal = 'cvrTaken' | 'emailTaken' | 'unknownTrade';
export type AccountResult<T> = { ok: true; value: T } | { ok: false; refusal: AccountRefusal };

/** The controlled trade list, in its own order. */
export const listTrades = (db: Executor) => db.selectFrom('trades').selectAll().orderBy('position').execute();

const emailTaken = async (db: Executor, email: string) =>
  (await db.selectFrom('firm_contacts').select('id').where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst()) !== undefined;

async function unknownTrades(db: Executor, codes: readonly string[]): Promise<boolean> {
  if (codes.length === 0) return true;
  const known = await db.selectFrom('trades').select('code').where('code', 'in', codes).execute();
  return known.length !== new Set(codes).size;
}

/** A unique violation that another request won the race for: which one. */
function refusalOfUniqueViolation(error: unknown): AccountRefusal | null {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return null;
  const where = `${e.constraint ?? ''} ${e.message ?? ''}`;
  return where.includes('cvr') ? 'cvrTaken' : 'emailTaken';
}

const firmColumns = (details: FirmDetails) => ({
  name: details.name,
  address: details.address,
  postal_code: details.postalCode,
  city: details.city,
  size: details.size,
  public_listing: details.publicListing,
  wants_invitations: details.wantsInvitations,
});

async function replaceTrades(trx: Executor, firmId: string, trades: readonly string[]) {
  await trx.deleteFrom('firm_trades').where('firm_id', '=', firmId).execute();
  await trx.insertInto('firm_trades').values([...new Set(trades)].map((trade_code) => ({ firm_id: firmId, trade_code }))).execute();
}

/** A new, unverified firm with its first contact person, who gets a sign-in mail. */
export async function signUpFirm(db: Db, input: SignUpInput): Promise<AccountResult<{ firmId: string; contactId: string }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('firms').select('id').where('cvr', '=', input.cvr).executeTakeFirst()) return { ok: false, refusal: 'cvrTaken' } as const;
      if (await emailTaken(trx, input.email)) return { ok: false, refusal: 'emailTaken' } as const;
      if (await unknownTrades(trx, input.trades)) return { ok: false, refusal: 'unknownTrade' } as const;
      const { id: firmId } = await trx
        .insertInto('firms')
        .values({ cvr: input.cvr, ...firmColumns(input) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceTrades(trx, firmId, input.trades);
      const { id: contactId } = await trx
        .insertInto('firm_contacts')
        .values({ firm_id: firmId, name: input.contactName, email: input.email, phone: input.phone, lang: input.lang })
        .returning('id')
        .executeTakeFirstOrThrow();
      await createSignin(trx, contactId);
      return { ok: true, value: { firmId, contactId } } as const;
    });
  } catch (error) {
    const refusal = refusalOfUniqueViolation(error);
    if (refusal) return { ok: false, refusal };
    throw error;
  }
}

/** The firm as its own contact people see it: details, trades and contact people. */
export async function firmAccount(db: Executor, firmId: string) {
  const firm = await db.selectFrom('firms').selectAll().where('id', '=', firmId).executeTakeFirst();
  if (!firm) return null;
  const trades = await db.selectFrom('firm_trades').select('trade_code').where('firm_id', '=', firmId).execute();
  const contacts = await db
    .selectFrom('firm_contacts')
    .select(['id', 'name', 'email', 'phone', 'lang', 'created_at'])
    .where('firm_id', '=', firmId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { firm, trades: trades.map((t) => t.trade_code), contacts };
}

export async function updateFirm(db: Db, firmId: string, details: FirmDetails): Promise<AccountResult<null>> {
  return db.transaction().execute(async (trx) => {
    if (await unknownTrades(trx, details.trades)) return { ok: false, refusal: 'unknownTrade' } as const;
    await trx
      .updateTable('firms')
      .set({ ...firmColumns(details), updated_at: sql<Date>`now()` })
      .where('id', '=', firmId)
      .execute();
    await replaceTrades(trx, firmId, details.trades);
    return { ok: true, value: null } as const;
  });
}

/** Another contact person for the firm, who gets a sign-in mail of their own. */
export async function addContact(db: Db, firmId: string, contact: Omit<ContactDetails, 'phone'>): Promise<AccountResult<string>> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (await emailTaken(trx, contact.email)) return { ok: false, refusal: 'emailTaken' } as const;
      const { id } = await trx
        .insertInto('firm_contacts')
        .values({ firm_id: firmId, name: contact.contactName, email: contact.email, lang: contact.lang })
        .returning('id')
        .executeTakeFirstOrThrow();
      await createSignin(trx, id);
      return { ok: true, value: id } as const;
    });
  } catch (error) {
    if (refusalOfUniqueViolation(error)) return { ok: false, refusal: 'emailTaken' };
    throw error;
  }
}

/** Removes a contact person of the firm (sessions, links and follows go with them), never the last. */
export async function removeContact(db: Db, firmId: string, contactId: string): Promise<'removed' | 'last' | 'notFound'> {
  return db.transaction().execute(async (trx) => {
    // One removal at a time per firm: two at once must not remove the last two.
    await trx.selectFrom('firms').select('id').where('id', '=', firmId).forUpdate().executeTakeFirst();
    const contacts = await trx.selectFrom('firm_contacts').select('id').where('firm_id', '=', firmId).execute();
    if (!contacts.some((c) => c.id === contactId)) return 'notFound';
    if (contacts.length === 1) return 'last';
    await trx.deleteFrom('firm_contacts').where('id', '=', contactId).where('firm_id', '=', firmId).execute();
    return 'removed';
  });
}

export async function updateOwnContact(db: Executor, contactId: string, change: { name: string; phone: string | null; lang: 'da' | 'en' }) {
  await db.updateTable('firm_contacts').set({ name: change.name, phone: change.phone, lang: change.lang }).where('id', '=', contactId).execute();
}

/** Everything stored about the firm and its contact people (GDPR art. 15 and 20). */
export async function exportFirmData(db: Executor, firmId: string) {
  const account = await firmAccount(db, firmId);
  if (!account) return null;
  const contactIds = account.contacts.map((c) => c.id);
  const { firm } = account;
  return {
    firm: {
      cvr: firm.cvr,
      name: firm.name,
      address: firm.address,
      postalCode: firm.postal_code,
      city: firm.city,
      size: firm.size,
      status: firm.status,
      publicListing: firm.public_listing,
      wantsInvitations: firm.wants_invitations,
      createdAt: firm.created_at,
      updatedAt: firm.updated_at,
    },
    trades: account.trades,
    contacts: account.contacts.map((c) => ({ name: c.name, email: c.email, phone: c.phone, language: c.lang, createdAt: c.created_at })),
    interests: await db.selectFrom('tender_interests').select(['tender_id as tenderId', 'note', 'created_at as createdAt']).where('firm_id', '=', firmId).orderBy('created_at').execute(),
    invitations: await db.selectFrom('invitations').select(['tender_id as tenderId', 'cvr', 'firm_name as firmName', 'invited_at as invitedAt']).where('firm_id', '=', firmId).orderBy('invited_at').execute(),
    bids: await db
      .selectFrom('bids')
      .select(['tender_id as tenderId', 'cvr', 'firm_name as firmName', 'amount_dkk as amountDkk', 'valid', 'invalid_reason as invalidReason'])
      .where('firm_id', '=', firmId)
      .orderBy('id')
      .execute(),
    followedTenders: contactIds.length
      ? await db
          .selectFrom('subscriptions as s')
          .innerJoin('firm_contacts as c', 'c.id', 's.firm_contact_id')
          .select(['c.email', 's.filter', 's.frequency', 's.created_at as createdAt'])
          .where('s.firm_contact_id', 'in', contactIds)
          .orderBy('s.created_at')
          .execute()
      : [],
  };
}

/**
 * Deletes the firm: its contact people, sessions, sign-in links, mails, trades, interests and
 * followed tenders go with it (the foreign keys cascade); invitations and bids stay, with the CVR
 * and name they copied and no link to the firm.
 */
export async function deleteFirm(db: Db, firmId: string): Promise<boolean> {
  const deleted = await db.deleteFrom('firms').where('id', '=', firmId).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}
