import type { ThresholdRule } from './procedure.js';
import { contractTypeLabels, contractTypes, procedureLabels, type Procedure } from './vocabulary.js';

/**
 * Rules that the whole set must obey, beyond each field's own type: a set officers save must
 * classify every amount of every contract type into exactly one band, or the public calculator
 * and the tender pages would answer "ingen regel" for real tenders.
 */

export type RuleField = keyof ThresholdRule;

export interface RuleIssue {
  /** Index into the rules given; null for a problem of the set as a whole (a missing contract type). */
  index: number | null;
  field: RuleField | null;
  message: string;
}

/** Procedures that by their nature are announced publicly; a rule saying otherwise is a typing slip. */
const announcedProcedures: ReadonlySet<Procedure> = new Set(['announced_quotes', 'national_tender', 'eu_tender']);

/** Rules by contract type (works, services, supplies) and then by amount: the order officers read them in. */
export function inBandOrder<R extends Pick<ThresholdRule, 'contractType' | 'minDkk'>>(rules: readonly R[]): R[] {
  const typeOrder = (r: R) => contractTypes.indexOf(r.contractType);
  return [...rules].sort((a, b) => typeOrder(a) - typeOrder(b) || a.minDkk - b.minDkk);
}

const kr = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 2 });
const formatKr = (amount: number) => `${kr.format(amount)} kr.`;

/** Problems within one rule, whatever the others say. */
export function checkRule(rule: ThresholdRule, index: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (rule.maxDkk !== null && rule.maxDkk <= rule.minDkk) {
    issues.push({ index, field: 'maxDkk', message: `Øvre grænse skal være større end nedre grænse (${formatKr(rule.minDkk)})` });
  }
  if (rule.minBids !== null && rule.maxInvited !== null && rule.minBids > rule.maxInvited) {
    issues.push({ index, field: 'maxInvited', message: `Højst antal indbudte må ikke være mindre end mindste antal tilbud (${rule.minBids})` });
  }
  if (announcedProcedures.has(rule.procedure) && !rule.announce) {
    issues.push({ index, field: 'announce', message: `${capitalise(procedureLabels[rule.procedure])} annonceres altid: vælg "Ja"` });
  }
  return issues;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The bands of one contract type in order must run 0 → no limit without gaps or overlaps. */
function checkBands(rules: readonly ThresholdRule[], indices: number[], typeLabel: string): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ordered = [...indices].sort((a, b) => rules[a]!.minDkk - rules[b]!.minDkk || a - b);
  const first = ordered[0]!;
  if (rules[first]!.minDkk !== 0) {
    issues.push({ index: first, field: 'minDkk', message: `Det første interval for ${typeLabel} skal starte ved 0 kr.` });
  } else if (!rules[first]!.minInclusive) {
    issues.push({ index: first, field: 'minInclusive', message: `Det første interval for ${typeLabel} skal omfatte 0 kr.: vælg "fra og med"` });
  }
  for (let i = 1; i < ordered.length; i++) {
    const prevIndex = ordered[i - 1]!;
    const index = ordered[i]!;
    const prev = rules[prevIndex]!;
    const rule = rules[index]!;
    if (prev.maxDkk === null) {
      issues.push({ index: prevIndex, field: 'maxDkk', message: `Kun det sidste interval for ${typeLabel} må være uden øvre grænse` });
    } else if (rule.minDkk < prev.maxDkk) {
      issues.push({ index, field: 'minDkk', message: `Overlapper det forrige interval for ${typeLabel}, som slutter ved ${formatKr(prev.maxDkk)}` });
    } else if (rule.minDkk > prev.maxDkk) {
      issues.push({
        index,
        field: 'minDkk',
        message: `Hul mellem ${formatKr(prev.maxDkk)} og ${formatKr(rule.minDkk)}: intervallet skal starte, hvor det forrige for ${typeLabel} slutter`,
      });
    }
  }
  const last = ordered[ordered.length - 1]!;
  if (rules[last]!.maxDkk !== null) {
    issues.push({ index: last, field: 'maxDkk', message: `Det sidste interval for ${typeLabel} skal være uden øvre grænse (lad feltet stå tomt)` });
  }
  return issues;
}

/**
 * Problems with how a set's rules fit together: per contract type, bands from 0 kr. with no gaps or
 * overlaps and an open-ended last band; and no contract type without rules.
 */
export function checkBandsOfSet(rules: readonly ThresholdRule[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const type of contractTypes) {
    const indices = rules.flatMap((r, i) => (r.contractType === type ? [i] : []));
    const typeLabel = contractTypeLabels[type];
    if (indices.length === 0) {
      issues.push({ index: null, field: null, message: `Sættet mangler regler for ${typeLabel}` });
      continue;
    }
    issues.push(...checkBands(rules, indices, typeLabel));
  }
  return issues;
}

/**
 * Every problem with a set's rules, each tied to the rule (by its index in `rules`) and field it
 * concerns, so a form can show it next to what must change. An empty list means the set is sound.
 */
export function validateThresholdRules(rules: readonly ThresholdRule[]): RuleIssue[] {
  return [...rules.flatMap(checkRule), ...checkBandsOfSet(rules)];
}
