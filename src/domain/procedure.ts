import { label, t, type Lang } from '../i18n/index.js';
import type { ContractType, Procedure } from './vocabulary.js';

export interface ThresholdRule {
  contractType: ContractType;
  minDkk: number;
  /** Whether minDkk itself belongs to this rule (EU thresholds) or to the rule below (tilbudsloven's "over"). */
  minInclusive: boolean;
  maxDkk: number | null;
  procedure: Procedure;
  minBids: number | null;
  maxInvited: number | null;
  announce: boolean;
  standstillDays: number;
  legalBasis: string;
  source: string | null;
}

export interface ThresholdSet {
  id: number;
  name: string;
  /** 'YYYY-MM-DD' */
  effectiveFrom: string;
  effectiveTo: string | null;
  rules: ThresholdRule[];
}

const coversFromBelow = (rule: ThresholdRule, amount: number) =>
  rule.minInclusive ? amount >= rule.minDkk : amount > rule.minDkk;

/**
 * The rule that governs an amount: of the rules whose lower bound admits it, the one starting
 * highest. Upper bounds only close the last band (or reveal a gap in a badly made set).
 */
export function classifyProcedure(
  amountDkk: number,
  contractType: ContractType,
  rules: readonly ThresholdRule[],
): ThresholdRule | null {
  let best: ThresholdRule | null = null;
  for (const rule of rules) {
    if (rule.contractType !== contractType || !coversFromBelow(rule, amountDkk)) continue;
    if (!best || rule.minDkk > best.minDkk) best = rule;
  }
  if (best && best.maxDkk !== null && amountDkk > best.maxDkk) return null;
  return best;
}

/**
 * The set in force on a date ('YYYY-MM-DD'). When no set's period covers the date, the latest
 * set that had started by then still applies (sets are replaced, not left to lapse); a date before
 * every set falls back to the earliest.
 */
export function thresholdSetInForce<S extends Pick<ThresholdSet, 'effectiveFrom' | 'effectiveTo'>>(
  sets: readonly S[],
  date: string,
): S | null {
  const started = sets
    .filter((s) => s.effectiveFrom <= date)
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  const covering = started.find((s) => s.effectiveTo === null || s.effectiveTo >= date);
  if (covering) return covering;
  if (started[0]) return started[0];
  return [...sets].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0] ?? null;
}

/** "tærskelsæt 2026–2027" from the set's period (English: "threshold set 2026–2027"). */
export function thresholdSetLabel(set: Pick<ThresholdSet, 'effectiveFrom' | 'effectiveTo'>, lang: Lang = 'da'): string {
  const from = set.effectiveFrom.slice(0, 4);
  const to = set.effectiveTo?.slice(0, 4);
  if (!to) return t(lang, 'pages.procedure.setFrom', { from });
  return from === to ? t(lang, 'pages.procedure.setYear', { year: from }) : t(lang, 'pages.procedure.setRange', { from, to });
}

/** "underhåndsbud med 2–3 indbudte", "indhentning af 2–5 tilbud", "EU-udbud" (or in English). */
export function describeProcedure(rule: Pick<ThresholdRule, 'procedure' | 'minBids' | 'maxInvited'>, lang: Lang = 'da'): string {
  const procedure = label(lang, 'procedure', rule.procedure);
  const span =
    rule.minBids !== null && rule.maxInvited !== null
      ? rule.minBids === rule.maxInvited
        ? `${rule.minBids}`
        : `${rule.minBids}–${rule.maxInvited}`
      : rule.minBids !== null
        ? t(lang, 'pages.procedure.atLeast', { count: rule.minBids })
        : rule.maxInvited !== null
          ? t(lang, 'pages.procedure.atMost', { count: rule.maxInvited })
          : null;
  switch (rule.procedure) {
    case 'direct_award':
      return t(lang, 'pages.procedure.directAward', { procedure });
    case 'invited_bids':
      return span ? t(lang, 'pages.procedure.invitedBids', { procedure, span }) : procedure;
    case 'quotes':
    case 'announced_quotes':
      return span && span !== '1' ? t(lang, 'pages.procedure.quotes', { procedure, span }) : procedure;
    default:
      return procedure;
  }
}

/** The legal basis's first clause, for one-line explanations; the full text is shown beside it. */
export const shortLegalBasis = (legalBasis: string): string =>
  legalBasis.split(/[;(]/)[0]!.trim().replace(/^Tilbudsloven/, 'tilbudsloven');

export type ProcedureExplanation =
  | { kind: 'unvalued'; text: string }
  | { kind: 'no_set'; text: string }
  | { kind: 'no_rule'; text: string; set: ThresholdSet }
  | { kind: 'classified'; text: string; set: ThresholdSet; rule: ThresholdRule };

// Made once: building an Intl formatter costs far more than using one.
const kroner: Record<Lang, Intl.NumberFormat> = {
  da: new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};
/** "1.540.000 kr." (English: "DKK 1,540,000"), as src/wording/format.ts's formatDkk. */
const formatKr = (amount: number, lang: Lang) => t(lang, 'format.kroner', { amount: kroner[lang].format(amount) });

/**
 * Why a tender gets its procedure, in one line (Danish unless `lang` says otherwise):
 * "Anslået 1.540.000 kr. ekskl. moms · bygge- og anlægsarbejde → underhåndsbud med 2–3 indbudte,
 *  tilbudsloven §12 stk. 2 · tærskelsæt 2026–2027". The legal basis is the rule's own text.
 * The open-data API keeps the Danish line.
 */
export function explainProcedure(
  amountDkk: number | null,
  contractType: ContractType,
  sets: readonly ThresholdSet[],
  onDate: string,
  lang: Lang = 'da',
): ProcedureExplanation {
  if (amountDkk === null) {
    return { kind: 'unvalued', text: t(lang, 'pages.procedure.unvalued') };
  }
  const set = thresholdSetInForce(sets, onDate);
  const head = t(lang, 'pages.procedure.head', { amount: formatKr(amountDkk, lang), contractType: label(lang, 'contractType', contractType) });
  if (!set) return { kind: 'no_set', text: t(lang, 'pages.procedure.noSet', { head }) };
  const rule = classifyProcedure(amountDkk, contractType, set.rules);
  if (!rule) return { kind: 'no_rule', text: t(lang, 'pages.procedure.noRule', { head, set: thresholdSetLabel(set, lang) }), set };
  return {
    kind: 'classified',
    text: t(lang, 'pages.procedure.classified', {
      head,
      procedure: describeProcedure(rule, lang),
      legalBasis: shortLegalBasis(rule.legalBasis),
      set: thresholdSetLabel(set, lang),
    }),
    set,
    rule,
  };
}
