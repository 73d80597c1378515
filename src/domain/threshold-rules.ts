import { label, t, translate, type Lang } from '../i18n/index.js';
import type { ThresholdRule } from './procedure.js';
import { contractTypes, type ContractType, type Procedure } from './vocabulary.js';

/**
 * Rules that the whole set must obey, beyond each field's own type: a set officers save must
 * classify every amount of every contract type into exactly one band, or the public calculator
 * and the tender pages would answer "ingen regel" for real tenders.
 */

export type RuleField = keyof ThresholdRule;

/** What is wrong, as a key of adminRules.thresholdErrors with its values, to be worded in any language. */
export type RuleIssueKey =
  | 'maxAboveMin'
  | 'invitedBelowBids'
  | 'alwaysAnnounced'
  | 'firstFromZero'
  | 'firstIncludesZero'
  | 'onlyLastOpen'
  | 'overlap'
  | 'gap'
  | 'lastOpen'
  | 'missingType';

export interface RuleIssueVars {
  amount?: number;
  from?: number;
  to?: number;
  count?: number;
  type?: ContractType;
  procedure?: Procedure;
}

export interface RuleIssue {
  /** Index into the rules given; null for a problem of the set as a whole (a missing contract type). */
  index: number | null;
  field: RuleField | null;
  key: RuleIssueKey;
  vars: RuleIssueVars;
  /** The issue in Danish. */
  message: string;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** An issue in words: amounts, contract types and procedures in the reader's language. */
export function ruleIssueText(issue: Pick<RuleIssue, 'key' | 'vars'>, lang: Lang = 'da'): string {
  const { vars } = issue;
  const numbers = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 2 });
  const kroner = (amount: number | undefined) => (amount === undefined ? undefined : t(lang, 'format.kroner', { amount: numbers.format(amount) }));
  return translate(lang, `adminRules.thresholdErrors.${issue.key}`, {
    amount: kroner(vars.amount),
    from: kroner(vars.from),
    to: kroner(vars.to),
    count: vars.count,
    type: vars.type && label(lang, 'contractType', vars.type),
    procedure: vars.procedure && capitalise(label(lang, 'procedure', vars.procedure)),
  });
}

const issue = (index: number | null, field: RuleField | null, key: RuleIssueKey, vars: RuleIssueVars = {}): RuleIssue => ({
  index,
  field,
  key,
  vars,
  message: ruleIssueText({ key, vars }),
});

/** Procedures that by their nature are announced publicly; a rule saying otherwise is a typing slip. */
const announcedProcedures: ReadonlySet<Procedure> = new Set(['announced_quotes', 'national_tender', 'eu_tender']);

/** Rules by contract type (works, services, supplies) and then by amount: the order officers read them in. */
export function inBandOrder<R extends Pick<ThresholdRule, 'contractType' | 'minDkk'>>(rules: readonly R[]): R[] {
  const typeOrder = (r: R) => contractTypes.indexOf(r.contractType);
  return [...rules].sort((a, b) => typeOrder(a) - typeOrder(b) || a.minDkk - b.minDkk);
}

/** Problems within one rule, whatever the others say. */
export function checkRule(rule: ThresholdRule, index: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (rule.maxDkk !== null && rule.maxDkk <= rule.minDkk) {
    issues.push(issue(index, 'maxDkk', 'maxAboveMin', { amount: rule.minDkk }));
  }
  if (rule.minBids !== null && rule.maxInvited !== null && rule.minBids > rule.maxInvited) {
    issues.push(issue(index, 'maxInvited', 'invitedBelowBids', { count: rule.minBids }));
  }
  if (announcedProcedures.has(rule.procedure) && !rule.announce) {
    issues.push(issue(index, 'announce', 'alwaysAnnounced', { procedure: rule.procedure }));
  }
  return issues;
}

/** The bands of one contract type in order must run 0 → no limit without gaps or overlaps. */
function checkBands(rules: readonly ThresholdRule[], indices: number[], type: ContractType): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ordered = [...indices].sort((a, b) => rules[a]!.minDkk - rules[b]!.minDkk || a - b);
  const first = ordered[0]!;
  if (rules[first]!.minDkk !== 0) {
    issues.push(issue(first, 'minDkk', 'firstFromZero', { type }));
  } else if (!rules[first]!.minInclusive) {
    issues.push(issue(first, 'minInclusive', 'firstIncludesZero', { type }));
  }
  for (let i = 1; i < ordered.length; i++) {
    const prevIndex = ordered[i - 1]!;
    const index = ordered[i]!;
    const prev = rules[prevIndex]!;
    const rule = rules[index]!;
    if (prev.maxDkk === null) {
      issues.push(issue(prevIndex, 'maxDkk', 'onlyLastOpen', { type }));
    } else if (rule.minDkk < prev.maxDkk) {
      issues.push(issue(index, 'minDkk', 'overlap', { type, amount: prev.maxDkk }));
    } else if (rule.minDkk > prev.maxDkk) {
      issues.push(issue(index, 'minDkk', 'gap', { type, from: prev.maxDkk, to: rule.minDkk }));
    }
  }
  const last = ordered[ordered.length - 1]!;
  if (rules[last]!.maxDkk !== null) {
    issues.push(issue(last, 'maxDkk', 'lastOpen', { type }));
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
    if (indices.length === 0) {
      issues.push(issue(null, null, 'missingType', { type }));
      continue;
    }
    issues.push(...checkBands(rules, indices, type));
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
