import type { Executor } from '../db/database.js';
import { publicDecisionOf, type PublicDecision } from '../domain/decision.js';
import { isSme, type FirmSize } from '../domain/firm.js';
import { findTenders } from '../tenders/repository.js';
import { isAfterAward } from './open-data.js';

// "Lokale virksomheder": for each awarded tender and each year (by award date), how many firms
// were invited to give underhåndsbud and how many of them were local (a postcode in the
// municipality's list) and SMEs, and the contract value (the award's value) and how much of it
// went to a local firm and to an SME. A firm's postcode and size come from the register; a winner
// whose CVR is not a registered firm is "unknown" and its value counted apart, never guessed.
// `awardedRounds` loads; `localFigures` is the pure computation.

type AwardDecision = Extract<PublicDecision, { kind: 'award' | 'direct_award' }>;

/** What the register knows of a firm; null when its CVR is not a registered firm. */
export type KnownFirm = { postalCode: string; size: FirmSize } | null;

export interface AwardedRound {
  tenderId: string;
  title: string;
  /** The award's date, YYYY-MM-DD. */
  awardedOn: string;
  valueDkk: number;
  winner: KnownFirm;
  invited: KnownFirm[];
}

/** Awarded (or contracted) tenders with their latest award, winner and invited firms as the register knows them. */
export async function awardedRounds(db: Executor): Promise<AwardedRound[]> {
  const decisions = await db
    .selectFrom('decisions')
    .select(['tender_id', 'kind', 'details', 'standstill_ends_on'])
    .where('kind', 'in', ['award', 'direct_award'])
    .orderBy('id')
    .execute();
  const latest = new Map<string, AwardDecision>();
  for (const row of decisions) {
    const award = publicDecisionOf(row);
    if (award?.kind === 'award' || award?.kind === 'direct_award') latest.set(row.tender_id, award);
  }
  const tenders = (await findTenders(db, [...latest.keys()])).filter((t) => isAfterAward(t.row.status));
  if (tenders.length === 0) return [];
  const ids = tenders.map((t) => t.row.id);
  const invitations = await db
    .selectFrom('invitations')
    .leftJoin('firms', 'firms.cvr', 'invitations.cvr')
    .select(['invitations.tender_id', 'firms.postal_code', 'firms.size'])
    .where('invitations.tender_id', 'in', ids)
    .orderBy('invitations.id')
    .execute();
  const winnerCvrs = tenders.map((t) => latest.get(t.row.id)!.winnerCvr);
  const firms = await db.selectFrom('firms').select(['cvr', 'postal_code', 'size']).where('cvr', 'in', winnerCvrs).execute();
  const byCvr = new Map(firms.map((f) => [f.cvr, { postalCode: f.postal_code, size: f.size }]));
  return tenders.map((t, i) => {
    const award = latest.get(t.row.id)!;
    return {
      tenderId: t.row.id,
      title: t.row.title,
      awardedOn: award.decidedOn,
      valueDkk: award.kind === 'award' ? award.awardValueDkk : award.valueDkk,
      winner: byCvr.get(winnerCvrs[i]!) ?? null,
      invited: invitations
        .filter((inv) => inv.tender_id === t.row.id)
        .map((inv) => (inv.postal_code && inv.size ? { postalCode: inv.postal_code, size: inv.size } : null)),
    };
  });
}

/** A count or an amount, and its part to local firms and to SMEs; `unknown` = not in the register. */
export interface Split {
  total: number;
  local: number;
  sme: number;
  unknown: number;
  /** local / total and sme / total, 0–1; null when the total is 0. */
  localShare: number | null;
  smeShare: number | null;
}

export interface TenderFigures {
  tenderId: string;
  title: string;
  awardedOn: string;
  invitations: Split;
  value: Split;
}

export interface YearFigures {
  year: number;
  tenders: number;
  invitations: Split;
  value: Split;
}

const split = (total: number, local: number, sme: number, unknown: number): Split => ({
  total,
  local,
  sme,
  unknown,
  localShare: total ? local / total : null,
  smeShare: total ? sme / total : null,
});

const add = (a: Split, b: Split) => split(a.total + b.total, a.local + b.local, a.sme + b.sme, a.unknown + b.unknown);

const isLocal = (firm: NonNullable<KnownFirm>, localPostcodes: readonly string[]) => localPostcodes.includes(firm.postalCode);

/** The figures per tender (newest award first) and per year (newest first). Shares are of the whole, unknowns included. */
export function localFigures(rounds: readonly AwardedRound[], localPostcodes: readonly string[]): { tenders: TenderFigures[]; years: YearFigures[] } {
  const tenders = rounds
    .map((round): TenderFigures => {
      const known = round.invited.filter((f): f is NonNullable<KnownFirm> => f !== null);
      const w = round.winner;
      return {
        tenderId: round.tenderId,
        title: round.title,
        awardedOn: round.awardedOn,
        invitations: split(
          round.invited.length,
          known.filter((f) => isLocal(f, localPostcodes)).length,
          known.filter((f) => isSme(f.size)).length,
          round.invited.length - known.length,
        ),
        value: split(round.valueDkk, w && isLocal(w, localPostcodes) ? round.valueDkk : 0, w && isSme(w.size) ? round.valueDkk : 0, w ? 0 : round.valueDkk),
      };
    })
    .sort((a, b) => b.awardedOn.localeCompare(a.awardedOn) || a.tenderId.localeCompare(b.tenderId));
  const years = new Map<number, YearFigures>();
  for (const tender of tenders) {
    const year = Number(tender.awardedOn.slice(0, 4));
    const sofar = years.get(year);
    years.set(
      year,
      sofar
        ? { year, tenders: sofar.tenders + 1, invitations: add(sofar.invitations, tender.invitations), value: add(sofar.value, tender.value) }
        : { year, tenders: 1, invitations: tender.invitations, value: tender.value },
    );
  }
  return { tenders, years: [...years.values()].sort((a, b) => b.year - a.year) };
}
