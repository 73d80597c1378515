import type { PublicDecision } from '../../domain/decision.js';
import { criterionLabels, decisionKindLabels } from '../../wording/labels.js';
import { copenhagenDayStart } from './dates.js';
import type { DecisionOnRecord } from './history.js';
import type { Award, Contract, Organization, OrganizationReference, Value } from './types.js';

// Awards, contracts and suppliers from the officers' decisions so far. A tender gets at most one
// award (award or direct award) and one contract, but the decisions are replayed in order anyway,
// so a later decision updates what an earlier one said (a contract activates its award, a
// cancellation cancels it).

export const money = (amount: number | null): Value => ({ amount, currency: amount === null ? null : 'DKK' });

export const supplierId = (cvr: string) => `DK-CVR-${cvr}`;

type AwardDecision = Extract<PublicDecision, { kind: 'award' | 'direct_award' }>;

const supplierOf = (d: AwardDecision): OrganizationReference => ({ id: supplierId(d.winnerCvr), name: d.winnerName });

/**
 * OCDS core has no standstill period, so the award's description says when it ends, in words and
 * as an ISO date. Until the contract is signed, such an award is `pending` (OCDS: "not yet in
 * force … due to a cooling off period").
 */
function awardDescription(d: AwardDecision): string {
  if (d.kind === 'direct_award') return `Direkte tildeling uden udbud. Begrundelse: ${d.justification}`;
  const parts = [
    `Tildelt efter kriteriet ${criterionLabels[d.criterion].toLowerCase()} blandt ${d.bidsReceived} tilbud.`,
    d.weights ? `Vægtning: ${d.weights}.` : null,
    `Tilbudsgiverne blev underrettet ${d.notifiedOn}.`,
    d.standstillEndsOn
      ? `Standstillperioden (klagenævnsloven § 3) udløber ${d.standstillEndsOn}; kontrakten kan tidligst underskrives dagen efter.`
      : 'Der gælder ingen standstillperiode for denne procedure.',
  ];
  return parts.filter(Boolean).join(' ');
}

function awardFrom(eventId: number, d: AwardDecision): Award {
  return {
    id: `award-${eventId}`,
    title: decisionKindLabels[d.kind],
    description: awardDescription(d),
    status: d.kind === 'award' && d.standstillEndsOn ? 'pending' : 'active',
    date: copenhagenDayStart(d.decidedOn),
    value: money(d.kind === 'award' ? d.awardValueDkk : d.valueDkk),
    suppliers: [supplierOf(d)],
  };
}

export interface AwardBlocks {
  awards: Award[];
  contracts: Contract[];
  suppliers: Organization[];
  /** The latest award decision, for the tender block (method, criteria, number of tenderers). */
  latestAward: AwardDecision | null;
}

export function awardBlocks(decisions: readonly DecisionOnRecord[]): AwardBlocks {
  const awards: Award[] = [];
  const contracts: Contract[] = [];
  const suppliers = new Map<string, Organization>();
  let latestAward: AwardDecision | null = null;
  for (const { eventId, decision: d } of decisions) {
    if (d.kind === 'award' || d.kind === 'direct_award') {
      awards.push(awardFrom(eventId, d));
      latestAward = d;
      const supplier = supplierOf(d);
      suppliers.set(supplier.id, {
        ...supplier,
        identifier: { scheme: 'DK-CVR', id: d.winnerCvr, legalName: d.winnerName },
        roles: ['supplier'],
      });
    } else if (d.kind === 'contract') {
      const award = awards.at(-1);
      if (!award) continue; // the decision rules make a contract follow an award
      award.status = 'active';
      contracts.push({
        id: `contract-${eventId}`,
        awardID: award.id,
        title: decisionKindLabels.contract,
        status: 'active',
        dateSigned: copenhagenDayStart(d.signedOn),
        value: money(d.finalValueDkk),
      });
    } else {
      for (const award of awards) award.status = 'cancelled';
    }
  }
  return { awards, contracts, suppliers: [...suppliers.values()], latestAward };
}
