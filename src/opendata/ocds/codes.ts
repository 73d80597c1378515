import type { AwardCriterion } from '../../domain/decision.js';
import type { ContractType, Procedure, TenderStatus } from '../../domain/vocabulary.js';
import type { ProcessStep } from './history.js';
import type { ReleaseTag } from './types.js';

// The portal's words mapped to OCDS codelists, and which tags each event's release carries.

/** OCDS tenderStatus: the pipeline is `planning` (considered) then `planned` (scheduled). */
export const ocdsTenderStatus: Record<TenderStatus, string> = {
  planned: 'planning',
  in_preparation: 'planned',
  published: 'active',
  evaluation: 'active',
  awarded: 'complete',
  contracted: 'complete',
  cancelled: 'cancelled',
};

/**
 * OCDS method. Quotes and underhåndsbud go to suppliers the municipality chooses (limited);
 * announced procedures take any bidder (open). A licitation or EU tender may also be run as a
 * restricted (selective) procedure, which DBD does not tell us: open is the usual form.
 */
export const ocdsMethod: Record<Procedure, 'open' | 'selective' | 'limited' | 'direct'> = {
  direct_award: 'direct',
  quotes: 'limited',
  announced_quotes: 'open',
  invited_bids: 'limited',
  national_tender: 'open',
  eu_tender: 'open',
};

export const ocdsCategory: Record<ContractType, 'works' | 'services' | 'goods'> = {
  works: 'works',
  services: 'services',
  supplies: 'goods',
};

/** OCDS awardCriteria (an open codelist). */
export const ocdsAwardCriteria: Record<AwardCriterion, string> = {
  lowest_price: 'priceOnly',
  lowest_cost: 'costOnly',
  best_price_quality: 'ratedCriteria',
};

const inPipeline = (status: TenderStatus) => status === 'planned' || status === 'in_preparation';

/**
 * A release's tags. Decisions say what they are; DBD's events are read from the status: a new
 * tender is `planning` in the pipeline and `tender` once published, going to published is
 * `tender`, going to cancelled `tenderCancellation`, and any other change an update of the stage
 * the tender is in (`planningUpdate` in the pipeline, `tenderUpdate` after). The follow-up of a
 * signed contract is told by its 'contract' events (contractTags).
 */
export function releaseTags(step: ProcessStep): ReleaseTag[] {
  if (step.decision) return decisionTags(step);
  if (step.event.kind === 'contract') return contractTags(step.contractSoFar.action);
  const status = step.after.status;
  const statusChanged = step.before === null || step.before.status !== status;
  if (status === 'cancelled' && statusChanged) return ['tenderCancellation'];
  if (step.before === null) return inPipeline(status) ? ['planning'] : ['tender'];
  if (statusChanged && status === 'published') return ['tender'];
  return inPipeline(status) ? ['planningUpdate'] : ['tenderUpdate'];
}

function decisionTags(step: ProcessStep): ReleaseTag[] {
  switch (step.decision!.kind) {
    case 'award':
    case 'direct_award':
      return ['award'];
    case 'contract':
      return ['contract'];
    case 'cancellation': {
      // Cancelling after an award also cancels the award: say so, as the award's status does.
      const awarded = step.decisions.some((d) => d.decision.kind === 'award' || d.decision.kind === 'direct_award');
      return awarded ? ['tenderCancellation', 'awardCancellation'] : ['tenderCancellation'];
    }
  }
}

/**
 * A 'contract' event's tags: the targets agreed at signing update the contract (`contractUpdate`),
 * a change amends it (`contractAmendment`), progress, checks and ratings update its implementation
 * (`implementationUpdate`), and completion ends it (`contractTermination`, with the handover in the
 * implementation).
 */
function contractTags(action: string | null): ReleaseTag[] {
  switch (action) {
    case 'signed':
      return ['contractUpdate'];
    case 'change':
      return ['contractAmendment'];
    case 'completed':
      return ['implementationUpdate', 'contractTermination'];
    default:
      return ['implementationUpdate'];
  }
}
