import type { RequirementRow, TenderRow } from '../db/types.js';
import { formatExpectedPeriod, parseExpectedPeriod } from '../domain/period.js';
import type { FieldChange, FieldValue, TrackedField } from '../domain/tender.js';
import {
  contractTypeLabels,
  requirementCategoryLabels,
  statusLabels,
  workTypeLabels,
  type ContractType,
  type TenderStatus,
  type WorkType,
} from '../domain/vocabulary.js';
import { cpvLabel } from '../domain/cpv.js';
import type { TenderEvent } from '../tenders/repository.js';
import { formatDate, formatDateTime, formatDkk, isoInstant } from './format.js';

// View models: rows in, plain display values out. Templates only place them; Handlebars escapes them.

export const statusLabel = (status: string) => statusLabels[status as TenderStatus] ?? status;
export const workTypeLabel = (type: string) => workTypeLabels[type as WorkType] ?? type;
export const contractTypeLabel = (type: string) => contractTypeLabels[type as ContractType] ?? type;
export const categoryLabel = (category: string) => requirementCategoryLabels[category] ?? category;

export const expectedPublicationLabel = (text: string | null) => {
  if (!text) return null;
  const period = parseExpectedPeriod(text);
  return period ? formatExpectedPeriod(period) : text;
};

/** Colour of the status tag (dkfds badge variants). */
const statusBadge: Record<string, string> = {
  published: 'badge-success',
  evaluation: 'badge-info',
  awarded: 'badge-info',
  contracted: 'badge-info',
  cancelled: 'badge-error',
};

export function presentTenderSummary(row: TenderRow) {
  return {
    id: row.id,
    href: `/udbud/${encodeURIComponent(row.id)}`,
    title: row.title,
    status: row.status,
    statusLabel: statusLabel(row.status),
    statusBadge: statusBadge[row.status] ?? 'badge-warning',
    workType: workTypeLabel(row.work_type),
    contractType: contractTypeLabel(row.contract_type),
    property: [row.property_name, row.property_city].filter(Boolean).join(', '),
    value: row.estimated_value_dkk === null ? null : formatDkk(row.estimated_value_dkk),
    expectedPublication: expectedPublicationLabel(row.expected_publication),
    deadline: row.tender_deadline ? formatDateTime(row.tender_deadline) : null,
    deadlineIso: row.tender_deadline ? isoInstant(row.tender_deadline) : null,
  };
}

const fieldLabels: Record<TrackedField, string> = {
  title: 'Titel',
  description: 'Beskrivelse',
  status: 'Status',
  workType: 'Arbejdstype',
  contractType: 'Kontrakttype',
  propertyId: 'Ejendoms-id',
  propertyName: 'Ejendom',
  propertyAddress: 'Adresse',
  propertyPostalCode: 'Postnummer',
  propertyCity: 'By',
  propertyLat: 'Breddegrad',
  propertyLon: 'Længdegrad',
  estimatedValueDkk: 'Anslået værdi',
  cpvCodes: 'CPV-koder',
  expectedPublication: 'Forventet offentliggørelse',
  tenderDeadline: 'Frist',
  expectedContractStart: 'Forventet kontraktstart',
  platformUrl: 'Link til udbudsplatform',
  referenceNumber: 'Udbudsnummer',
  requirements: 'Krav',
  contactName: 'Kontaktperson',
  contactEmail: 'Kontakt-e-mail',
  contactPhone: 'Kontakttelefon',
  cancellationReason: 'Aflysningsårsag',
};

/** Fields whose old and new text is too long to repeat in a one-line history entry. */
const longFields: ReadonlySet<TrackedField> = new Set(['description', 'cancellationReason']);

function displayValue(field: TrackedField, value: FieldValue): string {
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return 'ingen';
  if (Array.isArray(value)) return value.join(', ');
  switch (field) {
    case 'estimatedValueDkk':
      return formatDkk(Number(value));
    case 'tenderDeadline':
      return formatDateTime(String(value));
    case 'expectedContractStart':
      return formatDate(String(value));
    case 'expectedPublication':
      return expectedPublicationLabel(String(value)) ?? String(value);
    case 'status':
      return statusLabel(String(value));
    case 'workType':
      return workTypeLabel(String(value));
    case 'contractType':
      return contractTypeLabel(String(value));
    default:
      return String(value);
  }
}

/** "Frist ændret fra 15. januar 2027 kl. 12.00 til 22. januar 2027 kl. 12.00" */
export function describeChange(change: FieldChange): string {
  const label = fieldLabels[change.field] ?? change.field;
  if (longFields.has(change.field)) return `${label} ændret`;
  if (change.old === null || change.old === '') return `${label} sat til ${displayValue(change.field, change.new)}`;
  if (change.new === null || change.new === '') return `${label} fjernet (var ${displayValue(change.field, change.old)})`;
  return `${label} ændret fra ${displayValue(change.field, change.old)} til ${displayValue(change.field, change.new)}`;
}

const sourceLabels: Record<string, string> = { dbd: 'DBD (Digital Bygnings Data)' };

export function presentEvent(event: TenderEvent) {
  return {
    when: formatDateTime(event.occurredAt),
    whenIso: isoInstant(event.occurredAt),
    source: sourceLabels[event.source] ?? event.source,
    headline: event.kind === 'created' ? 'Udbuddet blev offentliggjort på portalen' : null,
    changes: event.changes.map(describeChange),
  };
}

export function presentRequirement(row: RequirementRow) {
  return {
    code: row.code,
    href: `/krav/${encodeURIComponent(row.code)}`,
    category: categoryLabel(row.category),
    title: row.title,
    summary: row.summary,
    evidence: row.evidence,
    legalBasis: row.legal_basis,
    source: row.source,
    retired: row.retired_at !== null,
  };
}

export const presentCpv = (code: string) => ({ code, label: cpvLabel(code) });
