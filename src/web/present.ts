import type { RequirementRow, TenderRow } from '../db/types.js';
import { formatExpectedPeriod, parseExpectedPeriod } from '../domain/period.js';
import type { FieldChange, FieldValue, TrackedField } from '../domain/tender.js';
import { label, t, type Lang } from '../i18n/index.js';
import { cpvLabel } from '../domain/cpv.js';
import type { EventChange, OfficerTextField, TenderEvent } from '../tenders/repository.js';
import { criterionLabels, decisionKindLabels, readPublicDecision, type PublicDecision } from '../decisions/details.js';
import { daysBetween } from '../domain/standstill.js';
import { formatDate, formatDateTime, formatDkk, isoInstant } from './format.js';

// View models: rows in, plain display values out. Templates only place them; Handlebars escapes them.

export const statusLabel = (status: string, lang: Lang = 'da') => label(lang, 'status', status);
export const workTypeLabel = (type: string, lang: Lang = 'da') => label(lang, 'workType', type);
export const contractTypeLabel = (type: string, lang: Lang = 'da') => label(lang, 'contractType', type);
export const categoryLabel = (category: string, lang: Lang = 'da') => label(lang, 'requirementCategory', category);

export const expectedPublicationLabel = (text: string | null, lang: Lang = 'da') => {
  if (!text) return null;
  const period = parseExpectedPeriod(text);
  if (!period) return text;
  // English: quarters in words; months and days through Intl (TODO: period.ts's month names are Danish).
  if (lang === 'en' && period.precision === 'quarter') return t(lang, 'format.quarter', { quarter: period.quarter, year: period.year });
  if (lang === 'en' && period.precision === 'day') return formatDate(period.start, lang);
  if (lang === 'en') return new Date(`${period.start}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
  return formatExpectedPeriod(period);
};

/** Colour of the status tag (dkfds badge variants). */
const statusBadge: Record<string, string> = {
  published: 'badge-success',
  evaluation: 'badge-info',
  awarded: 'badge-info',
  contracted: 'badge-info',
  cancelled: 'badge-error',
};

export function presentTenderSummary(row: TenderRow, lang: Lang = 'da') {
  return {
    id: row.id,
    href: `/udbud/${encodeURIComponent(row.id)}`,
    title: row.title,
    status: row.status,
    statusLabel: statusLabel(row.status, lang),
    statusBadge: statusBadge[row.status] ?? 'badge-warning',
    workType: workTypeLabel(row.work_type, lang),
    contractType: contractTypeLabel(row.contract_type, lang),
    property: [row.property_name, row.property_city].filter(Boolean).join(', '),
    value: row.estimated_value_dkk === null ? null : formatDkk(row.estimated_value_dkk, lang),
    expectedPublication: expectedPublicationLabel(row.expected_publication, lang),
    deadline: row.tender_deadline ? formatDateTime(row.tender_deadline, lang) : null,
    deadlineIso: row.tender_deadline ? isoInstant(row.tender_deadline) : null,
  };
}

const fieldLabels: Record<TrackedField | OfficerTextField, string> = {
  summary: 'Kort fortalt',
  bidderNotes: 'Bemærkninger til tilbudsgivere',
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
const longFields: ReadonlySet<TrackedField | OfficerTextField> = new Set(['description', 'cancellationReason', 'summary', 'bidderNotes']);

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
export function describeChange(change: EventChange): string {
  const label = fieldLabels[change.field] ?? change.field;
  if (longFields.has(change.field) || !isTrackedChange(change)) {
    if (change.old === null || change.old === '') return `${label} tilføjet`;
    if (change.new === null || change.new === '') return `${label} fjernet`;
    return `${label} ændret`;
  }
  if (change.old === null || change.old === '') return `${label} sat til ${displayValue(change.field, change.new)}`;
  if (change.new === null || change.new === '') return `${label} fjernet (var ${displayValue(change.field, change.old)})`;
  return `${label} ændret fra ${displayValue(change.field, change.old)} til ${displayValue(change.field, change.new)}`;
}

const isTrackedChange = (change: EventChange): change is FieldChange => change.field !== 'summary' && change.field !== 'bidderNotes';

const winner = (d: { winnerName: string; winnerCvr: string }) => `${d.winnerName} (CVR ${d.winnerCvr})`;

/** One line naming what was decided, for the history and feeds. */
export function decisionHeadline(d: PublicDecision): string {
  switch (d.kind) {
    case 'award':
      return `Udbuddet blev tildelt ${winner(d)}`;
    case 'direct_award':
      return `Opgaven blev tildelt direkte til ${winner(d)}`;
    case 'cancellation':
      return 'Udbuddet blev aflyst';
    case 'contract':
      return `Kontrakten blev indgået ${formatDate(d.signedOn)}`;
  }
}

export function eventHeadline(event: TenderEvent): string | null {
  if (event.kind === 'created') return 'Udbuddet blev offentliggjort på portalen';
  if (event.kind !== 'decision') return null;
  const decision = readPublicDecision(event.details);
  return decision ? decisionHeadline(decision) : null;
}

/**
 * A history entry. Officers' events are attributed to the procurement department, never to the
 * officer: the public sees who is responsible, not who typed it.
 */
export function presentEvent(event: TenderEvent, procurementDepartment: string) {
  return {
    when: formatDateTime(event.occurredAt),
    whenIso: isoInstant(event.occurredAt),
    source: event.source === 'dbd' ? 'DBD (Digital Bygnings Data)' : event.source === 'officer' ? procurementDepartment : event.source,
    headline: eventHeadline(event),
    changes: event.changes.map(describeChange),
  };
}

/** "i dag", "i morgen", "om 6 dage"; null once the day has passed. Dates are 'YYYY-MM-DD'. */
export function countdown(endsOn: string, today: string): string | null {
  const days = daysBetween(today, endsOn);
  if (days < 0) return null;
  if (days === 0) return 'i dag';
  return days === 1 ? 'i morgen' : `om ${days} dage`;
}

/** A decision's public facts as label/value pairs, in reading order. */
export function presentDecision(d: PublicDecision) {
  const facts: Array<{ label: string; value: string }> = [];
  const add = (label: string, value: string) => facts.push({ label, value });
  switch (d.kind) {
    case 'award':
      add('Vinder', winner(d));
      add('Tildelt værdi', `${formatDkk(d.awardValueDkk)} ekskl. moms`);
      add('Modtagne tilbud', String(d.bidsReceived));
      add('Tildelingskriterium', d.weights ? `${criterionLabels[d.criterion]} (${d.weights})` : criterionLabels[d.criterion]);
      add('Afgørelse truffet', formatDate(d.decidedOn));
      add('Tilbudsgiverne underrettet', formatDate(d.notifiedOn));
      add('Standstill', d.standstillEndsOn ? `til og med ${formatDate(d.standstillEndsOn)}` : 'Ingen standstill-periode for denne udbudsform');
      break;
    case 'direct_award':
      add('Leverandør', winner(d));
      add('Værdi', `${formatDkk(d.valueDkk)} ekskl. moms`);
      add('Begrundelse', d.justification);
      add('Afgørelse truffet', formatDate(d.decidedOn));
      break;
    case 'cancellation':
      add('Årsag', d.reason);
      add('Aflyst', formatDate(d.decidedOn));
      break;
    case 'contract':
      add('Underskrevet', formatDate(d.signedOn));
      add('Endelig værdi', `${formatDkk(d.finalValueDkk)} ekskl. moms`);
      break;
  }
  return { kind: d.kind, title: decisionKindLabels[d.kind], facts };
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
