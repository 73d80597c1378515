import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.js';
import type { Db, Executor } from '../db/database.js';
import type { FirmContactRow, FirmRow, TradeRow } from '../db/types.js';
import type { FirmStatus } from '../domain/firm.js';

// The firm register's queries: the officers' list and firm page with everything (contact people
// included), their approval and rejection (audited), and the public register, which shows only
// firms an officer approved and that chose to be listed, and never a contact person.

export const PUBLIC_PAGE_SIZE = 25;
const ADMIN_LIMIT = 500;

export interface FirmWithTrades extends FirmRow {
  trades: string[];
}

export interface FirmDetail extends FirmWithTrades {
  contacts: FirmContactRow[];
  reviewedByEmail: string | null;
}

/** What the public register shows of a firm: no contact person, no address, no choices. */
export interface PublicFirm {
  id: string;
  cvr: string;
  name: string;
  postalCode: string;
  city: string;
  size: FirmRow['size'];
  sample: boolean;
  trades: string[];
}

export const listTrades = (db: Executor): Promise<TradeRow[]> => db.selectFrom('trades').selectAll().orderBy('position').orderBy('code').execute();

async function tradesOf(db: Executor, firmIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (!firmIds.length) return map;
  const rows = await db
    .selectFrom('firm_trades')
    .innerJoin('trades', 'trades.code', 'firm_trades.trade_code')
    .select(['firm_trades.firm_id', 'firm_trades.trade_code'])
    .where('firm_trades.firm_id', 'in', firmIds)
    .orderBy('trades.position')
    .execute();
  for (const row of rows) map.set(row.firm_id, [...(map.get(row.firm_id) ?? []), row.trade_code]);
  return map;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface AdminFirmFilter {
  status?: FirmStatus;
  /** Name, CVR, trade (code or name) or postcode. */
  q?: string;
}

/** The officers' list: every firm, those awaiting approval first, then by name. */
export async function listFirmsForOfficers(db: Executor, filter: AdminFirmFilter = {}): Promise<FirmWithTrades[]> {
  let query = db.selectFrom('firms').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  const q = filter.q?.trim();
  if (q) {
    const pattern = likePattern(q);
    const digits = q.replace(/\s+/g, '');
    query = query.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('city', 'ilike', pattern),
        ...(/^\d{1,8}$/.test(digits) ? [eb('cvr', 'like', `${digits}%`), eb('postal_code', '=', digits)] : []),
        eb.exists(
          eb
            .selectFrom('firm_trades')
            .innerJoin('trades', 'trades.code', 'firm_trades.trade_code')
            .select(sql<number>`1`.as('one'))
            .whereRef('firm_trades.firm_id', '=', 'firms.id')
            .where((inner) => inner.or([inner('trades.name_da', 'ilike', pattern), inner('trades.name_en', 'ilike', pattern), inner('trades.code', '=', q.toLowerCase())])),
        ),
      ]),
    );
  }
  const firms = await query
    .orderBy(sql`case status when 'unverified' then 0 when 'approved' then 1 else 2 end`)
    .orderBy('name')
    .limit(ADMIN_LIMIT)
    .execute();
  const trades = await tradesOf(db, firms.map((f) => f.id));
  return firms.map((firm) => ({ ...firm, trades: trades.get(firm.id) ?? [] }));
}

export async function countFirmsAwaitingApproval(db: Executor): Promise<number> {
  const row = await db.selectFrom('firms').select((eb) => eb.fn.countAll<string>().as('count')).where('status', '=', 'unverified').executeTakeFirstOrThrow();
  return Number(row.count);
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A firm with its contact people and trades, for officers; null for an unknown (or malformed) id. */
export async function getFirmForOfficers(db: Executor, id: string): Promise<FirmDetail | null> {
  if (!isUuid(id)) return null;
  const firm = await db
    .selectFrom('firms')
    .leftJoin('users', 'users.id', 'firms.reviewed_by')
    .selectAll('firms')
    .select('users.email as reviewedByEmail')
    .where('firms.id', '=', id)
    .executeTakeFirst();
  if (!firm) return null;
  const contacts = await db.selectFrom('firm_contacts').selectAll().where('firm_id', '=', id).orderBy('created_at').execute();
  const trades = await tradesOf(db, [id]);
  return { ...firm, reviewedByEmail: firm.reviewedByEmail ?? null, contacts, trades: trades.get(id) ?? [] };
}

export type ReviewOutcome = 'done' | 'notFound' | 'unchanged';

async function review(db: Db, id: string, actor: Actor, status: 'approved' | 'rejected', reason: string | null): Promise<ReviewOutcome> {
  if (!isUuid(id)) return 'notFound';
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('firms').select(['status', 'rejection_reason', 'cvr', 'name']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) return 'notFound';
    if (before.status === status && (before.rejection_reason ?? null) === reason) return 'unchanged';
    await trx
      .updateTable('firms')
      .set({ status, rejection_reason: reason, reviewed_at: new Date(), reviewed_by: actor.id, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: status === 'approved' ? 'firm.approve' : 'firm.reject',
      entityType: 'firm',
      entityId: id,
      oldValue: { status: before.status, rejectionReason: before.rejection_reason },
      newValue: { status, rejectionReason: reason, cvr: before.cvr, name: before.name },
    });
    return 'done';
  });
}

/** Approves a firm (it may then appear publicly, if it chose to); audited. */
export const approveFirm = (db: Db, id: string, actor: Actor) => review(db, id, actor, 'approved', null);

/** Rejects a firm with the reason (kept on the firm and in the audit log); audited. */
export const rejectFirm = (db: Db, id: string, reason: string, actor: Actor) => review(db, id, actor, 'rejected', reason);

export interface PublicFirmFilter {
  trade?: string;
  /** 4-digit postcodes: one typed, or the municipality's own ("lokale"); both narrow together. */
  postcode?: string;
  localPostcodes?: readonly string[];
  page?: number;
}

/** Approved firms that chose to be listed, filtered by trade, postcode and the local postcodes: the page's and the API's one query. */
export function publicFirmsQuery(db: Executor, filter: Pick<PublicFirmFilter, 'trade' | 'postcode' | 'localPostcodes'>) {
  let query = db.selectFrom('firms').where('status', '=', 'approved').where('public_listing', '=', true);
  if (filter.trade) {
    const trade = filter.trade;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('firm_trades').select(sql<number>`1`.as('one')).whereRef('firm_trades.firm_id', '=', 'firms.id').where('firm_trades.trade_code', '=', trade)),
    );
  }
  if (filter.postcode) query = query.where('postal_code', '=', filter.postcode);
  if (filter.localPostcodes) query = filter.localPostcodes.length ? query.where('postal_code', 'in', [...filter.localPostcodes]) : query.where(sql<boolean>`false`);
  return query;
}

/** The public register: approved firms that chose to be listed, by name, one page at a time. */
export async function listPublicFirms(db: Executor, filter: PublicFirmFilter = {}) {
  const query = publicFirmsQuery(db, filter);
  const { count } = await query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  const total = Number(count);
  const pageCount = Math.max(1, Math.ceil(total / PUBLIC_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const rows = await query
    .select(['id', 'cvr', 'name', 'postal_code', 'city', 'size', 'sample'])
    .orderBy(sql`lower(name)`)
    .orderBy('cvr')
    .limit(PUBLIC_PAGE_SIZE)
    .offset((page - 1) * PUBLIC_PAGE_SIZE)
    .execute();
  const trades = await tradesOf(db, rows.map((r) => r.id));
  const items: PublicFirm[] = rows.map((r) => ({ id: r.id, cvr: r.cvr, name: r.name, postalCode: r.postal_code, city: r.city, size: r.size, sample: r.sample, trades: trades.get(r.id) ?? [] }));
  return { items, total, page, pageCount };
}
