import type { RequirementRow } from '../../db/types.js';
import { cpvLabel } from '../../domain/cpv.js';
import { parseExpectedPeriod } from '../../domain/period.js';
import { describeProcedure, shortLegalBasis, type ThresholdSet } from '../../domain/procedure.js';
import type { TrackedState } from '../../domain/tender.js';
import { procedureLabels, workTypeLabels } from '../../domain/vocabulary.js';
import { thresholdRuleFor } from '../../tenders/detail.js';
import { bidsOf, mergeParties } from './bids.js';
import { awardBlocks, money, type AwardBlocks } from './awards.js';
import { ocdsAwardCriteria, ocdsCategory, ocdsMethod, ocdsTenderStatus, releaseTags } from './codes.js';
import { criteriaFor } from './criteria.js';
import { enquiriesOf } from './enquiries.js';
import { milestonesOf } from './milestones.js';
import type { PublishedQuestion } from '../../dialogue/published.js';
import type { ContractRecord } from '../../contracts/records.js';
import { withFollowUp } from './implementation.js';
import { copenhagenDayStart, ocdsDateTime } from './dates.js';
import type { ProcessStep } from './history.js';
import { dbdCreatedAt } from '../../tenders/events.js';
import type { Classification, Document, Item, Organization, OrganizationReference, Release, Tender } from './types.js';

// One event → one release. Every release is a full snapshot of the process as it stood after its
// event (all blocks, not only the one the tag names): simpler for readers, valid OCDS, and the
// compiled release then equals the latest snapshot.

export interface ProcessContext {
  ocid: string;
  /** The municipality: buyer and procuring entity. */
  buyer: OrganizationReference;
  /** The requirement catalogue, by code (titles and texts for tender.criteria). */
  catalogue: ReadonlyMap<string, RequirementRow>;
  thresholdSets: readonly ThresholdSet[];
  /** The process's published questions and answers (tender.enquiries). */
  questions: readonly PublishedQuestion[];
  /** The signed contract's public record, for its follow-up (implementation.ts); null when none. */
  contract: ContractRecord | null;
}

/** A CPV code by its eight digits, as OCDS publishers do (DBD may add the check digit: '45261000-4'). */
const cpv = (code: string): Classification => {
  const label = cpvLabel(code);
  return { scheme: 'CPV', id: code.slice(0, 8), ...(label ? { description: label } : {}) };
};

/**
 * One item for the whole job: its first CPV code as the classification, the others as additional
 * classifications (which OCDS replaces as a whole list when merging, so a removed code goes away).
 */
function itemsOf(s: TrackedState): Item[] | undefined {
  const [first, ...rest] = s.cpvCodes;
  if (!first) return undefined;
  const where = s.propertyName ? ` – ${s.propertyName}` : '';
  return [
    {
      id: '1',
      description: `${workTypeLabels[s.workType]}${where}`,
      classification: cpv(first),
      ...(rest.length ? { additionalClassifications: rest.map(cpv) } : {}),
    },
  ];
}

type MethodFields = Pick<Tender, 'procurementMethod' | 'procurementMethodDetails' | 'procurementMethodRationale'>;

/** The procedure the threshold rules give the value as of the event; a direct award says so itself. */
function methodOf(step: ProcessStep, ctx: ProcessContext, blocks: AwardBlocks): MethodFields {
  const award = blocks.latestAward;
  if (award?.kind === 'direct_award') {
    return { procurementMethod: 'direct', procurementMethodDetails: procedureLabels.direct_award, procurementMethodRationale: award.justification };
  }
  const s = step.after;
  const row = { estimated_value_dkk: s.estimatedValueDkk, contract_type: s.contractType, expected_publication: s.expectedPublication };
  const rule = thresholdRuleFor(row, ctx.thresholdSets, step.event.occurredAt, award?.awardValueDkk ?? null);
  if (!rule) return { procurementMethod: null, procurementMethodDetails: null, procurementMethodRationale: null };
  return {
    procurementMethod: ocdsMethod[rule.procedure],
    procurementMethodDetails: `${describeProcedure(rule)} (${shortLegalBasis(rule.legalBasis)})`,
    procurementMethodRationale: null,
  };
}

/** The expected publication is the anticipated start of the tender period while it is only planned. */
function anticipatedStart(s: TrackedState): string | null {
  if (s.status !== 'planned' && s.status !== 'in_preparation') return null;
  const period = s.expectedPublication ? parseExpectedPeriod(s.expectedPublication) : null;
  return period ? copenhagenDayStart(period.start) : null;
}

function documentsOf(step: ProcessStep, s: TrackedState): Document[] | undefined {
  const documents: Document[] = [];
  if (s.platformUrl) {
    documents.push({ id: 'platform', documentType: 'tenderNotice', title: 'Udbudsmaterialet på udbudsplatformen', url: s.platformUrl, language: 'da' });
  }
  const cancellation = step.decisions.findLast((d) => d.decision.kind === 'cancellation')?.decision;
  const reason = cancellation?.kind === 'cancellation' ? cancellation.reason : s.cancellationReason;
  if (s.status === 'cancelled' && reason) {
    documents.push({ id: 'cancellation', documentType: 'cancellationDetails', title: 'Begrundelse for aflysningen', description: reason, language: 'da' });
  }
  return documents.length ? documents : undefined;
}

function tenderOf(step: ProcessStep, ctx: ProcessContext, blocks: AwardBlocks): Tender {
  const s = step.after;
  const award = blocks.latestAward?.kind === 'award' ? blocks.latestAward : null;
  return {
    id: step.event.tenderId,
    title: s.title,
    description: s.description || null,
    status: ocdsTenderStatus[s.status],
    procuringEntity: ctx.buyer,
    items: itemsOf(s),
    value: money(s.estimatedValueDkk),
    ...methodOf(step, ctx, blocks),
    mainProcurementCategory: ocdsCategory[s.contractType],
    awardCriteria: award ? ocdsAwardCriteria[award.criterion] : null,
    awardCriteriaDetails: award?.weights ?? null,
    numberOfTenderers: award?.bidsReceived ?? null,
    tenderPeriod: { startDate: anticipatedStart(s), endDate: s.tenderDeadline ? ocdsDateTime(s.tenderDeadline) : null },
    contractPeriod: { startDate: s.expectedContractStart ? copenhagenDayStart(s.expectedContractStart) : null },
    criteria: criteriaFor(s.requirements, step.requirementsSoFar, ctx.catalogue),
    documents: documentsOf(step, s),
    enquiries: enquiriesOf(step, ctx.questions),
  };
}

function buyerParty(ctx: ProcessContext, s: TrackedState): Organization {
  return {
    ...ctx.buyer,
    roles: ['buyer', 'procuringEntity'],
    contactPoint: { name: s.contactName, email: s.contactEmail, telephone: s.contactPhone },
  };
}

/** The contracts so far; the latest (the one signed through the portal) with its follow-up as of the step. */
function contractsOf(blocks: AwardBlocks, step: ProcessStep, ctx: ProcessContext) {
  const { contract } = ctx;
  if (!contract) return blocks.contracts;
  return blocks.contracts.map((entry, i) => (i === blocks.contracts.length - 1 ? withFollowUp(entry, contract, step.contractSoFar, ctx.ocid) : entry));
}

/** The release for one event, with nulls wherever a value is absent (see `withoutStaleNulls`). */
export function buildRelease(step: ProcessStep, ctx: ProcessContext): Release {
  const blocks = awardBlocks(step.decisions);
  const { bids, tenderers } = bidsOf(step);
  const s = step.after;
  return {
    ocid: ctx.ocid,
    id: `${ctx.ocid}-${step.event.id}`,
    // OCDS: "the date on which the information in the release was first recorded in any system";
    // for a tender first seen as DBD's revision 1, that is when DBD created it, not the import.
    date: ocdsDateTime(dbdCreatedAt(step.event) ?? step.event.occurredAt),
    tag: releaseTags(step),
    initiationType: 'tender',
    language: 'da',
    buyer: ctx.buyer,
    parties: [buyerParty(ctx, s), ...mergeParties(tenderers, blocks.suppliers)],
    planning: {
      budget: { description: s.estimatedValueDkk === null ? null : 'Anslået værdi ekskl. moms', amount: money(s.estimatedValueDkk) },
      milestones: milestonesOf(step.dialogueSoFar),
    },
    tender: tenderOf(step, ctx, blocks),
    ...(blocks.awards.length ? { awards: blocks.awards } : {}),
    ...(blocks.contracts.length ? { contracts: contractsOf(blocks, step, ctx) } : {}),
    ...(bids ? { bids } : {}),
  };
}
