import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.js';
import type { FirmSize, FirmStatus } from '../domain/firm.js';
import type { Lang } from '../i18n/index.js';
import { followTender, unfollowTender } from '../subscriptions/service.js';
import { appendEvents, eventHistoriesOf, type TenderEvent } from '../tenders/events.js';
import { findTenders, lockTender } from '../tenders/repository.js';
import type { TenderRow } from '../db/types.js';

// Interest in coming work: a firm presses "Vis interesse" on a planned or in-preparation tender,
// with an optional note, and may withdraw it. The public learns only how many firms are interested
// (naming them before the bids are in helps bid rigging, konkurrenceloven §6); every change of
// that number is an event on the tender's spine, and the contact follows the tender by alert.

/** The statuses in which a tender takes interest: coming work, before it is announced. */
export const interestStatuses: readonly string[] = ['planned', 'in_preparation'];
/** The longest note a firm may add, in characters. */
export const MAX_NOTE_LENGTH = 500;

export const takesInterest = (status: string) => interestStatuses.includes(status);

/** Who shows interest: the firm, and the contact person who pressed the button. */
export interface InterestedContact {
  firmId: string;
  contactId: string;
  email: string;
  lang: Lang;
}

export type InterestOutcome =
  | { ok: true; count: number }
  | { ok: false; reason: 'not_found' | 'rejected' }
  | { ok: false; reason: 'not_open'; status: string };

const countOf = async (db: Executor, tenderId: string) =>
  (
    await db
      .selectFrom('tender_interests')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('tender_id', '=', tenderId)
      .executeTakeFirstOrThrow()
  ).n;

/** The number of firms interested in a tender now. */
export const interestCount = (db: Executor, tenderId: string) => countOf(db, tenderId);

/**
 * Shows the firm's interest (or changes its note when already shown). A new interest appends an
 * 'interest' event with the new count and makes the contact follow the tender, all in one
 * transaction; the tender row is locked, so two firms at once still count right.
 */
export async function showInterest(db: Db, who: InterestedContact, tenderId: string, note: string | null): Promise<InterestOutcome> {
  return db.transaction().execute(async (trx): Promise<InterestOutcome> => {
    const tender = await lockTender(trx, tenderId);
    if (!tender) return { ok: false, reason: 'not_found' };
    if (!takesInterest(tender.status)) return { ok: false, reason: 'not_open', status: tender.status };
    const firm = await trx.selectFrom('firms').select('status').where('id', '=', who.firmId).executeTakeFirst();
    if (!firm || firm.status === 'rejected') return { ok: false, reason: 'rejected' };

    const existing = await trx
      .selectFrom('tender_interests')
      .select('firm_id')
      .where('tender_id', '=', tenderId)
      .where('firm_id', '=', who.firmId)
      .executeTakeFirst();
    if (existing) {
      await trx.updateTable('tender_interests').set({ note }).where('tender_id', '=', tenderId).where('firm_id', '=', who.firmId).execute();
      return { ok: true, count: await countOf(trx, tenderId) };
    }
    await trx.insertInto('tender_interests').values({ tender_id: tenderId, firm_id: who.firmId, note }).execute();
    const count = await countOf(trx, tenderId);
    await appendEvents(trx, [{ tenderId, kind: 'interest', source: 'firm', revision: null, changes: [], details: { count } }]);
    await followTender(trx, { contactId: who.contactId, email: who.email, lang: who.lang, tenderId });
    return { ok: true, count };
  });
}

/**
 * Withdraws the firm's interest: the row goes, an event tells the new count, and the alert
 * subscriptions the interest made for the firm's contacts go too. Only while the tender takes
 * interest: afterwards the number is part of the tender's record.
 */
export async function withdrawInterest(db: Db, firmId: string, tenderId: string): Promise<InterestOutcome> {
  return db.transaction().execute(async (trx): Promise<InterestOutcome> => {
    const tender = await lockTender(trx, tenderId);
    if (!tender) return { ok: false, reason: 'not_found' };
    if (!takesInterest(tender.status)) return { ok: false, reason: 'not_open', status: tender.status };
    const deleted = await trx.deleteFrom('tender_interests').where('tender_id', '=', tenderId).where('firm_id', '=', firmId).executeTakeFirst();
    const count = await countOf(trx, tenderId);
    if (Number(deleted.numDeletedRows) === 0) return { ok: true, count };
    await appendEvents(trx, [{ tenderId, kind: 'interest', source: 'firm', revision: null, changes: [], details: { count } }]);
    const contacts = await trx.selectFrom('firm_contacts').select('id').where('firm_id', '=', firmId).execute();
    await unfollowTender(trx, contacts.map((c) => c.id), tenderId);
    return { ok: true, count };
  });
}

/** The firm's interest in one tender, or null. */
export async function interestOf(db: Executor, firmId: string, tenderId: string): Promise<{ note: string | null; createdAt: Date } | null> {
  const row = await db
    .selectFrom('tender_interests')
    .select(['note', 'created_at'])
    .where('tender_id', '=', tenderId)
    .where('firm_id', '=', firmId)
    .executeTakeFirst();
  return row ? { note: row.note, createdAt: row.created_at } : null;
}

/** An interested firm as officers see it (never on a public page). */
export interface InterestedFirm {
  firmId: string;
  name: string;
  cvr: string;
  postalCode: string;
  city: string;
  size: FirmSize;
  status: FirmStatus;
  trades: Array<{ code: string; nameDa: string; nameEn: string }>;
  note: string | null;
  createdAt: Date;
}

/** The firms interested in a tender with their trades, earliest first: for the back office. */
export async function interestedFirms(db: Executor, tenderId: string): Promise<InterestedFirm[]> {
  const rows = await db
    .selectFrom('tender_interests as i')
    .innerJoin('firms as f', 'f.id', 'i.firm_id')
    .select(['f.id', 'f.name', 'f.cvr', 'f.postal_code', 'f.city', 'f.size', 'f.status', 'i.note', 'i.created_at'])
    .where('i.tender_id', '=', tenderId)
    .orderBy('i.created_at')
    .orderBy('f.name')
    .execute();
  if (rows.length === 0) return [];
  const trades = await db
    .selectFrom('firm_trades as ft')
    .innerJoin('trades as tr', 'tr.code', 'ft.trade_code')
    .select(['ft.firm_id', 'tr.code', 'tr.name_da', 'tr.name_en'])
    .where('ft.firm_id', 'in', rows.map((r) => r.id))
    .orderBy('tr.position')
    .execute();
  return rows.map((r) => ({
    firmId: r.id,
    name: r.name,
    cvr: r.cvr,
    postalCode: r.postal_code,
    city: r.city,
    size: r.size,
    status: r.status,
    trades: trades.filter((t) => t.firm_id === r.id).map((t) => ({ code: t.code, nameDa: t.name_da, nameEn: t.name_en })),
    note: r.note,
    createdAt: r.created_at,
  }));
}

/** One of the firm's interests with its tender and the tender's events (oldest first). */
export interface FirmInterest {
  tender: TenderRow;
  note: string | null;
  createdAt: Date;
  events: TenderEvent[];
}

/** The firm's interests, newest first, each with its tender and events: for "Mit overblik". */
export async function interestsOfFirm(db: Executor, firmId: string): Promise<FirmInterest[]> {
  const rows = await db
    .selectFrom('tender_interests')
    .select(['tender_id', 'note', 'created_at'])
    .where('firm_id', '=', firmId)
    .orderBy('created_at', 'desc')
    .execute();
  const ids = rows.map((r) => r.tender_id);
  const [tenders, histories] = await Promise.all([findTenders(db, ids), eventHistoriesOf(db, ids)]);
  const byId = new Map(tenders.map((t) => [t.row.id, t.row]));
  return rows.flatMap((r) => {
    const tender = byId.get(r.tender_id);
    return tender ? [{ tender, note: r.note, createdAt: r.created_at, events: histories.get(r.tender_id) ?? [] }] : [];
  });
}

/** An invitation the firm received, with its tender when it is still stored. */
export interface FirmInvitation {
  tenderId: string;
  tender: TenderRow | null;
  invitedAt: Date;
}

/** The invitations to underhåndsbud the firm received, newest first. */
export async function invitationsOfFirm(db: Executor, firmId: string): Promise<FirmInvitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .select(['tender_id', 'invited_at'])
    .where('firm_id', '=', firmId)
    .orderBy('invited_at', 'desc')
    .execute();
  const tenders = new Map((await findTenders(db, rows.map((r) => r.tender_id))).map((t) => [t.row.id, t.row]));
  return rows.map((r) => ({ tenderId: r.tender_id, tender: tenders.get(r.tender_id) ?? null, invitedAt: r.invited_at }));
}
