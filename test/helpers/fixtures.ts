import { copenhagenDate } from '../../src/domain/period.js';
import type { ThresholdRule } from '../../src/domain/procedure.js';
import { thresholdSetText } from '../../src/rules/threshold-input.js';
import type { TenderEvent } from '../../src/tenders/events.js';
import { dbdItem } from './dbd.js';
import { copenhagenDay } from './decisions.js';

// Builders for what the tests feed the app: a tender from DBD, a history event, a posted form.
// Each gives the usual case; a test overrides only what it is about.

/**
 * The published tender T-OPEN at a revision and deadline. Overrides replace its fields, except the
 * timeline, whose fields are added to the deadline and expected publication.
 */
export const openTender = (revision: number, tenderDeadline: string, overrides: { timeline?: Record<string, string>; [field: string]: unknown } = {}) => {
  const { timeline, ...fields } = overrides;
  return dbdItem({
    id: 'T-OPEN',
    revision,
    title: 'Nye vinduer, Asgård Skole',
    workType: 'energy',
    status: 'published',
    estimatedValue: { amountDkk: 3200000 },
    cpvCodes: ['45421100-5'],
    requirements: ['ENV-CO2-LCA'],
    timeline: { expectedTenderPublication: '2026-11', tenderDeadline, ...timeline },
    procurement: { platformUrl: 'https://tendering.example.org/notice/77', referenceNumber: 'KK-77' },
    ...fields,
  });
};

/** A line of a tender's history: an officer's decision on T-EU unless overridden. */
export const tenderEvent = (overrides: Partial<TenderEvent>): TenderEvent => ({
  id: 1,
  tenderId: 'T-EU',
  occurredAt: new Date('2026-11-23T10:00:00Z'),
  kind: 'decision',
  source: 'officer',
  revision: null,
  changes: [],
  details: null,
  ...overrides,
});

/** An award form as the officers' tender page posts it: every field carries the form's scope. */
export const awardForm = (overrides: Record<string, string> = {}) => ({
  officer_version: '1',
  'award-winnerName': 'Tømrerfirmaet Hansen ApS',
  'award-winnerCvr': '12345678',
  'award-awardValueDkk': '48.750.000',
  'award-bidsReceived': '4',
  'award-criterion': 'best_price_quality',
  'award-weights': 'pris 60 %, kvalitet 40 %',
  'award-decidedOn': copenhagenDay(-3),
  'award-notifiedOn': copenhagenDay(0),
  'award-notificationChannel': 'electronic',
  'award-justification': 'Bedste samlede tilbud; internt notat om kvalitetsvurderingen.',
  'award-decisionLetterUrl': 'https://sharepoint.koege.test/afgoerelse-77.pdf',
  ...overrides,
});

/** The same form for an award on the lowest price: no weights, no decision letter. */
export const lowestPriceAwardForm = (overrides: Record<string, string> = {}) =>
  awardForm({ 'award-criterion': 'lowest_price', 'award-weights': '', 'award-justification': 'Laveste pris.', 'award-decisionLetterUrl': '', ...overrides });

/** 'YYYY-MM-DD' a number of days after (or, negative, before) a date of that form. */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** An instant a number of days from now, as DBD writes a deadline. */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/**
 * A threshold-set form as a browser posts it: the set's fields and one `rules[n][field]` per rule
 * field. The set takes effect tomorrow unless the fields say otherwise.
 */
export function thresholdSetForm(rules: readonly ThresholdRule[], fields: Record<string, string> = {}, name = 'Tilbudsgrænser 2027') {
  const tomorrow = addDays(copenhagenDate(new Date()), 1);
  const text = thresholdSetText({ name, effectiveFrom: tomorrow, effectiveTo: null, rules: [...rules] });
  const form: Record<string, string> = { name: text.name, effectiveFrom: text.effectiveFrom, effectiveTo: '', ...fields };
  for (const { row, values } of text.rows) for (const [field, value] of Object.entries(values)) form[`rules[${row}][${field}]`] = value;
  return form;
}
