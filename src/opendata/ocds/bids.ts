import type { PublicDecision } from '../../domain/decision.js';
import { money, supplierId } from './awards.js';
import type { ProcessStep } from './history.js';
import type { Bid, Bids, Organization, Statistic } from './types.js';

// The Bid extension (ocds_bid_extension): `bids.statistics` and, after the award, `bids.details`.
// Before the award only counts: how many firms were invited to give underhåndsbud (`requests`);
// naming them before the bids are in helps bid rigging (konkurrenceloven §6). The award publishes
// every bid (tilbudsloven §7a): each tenderer becomes a party with the role `tenderer`.

export const BID_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json';

type Award = Extract<PublicDecision, { kind: 'award' }>;

const statistic = (measure: string, value: number, extra: Partial<Statistic> = {}): Statistic => ({ id: measure, measure, value, ...extra });

function statisticsOf(invited: number, award: Award | null): Statistic[] {
  const statistics: Statistic[] = [];
  if (invited > 0) statistics.push(statistic('requests', invited, { notes: 'Antal virksomheder inviteret til at give underhåndsbud' }));
  if (!award) return statistics;
  const bids = award.bids;
  statistics.push(statistic('bids', bids?.length ?? award.bidsReceived));
  if (!bids?.length) return statistics;
  const valid = bids.filter((b) => b.valid);
  statistics.push(statistic('validBids', valid.length));
  statistics.push(
    statistic('smeBids', bids.filter((b) => b.sme === true).length, { notes: 'Tilbud fra SMV’er efter virksomhedsregistrets størrelse; tilbudsgivere uden for registret tælles ikke med' }),
  );
  if (valid.length) statistics.push(statistic('lowestValidBidValue', Math.min(...valid.map((b) => b.amountDkk)), { currency: 'DKK' }));
  return statistics;
}

function detailsOf(award: Award): Bid[] {
  return (award.bids ?? []).map((bid) => ({
    id: `bid-${bid.cvr}`,
    submissionType: 'bid',
    status: bid.valid ? 'valid' : 'disqualified',
    tenderers: [{ id: supplierId(bid.cvr), name: bid.firmName }],
    value: money(bid.amountDkk),
    ...(bid.invalidReason ? { description: `Ikke gyldigt: ${bid.invalidReason}` } : {}),
  }));
}

/** The bids block as of a step (undefined when there is nothing to say), and the tenderers as parties. */
export function bidsOf(step: ProcessStep): { bids: Bids | undefined; tenderers: Organization[] } {
  const latest = step.decisions.findLast((d) => d.decision.kind === 'award' || d.decision.kind === 'direct_award')?.decision;
  const award = latest?.kind === 'award' ? latest : null;
  const statistics = statisticsOf(step.invitedSoFar, award);
  const details = award ? detailsOf(award) : [];
  const tenderers: Organization[] = (award?.bids ?? []).map((bid) => ({
    id: supplierId(bid.cvr),
    name: bid.firmName,
    identifier: { scheme: 'DK-CVR', id: bid.cvr, legalName: bid.firmName },
    roles: ['tenderer'],
  }));
  if (!statistics.length && !details.length) return { bids: undefined, tenderers };
  return { bids: { statistics, ...(details.length ? { details } : {}) }, tenderers };
}

/** Suppliers and tenderers as one list of parties: one entry per id, its roles joined. */
export function mergeParties(...lists: Organization[][]): Organization[] {
  const byId = new Map<string, Organization>();
  for (const party of lists.flat()) {
    const known = byId.get(party.id);
    byId.set(party.id, known ? { ...known, roles: [...new Set([...party.roles, ...known.roles])].sort() } : party);
  }
  return [...byId.values()];
}
