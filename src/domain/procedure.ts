import { contractTypeLabels, procedureLabels, type ContractType, type Procedure } from './vocabulary.js';

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

/** "tærskelsæt 2026–2027" from the set's period. */
export function thresholdSetLabel(set: Pick<ThresholdSet, 'effectiveFrom' | 'effectiveTo'>): string {
  const from = set.effectiveFrom.slice(0, 4);
  const to = set.effectiveTo?.slice(0, 4);
  if (!to) return `tærskelsæt fra ${from}`;
  return from === to ? `tærskelsæt ${from}` : `tærskelsæt ${from}–${to}`;
}

/** "underhåndsbud med 2–3 indbudte", "indhentning af 2–5 tilbud", "EU-udbud". */
export function describeProcedure(rule: Pick<ThresholdRule, 'procedure' | 'minBids' | 'maxInvited'>): string {
  const label = procedureLabels[rule.procedure];
  const span =
    rule.minBids !== null && rule.maxInvited !== null
      ? rule.minBids === rule.maxInvited
        ? `${rule.minBids}`
        : `${rule.minBids}–${rule.maxInvited}`
      : rule.minBids !== null
        ? `mindst ${rule.minBids}`
        : rule.maxInvited !== null
          ? `højst ${rule.maxInvited}`
          : null;
  switch (rule.procedure) {
    case 'direct_award':
      return `${label} (ét tilbud er nok)`;
    case 'invited_bids':
      return span ? `${label} med ${span} indbudte` : label;
    case 'quotes':
    case 'announced_quotes':
      return span && span !== '1' ? `${label}, ${span} tilbud` : label;
    default:
      return label;
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
const kroner = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 });
const formatKr = (amount: number) => `${kroner.format(amount)} kr.`;

/**
 * Why a tender gets its procedure, in one Danish line:
 * "Anslået 1.540.000 kr. ekskl. moms · bygge- og anlægsarbejde → underhåndsbud med 2–3 indbudte,
 *  tilbudsloven §12 stk. 2 · tærskelsæt 2026–2027".
 */
export function explainProcedure(
  amountDkk: number | null,
  contractType: ContractType,
  sets: readonly ThresholdSet[],
  onDate: string,
): ProcedureExplanation {
  if (amountDkk === null) {
    return { kind: 'unvalued', text: 'Ingen anslået værdi endnu: procedure afhænger af værdien' };
  }
  const set = thresholdSetInForce(sets, onDate);
  const head = `Anslået ${formatKr(amountDkk)} ekskl. moms · ${contractTypeLabels[contractType]}`;
  if (!set) return { kind: 'no_set', text: `${head} → intet tærskelsæt er registreret` };
  const rule = classifyProcedure(amountDkk, contractType, set.rules);
  if (!rule) return { kind: 'no_rule', text: `${head} → ${thresholdSetLabel(set)} har ingen regel for beløbet`, set };
  return {
    kind: 'classified',
    text: `${head} → ${describeProcedure(rule)}, ${shortLegalBasis(rule.legalBasis)} · ${thresholdSetLabel(set)}`,
    set,
    rule,
  };
}
