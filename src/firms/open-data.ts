import { sql } from 'kysely';
import { publicFirmsQuery } from './register.js';
import type { Executor } from '../db/database.js';
import { publicDecisionOf, type PublicBid } from '../domain/decision.js';
import { isSme, type FirmSize } from '../domain/firm.js';

// What the open data (JSON API, OCDS) tell of firms: the public register a page at a time, how
// many firms are interested in each tender, and, only for tenders that are awarded, the
// underhåndsbud round by name (who was invited, every bid). Naming firms before the bids are in
// helps bid rigging (konkurrenceloven §6); the callers pass only awarded tenders' ids to
// `roundsAfterAward`, and this module never names a firm of any other tender.

/** The statuses in which a tender's round is public record. */
export const afterAwardStatuses: readonly string[] = ['awarded', 'contracted'];
export const isAfterAward = (status: string) => afterAwardStatuses.includes(status);

/** How many firms are interested in each tender (every id present, 0 when none). */
export async function interestCounts(db: Executor, tenderIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map(tenderIds.map((id) => [id, 0]));
  if (tenderIds.length === 0) return counts;
  const rows = await db
    .selectFrom('tender_interests')
    .select(['tender_id', sql<number>`count(*)::int`.as('n')])
    .where('tender_id', 'in', [...tenderIds])
    .groupBy('tender_id')
    .execute();
  for (const row of rows) counts.set(row.tender_id, Number(row.n));
  return counts;
}

export interface OpenInvitation {
  cvr: string;
  name: string;
  invitedAt: Date;
  outsideLocal: boolean;
}

export interface OpenBid extends PublicBid {
  winner: boolean;
}

export interface OpenRound {
  invitations: OpenInvitation[];
  /** The latest award's bids, as the award published them (empty when it listed none). */
  bids: OpenBid[];
  winnerCvr: string | null;
}

/** Invitations and bids of awarded tenders, by tender id (every id present). */
export async function roundsAfterAward(db: Executor, awardedIds: readonly string[]): Promise<Map<string, OpenRound>> {
  const rounds = new Map<string, OpenRound>(awardedIds.map((id) => [id, { invitations: [], bids: [], winnerCvr: null }]));
  if (awardedIds.length === 0) return rounds;
  const [invitations, awards] = await Promise.all([
    db.selectFrom('invitations').selectAll().where('tender_id', 'in', [...awardedIds]).orderBy('invited_at').orderBy('id').execute(),
    db.selectFrom('decisions').select(['tender_id', 'kind', 'details', 'standstill_ends_on']).where('tender_id', 'in', [...awardedIds]).where('kind', '=', 'award').orderBy('id').execute(),
  ]);
  for (const inv of invitations) {
    rounds.get(inv.tender_id)!.invitations.push({ cvr: inv.cvr, name: inv.firm_name, invitedAt: new Date(inv.invited_at), outsideLocal: inv.outside_local });
  }
  for (const row of awards) {
    const award = publicDecisionOf(row);
    if (award?.kind !== 'award') continue;
    const round = rounds.get(row.tender_id)!;
    round.winnerCvr = award.winnerCvr;
    round.bids = (award.bids ?? []).map((bid) => ({ ...bid, winner: bid.valid && bid.cvr === award.winnerCvr }));
  }
  return rounds;
}

export interface RegisterFirm {
  cvr: string;
  name: string;
  postalCode: string;
  city: string;
  size: FirmSize;
  sme: boolean;
  sample: boolean;
  trades: Array<{ code: string; nameDa: string; nameEn: string }>;
}

export interface RegisterQuery {
  trade?: string;
  postalCode?: string;
  /** The municipality's postcodes, when only local firms are wanted. */
  localPostcodes?: readonly string[];
  /** The last CVR of the previous page. */
  afterCvr?: string | null;
  limit: number;
}

/**
 * The public register as the API pages it, by CVR: approved firms that chose to be listed, with
 * what /virksomheder shows (no street address, no contact person, no choices).
 */
export async function registerPage(db: Executor, query: RegisterQuery): Promise<RegisterFirm[]> {
  let q = publicFirmsQuery(db, { trade: query.trade, postcode: query.postalCode, localPostcodes: query.localPostcodes });
  if (query.afterCvr) q = q.where('cvr', '>', query.afterCvr);
  const rows = await q.select(['id', 'cvr', 'name', 'postal_code', 'city', 'size', 'sample']).orderBy('cvr').limit(query.limit).execute();
  const trades = new Map<string, RegisterFirm['trades']>();
  if (rows.length) {
    const links = await db
      .selectFrom('firm_trades')
      .innerJoin('trades', 'trades.code', 'firm_trades.trade_code')
      .select(['firm_trades.firm_id', 'trades.code', 'trades.name_da', 'trades.name_en'])
      .where('firm_trades.firm_id', 'in', rows.map((r) => r.id))
      .orderBy('trades.position')
      .orderBy('trades.code')
      .execute();
    for (const l of links) trades.set(l.firm_id, [...(trades.get(l.firm_id) ?? []), { code: l.code, nameDa: l.name_da, nameEn: l.name_en }]);
  }
  return rows.map((r) => ({
    cvr: r.cvr,
    name: r.name,
    postalCode: r.postal_code,
    city: r.city,
    size: r.size,
    sme: isSme(r.size),
    sample: r.sample,
    trades: trades.get(r.id) ?? [],
  }));
}

/** Per tender: the interest count, and the round when the tender is awarded (null otherwise). */
export async function firmsOfTenders(
  db: Executor,
  tenders: ReadonlyArray<{ id: string; status: string }>,
): Promise<Map<string, { interestCount: number; round: OpenRound | null }>> {
  const ids = tenders.map((t) => t.id);
  const [counts, rounds] = await Promise.all([interestCounts(db, ids), roundsAfterAward(db, tenders.filter((t) => isAfterAward(t.status)).map((t) => t.id))]);
  return new Map(ids.map((id) => [id, { interestCount: counts.get(id) ?? 0, round: rounds.get(id) ?? null }]));
}

/** A trade code as the list writes them, and a Danish postcode: the API's filters check both. */
export const TRADE_CODE = /^[a-z0-9-]{1,40}$/;
export const POSTAL_CODE = /^\d{4}$/;
