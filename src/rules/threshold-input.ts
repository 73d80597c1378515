import { z } from 'zod';
import type { ThresholdRule, ThresholdSet } from '../domain/procedure.js';
import { checkBandsOfSet, checkRule, inBandOrder, ruleIssueText, type RuleIssue } from '../domain/threshold-rules.js';
import { contractTypes, procedures } from '../domain/vocabulary.js';
import { parseDanishAmount } from '../domain/amount.js';
import { optionalWebAddress } from './fields.js';
import { t, type Lang } from '../i18n/index.js';
import { localize, msg } from '../i18n/messages.js';

// A threshold set as an officer types it: the set's own fields, and one table row per rule with
// inputs named `rules[<row>][<field>]`. Rows are read by the number in their name (not by position),
// so an error found in a rule can be shown in the very row it came from.

const danishAmount = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 });

export const ruleFields = [
  'contractType',
  'minDkk',
  'minInclusive',
  'maxDkk',
  'procedure',
  'minBids',
  'maxInvited',
  'announce',
  'standstillDays',
  'legalBasis',
  'source',
] as const satisfies ReadonlyArray<keyof ThresholdRule>;
export type RuleField = (typeof ruleFields)[number];

export type RuleRowText = Record<RuleField, string>;

export interface ThresholdSetText {
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  rows: Array<{ row: number; values: RuleRowText }>;
}

export interface ThresholdSetInput {
  name: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  rules: ThresholdRule[];
}

/** The id of a rule's input (and the key of its error): `rules-3-minDkk`. */
export const ruleFieldId = (row: number, field: RuleField) => `rules-${row}-${field}`;

/** Enough rows for any real set; a bound so that a crafted form cannot make us build thousands. */
export const MAX_RULE_ROWS = 60;

/** Text fields whose emptiness marks a row as unused (a spare row, or one the officer cleared). */
const textFields: readonly RuleField[] = ['minDkk', 'maxDkk', 'minBids', 'maxInvited', 'standstillDays', 'legalBasis', 'source'];
export const isBlankRow = (values: RuleRowText) => textFields.every((f) => values[f].trim() === '');
export const blankRow = (): RuleRowText => Object.fromEntries(ruleFields.map((f) => [f, ''])) as RuleRowText;

const textOf = (value: unknown) => (typeof value === 'string' ? value : '');

/** The posted form as typed, to validate and to show again. Unknown keys are ignored. */
export function readThresholdForm(body: unknown): ThresholdSetText {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rows = new Map<number, RuleRowText>();
  for (const [key, value] of Object.entries(fields)) {
    const m = /^rules\[(\d{1,3})\]\[(\w+)\]$/.exec(key);
    if (!m || !(ruleFields as readonly string[]).includes(m[2]!)) continue;
    const row = Number(m[1]);
    if (!rows.has(row)) {
      if (rows.size >= MAX_RULE_ROWS) continue;
      rows.set(row, blankRow());
    }
    rows.get(row)![m[2] as RuleField] = textOf(value);
  }
  return {
    name: textOf(fields.name),
    effectiveFrom: textOf(fields.effectiveFrom),
    effectiveTo: textOf(fields.effectiveTo),
    rows: [...rows.entries()].sort(([a], [b]) => a - b).map(([row, values]) => ({ row, values })),
  };
}

const amountError = msg('adminRules.thresholdErrors.amount');
// A negative limit is no amount here: the same message as a word.
const toAmount = (v: unknown) => {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const amount = parseDanishAmount(v);
  return amount === null || amount < 0 ? Number.NaN : amount;
};
const requiredAmount = (emptyMessage: string) =>
  z.preprocess(
    toAmount,
    z.number({ error: (issue) => (issue.input === undefined ? emptyMessage : amountError) }).max(1e12, msg('adminRules.thresholdErrors.amountTooLarge')),
  );
/** Empty means "no upper limit". */
const optionalAmount = z.preprocess(
  (v) => toAmount(v) ?? null,
  z.number({ error: msg('adminRules.thresholdErrors.amountOrEmpty') }).max(1e12, msg('adminRules.thresholdErrors.amountTooLarge')).nullable(),
);

const toCount = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? (/^\d+$/.test(v.trim()) ? Number(v) : Number.NaN) : undefined);
const requiredCount = (message: string, max: number) => z.preprocess(toCount, z.number({ error: message }).int().max(max, msg('validation.max', { max })));
/** Empty means "no number given" (no minimum or no maximum of bids). */
const optionalCount = z.preprocess(
  (v) => toCount(v) ?? null,
  z
    .number({ error: msg('adminRules.thresholdErrors.countOrEmpty') })
    .int()
    .min(1, msg('validation.min', { min: 1 }))
    .max(1000, msg('validation.max', { max: 1000 }))
    .nullable(),
);

const yesNo = (message: string) => z.enum(['true', 'false'], { error: message }).transform((v) => v === 'true');

const ruleSchema = z.object({
  contractType: z.enum(contractTypes, { error: msg('adminRules.thresholdErrors.contractType') }),
  minDkk: requiredAmount(msg('adminRules.thresholdErrors.minDkk')),
  minInclusive: yesNo(msg('adminRules.thresholdErrors.minInclusive')),
  maxDkk: optionalAmount,
  procedure: z.enum(procedures, { error: msg('adminRules.thresholdErrors.procedure') }),
  minBids: optionalCount,
  maxInvited: optionalCount,
  announce: yesNo(msg('adminRules.thresholdErrors.announce')),
  standstillDays: requiredCount(msg('adminRules.thresholdErrors.standstillDays'), 365),
  legalBasis: z
    .string({ error: msg('adminRules.thresholdErrors.legalBasis') })
    .trim()
    .min(1, msg('adminRules.thresholdErrors.legalBasis'))
    .max(500, msg('validation.maxChars', { max: 500 })),
  source: optionalWebAddress,
}) satisfies z.ZodType<ThresholdRule>;

const dateText = (message: string) => z.iso.date({ error: message });

export type ParsedThresholdSet = { ok: true; data: ThresholdSetInput } | { ok: false; errors: Record<string, string> };

/**
 * Validates a typed set: each field's own format first, then (when every rule reads) the rules as a
 * whole. Errors are keyed by the id of the input they belong to; a problem of the whole rule table
 * (a contract type without rules) by 'rules'. Messages are in `lang`.
 */
export function parseThresholdForm(text: ThresholdSetText, today: string, lang: Lang = 'da'): ParsedThresholdSet {
  const errors: Record<string, string> = {};
  const name = text.name.trim();
  if (name === '') errors.name = t(lang, 'adminRules.thresholdErrors.name');
  else if (name.length > 200) errors.name = t(lang, 'validation.maxChars', { max: 200 });
  const from = dateText(msg('adminRules.thresholdErrors.date')).safeParse(text.effectiveFrom.trim());
  if (!from.success) errors.effectiveFrom = localize(lang, from.error.issues[0]!.message);
  else if (from.data <= today) errors.effectiveFrom = t(lang, 'adminRules.thresholdErrors.future');
  let effectiveTo: string | null = null;
  if (text.effectiveTo.trim() !== '') {
    const to = dateText(msg('adminRules.thresholdErrors.dateOrEmpty')).safeParse(text.effectiveTo.trim());
    if (!to.success) errors.effectiveTo = localize(lang, to.error.issues[0]!.message);
    else if (from.success && to.data < from.data) errors.effectiveTo = t(lang, 'adminRules.thresholdErrors.endBeforeStart');
    else effectiveTo = to.data;
  }

  const rules: ThresholdRule[] = [];
  const rowOf: number[] = [];
  const report = (issues: RuleIssue[]) => {
    for (const issue of issues) {
      const id = issue.index === null || issue.field === null ? 'rules' : ruleFieldId(rowOf[issue.index]!, issue.field);
      errors[id] ??= ruleIssueText(issue, lang);
    }
  };
  let rowsRead = true;
  for (const { row, values } of text.rows) {
    if (isBlankRow(values)) continue;
    const parsed = ruleSchema.safeParse(values);
    if (parsed.success) {
      rowOf.push(row);
      report(checkRule(parsed.data, rules.push(parsed.data) - 1));
      continue;
    }
    rowsRead = false;
    for (const issue of parsed.error.issues) errors[ruleFieldId(row, issue.path[0] as RuleField)] ??= localize(lang, issue.message);
  }
  // How the bands fit together is only worth saying once every rule reads: a rule that did not
  // parse would otherwise show up as a misleading gap.
  if (rowsRead) report(checkBandsOfSet(rules));
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, data: { name, effectiveFrom: from.data!, effectiveTo, rules } };
}

/** A stored set as form text: the copy an officer starts a new set from, or the set being edited. */
export function thresholdSetText(set: Pick<ThresholdSet, 'name' | 'effectiveFrom' | 'effectiveTo' | 'rules'>): ThresholdSetText {
  const kroner = (n: number) => danishAmount.format(n);
  return {
    name: set.name,
    effectiveFrom: set.effectiveFrom,
    effectiveTo: set.effectiveTo ?? '',
    rows: inBandOrder(set.rules).map((r, row) => ({
      row,
      values: {
        contractType: r.contractType,
        minDkk: kroner(r.minDkk),
        minInclusive: String(r.minInclusive),
        maxDkk: r.maxDkk === null ? '' : kroner(r.maxDkk),
        procedure: r.procedure,
        minBids: r.minBids === null ? '' : String(r.minBids),
        maxInvited: r.maxInvited === null ? '' : String(r.maxInvited),
        announce: String(r.announce),
        standstillDays: String(r.standstillDays),
        legalBasis: r.legalBasis,
        source: r.source ?? '',
      },
    })),
  };
}
