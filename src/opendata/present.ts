import type { PublicDecision } from '../domain/decision.js';
import type { RequirementRow, TenderRow } from '../db/types.js';
import { describeProcedure, type ProcedureExplanation, type ThresholdRule, type ThresholdSet } from '../domain/procedure.js';
import { procedureLabels, type Procedure } from '../domain/vocabulary.js';
import type { TenderDetail } from '../tenders/detail.js';
import { dbdCreatedAt, type TenderEvent } from '../tenders/events.js';
import { isoCopenhagen } from '../wording/format.js';
import { answerDetailsOf, describeChange, dialogueDetailsOf, eventHeadline } from '../wording/changes.js';
import type { PublishedQuestion, QuestionStats } from '../dialogue/published.js';
import { statusLabel } from '../wording/labels.js';
import { expectedPublicationLabel } from '../wording/period.js';
import { readPublicDecision } from '../domain/decision.js';
import type { OpenRound, RegisterFirm } from '../firms/open-data.js';
import { contractDetailsOf } from '../wording/contract-events.js';
import type { ContractRecord } from '../contracts/records.js';
import { apiContract, apiContractEvent } from './contracts.js';
import type { ApiEvent, ApiFirm, ApiProcedure, ApiQuestion, ApiQuestionStats, ApiTender, ApiTenderDetail } from './schemas.js';

// Stored rows as the JSON API shows them: camelCase, ISO 8601 times with offset, money as numbers
// in DKK, absolute links. Pure functions; the routes load, these shape.

export const procedureRef = (procedure: Procedure) => ({ code: procedure, label: procedureLabels[procedure] });

export const apiRule = (rule: ThresholdRule) => ({ ...rule, procedureLabel: describeProcedure(rule) });

export const apiSetRef = (set: ThresholdSet) => ({ id: set.id, name: set.name, effectiveFrom: set.effectiveFrom, effectiveTo: set.effectiveTo });

export function apiProcedure(explanation: ProcedureExplanation): ApiProcedure {
  return {
    kind: explanation.kind,
    explanation: explanation.text,
    procedure: explanation.kind === 'classified' ? procedureRef(explanation.rule.procedure) : null,
    rule: explanation.kind === 'classified' ? apiRule(explanation.rule) : null,
    thresholdSet: explanation.kind === 'classified' || explanation.kind === 'no_rule' ? apiSetRef(explanation.set) : null,
  };
}

/** What the API tells of firms per tender: the interest count always, the round only after award. */
export interface TenderFirms {
  interestCount: number;
  /** Null unless the tender is awarded or contracted: no firm is named before the bids are in. */
  round: OpenRound | null;
}

const roundFields = (firms: TenderFirms) => ({
  interestCount: firms.interestCount,
  invitations: firms.round ? firms.round.invitations.map((inv) => ({ cvr: inv.cvr, name: inv.name, invitedAt: isoCopenhagen(inv.invitedAt), outsideLocal: inv.outsideLocal })) : null,
  bids: firms.round
    ? firms.round.bids.map((bid) => ({ cvr: bid.cvr, name: bid.firmName, amountDkk: bid.amountDkk, valid: bid.valid, invalidReason: bid.invalidReason, winner: bid.winner, sme: bid.sme }))
    : null,
});

export function apiTender(base: string, row: TenderRow, requirements: string[], procedure: ProcedureExplanation, firms: TenderFirms): ApiTender {
  const id = encodeURIComponent(row.id);
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    statusLabel: statusLabel(row.status),
    workType: row.work_type,
    contractType: row.contract_type,
    property: {
      id: row.property_id,
      name: row.property_name,
      address: row.property_address,
      postalCode: row.property_postal_code,
      city: row.property_city,
      lat: row.property_lat,
      lon: row.property_lon,
    },
    estimatedValueDkk: row.estimated_value_dkk,
    cpvCodes: row.cpv_codes,
    expectedPublication: row.expected_publication,
    expectedPublicationDate: row.expected_publication_date,
    expectedPublicationText: expectedPublicationLabel(row.expected_publication),
    tenderDeadline: row.tender_deadline ? isoCopenhagen(row.tender_deadline) : null,
    expectedContractStart: row.expected_contract_start,
    requirements,
    procedure: procedure.kind === 'classified' ? procedureRef(procedure.rule.procedure) : null,
    missingFromDbd: row.missing_from_dbd_at !== null,
    updatedAt: isoCopenhagen(row.updated_at),
    ...roundFields(firms),
    links: {
      html: `${base}/udbud/${id}`,
      self: `${base}/api/v1/tenders/${id}`,
      events: `${base}/api/v1/tenders/${id}/events`,
      questions: `${base}/api/v1/tenders/${id}/questions`,
    },
  };
}

export function apiTenderDetail(base: string, detail: TenderDetail, firms: TenderFirms, questionStats: QuestionStats, contract: ContractRecord | null = null): ApiTenderDetail {
  const { row } = detail;
  return {
    ...apiTender(base, row, detail.requirements.map((r) => r.code), detail.procedure, firms),
    description: row.description,
    platformUrl: row.platform_url,
    referenceNumber: row.reference_number,
    contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    summary: row.summary,
    bidderNotes: row.bidder_notes,
    requirementDetails: detail.requirements.map(({ code, requirement }) => ({
      code,
      known: requirement !== null,
      title: requirement?.title ?? null,
      category: requirement?.category ?? null,
      retired: requirement?.retired_at != null,
    })),
    procedureDetails: apiProcedure(detail.procedure),
    decisions: detail.decisions satisfies PublicDecision[],
    questionStats: apiQuestionStats(questionStats),
    contract: contract ? apiContract(base, contract) : null,
  };
}

/** The question figures: the median in hours with one decimal. */
export function apiQuestionStats(stats: QuestionStats): ApiQuestionStats {
  return {
    questions: stats.questions,
    answered: stats.answered,
    medianHoursToAnswer: stats.medianHoursToAnswer === null ? null : Math.max(0, Math.round(stats.medianHoursToAnswer * 10) / 10),
  };
}

/** A published question and its answer with every version: what the public sees, never who asked. */
export function apiQuestion(question: PublishedQuestion): ApiQuestion {
  const [first] = question.answer;
  const current = question.answer.at(-1);
  return {
    number: question.number,
    question: question.text,
    receivedAt: isoCopenhagen(question.receivedAt),
    publishedAt: isoCopenhagen(question.publishedAt),
    answer:
      first && current
        ? {
            text: current.text,
            publishedAt: isoCopenhagen(first.publishedAt),
            correctedAt: current.version > first.version ? isoCopenhagen(current.publishedAt) : null,
            versions: question.answer.map((v) => ({ version: v.version, text: v.text, publishedAt: isoCopenhagen(v.publishedAt) })),
          }
        : null,
  };
}

function answerOf(event: TenderEvent): ApiEvent['answer'] {
  const details = answerDetailsOf(event);
  return details ? { version: details.version, numbers: details.numbers } : null;
}

function dialogueOf(event: TenderEvent): ApiEvent['dialogue'] {
  const d = dialogueDetailsOf(event);
  if (!d) return null;
  return { action: d.action, activityId: d.activityId, kind: d.kind, title: d.title, startsAt: d.startsAt ? isoCopenhagen(d.startsAt) : null, reason: d.reason ?? null };
}

export function apiEvent(base: string, event: TenderEvent, procurementDepartment: string): ApiEvent {
  const createdInDbd = dbdCreatedAt(event);
  return {
    id: event.id,
    tenderId: event.tenderId,
    occurredAt: isoCopenhagen(event.occurredAt),
    kind: event.kind,
    // As on the public history page: officers' events name the department, never the officer.
    source: event.source === 'officer' ? procurementDepartment : event.source,
    revision: event.revision,
    dbdCreatedAt: createdInDbd ? isoCopenhagen(createdInDbd) : null,
    headline: eventHeadline(event),
    changes: event.changes.map((change) => ({ field: change.field, old: change.old ?? null, new: change.new ?? null, text: describeChange(change) })),
    decision: event.kind === 'decision' ? readPublicDecision(event.details) : null,
    answer: answerOf(event),
    dialogue: dialogueOf(event),
    contract: apiContractEvent(contractDetailsOf(event)),
    links: { tender: `${base}/api/v1/tenders/${encodeURIComponent(event.tenderId)}` },
  };
}

export function apiFirm(firm: RegisterFirm): ApiFirm {
  return { cvr: firm.cvr, name: firm.name, trades: firm.trades, postalCode: firm.postalCode, city: firm.city, size: firm.size, sme: firm.sme, sample: firm.sample };
}

export function apiRequirement(base: string, row: RequirementRow) {
  return {
    code: row.code,
    category: row.category,
    title: row.title,
    summary: row.summary,
    evidence: row.evidence,
    legalBasis: row.legal_basis,
    source: row.source,
    retired: row.retired_at !== null,
    links: { html: `${base}/krav/${encodeURIComponent(row.code)}` },
  };
}
