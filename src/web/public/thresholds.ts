import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { copenhagenDate } from '../../domain/period.js';
import {
  describeProcedure,
  explainProcedure,
  thresholdSetInForce,
  thresholdSetLabel,
  type ThresholdRule,
  type ThresholdSet,
} from '../../domain/procedure.js';
import { amountFromInput } from '../../domain/amount.js';
import { contractTypes } from '../../domain/vocabulary.js';
import { listThresholdSets } from '../../rules/repository.js';
import { formatDate, formatDkk } from '../../wording/format.js';
import { contractTypeLabel } from '../../wording/labels.js';
import { t, type Lang } from '../../i18n/index.js';
import { localize, msg } from '../../i18n/messages.js';

const calculatorSchema = z.object({
  amountDkk: z.preprocess(
    (v) => amountFromInput(v),
    z
      .number({ error: msg('pages.thresholds.errors.amount') })
      .nonnegative(msg('pages.thresholds.errors.negative'))
      .max(1e12, msg('pages.thresholds.errors.tooLarge')),
  ),
  contractType: z.enum(contractTypes, { error: msg('pages.thresholds.errors.contractType') }),
});

function presentRule(rule: ThresholdRule, next: ThresholdRule | undefined, lang: Lang) {
  const from = t(lang, rule.minInclusive ? 'pages.thresholds.band.fromIncluding' : 'pages.thresholds.band.over', { amount: formatDkk(rule.minDkk, lang) });
  const upToIncluded = next ? !next.minInclusive : true;
  const to =
    rule.maxDkk === null
      ? t(lang, 'pages.thresholds.band.andAbove')
      : t(lang, upToIncluded ? 'pages.thresholds.band.upToIncluding' : 'pages.thresholds.band.under', { amount: formatDkk(rule.maxDkk, lang) });
  return {
    band: `${from} ${to}`,
    procedure: describeProcedure(rule, lang),
    announce: t(lang, rule.announce ? 'pages.thresholds.yes' : 'pages.thresholds.no'),
    standstill: rule.standstillDays > 0 ? t(lang, 'pages.thresholds.standstillDays', { days: rule.standstillDays }) : t(lang, 'pages.thresholds.noStandstill'),
    legalBasis: rule.legalBasis,
    source: rule.source,
  };
}

/** A set as the public page shows it (the back office shows a set that can no longer change the same way). */
export function presentSet(set: ThresholdSet, lang: Lang = 'da') {
  return {
    name: set.name,
    label: thresholdSetLabel(set, lang),
    period: `${formatDate(set.effectiveFrom, lang)} – ${set.effectiveTo ? formatDate(set.effectiveTo, lang) : t(lang, 'pages.thresholds.untilFurtherNotice')}`,
    groups: contractTypes
      .map((type) => {
        const rules = set.rules.filter((r) => r.contractType === type);
        return { contractType: contractTypeLabel(type, lang), rules: rules.map((r, i) => presentRule(r, rules[i + 1], lang)) };
      })
      .filter((g) => g.rules.length > 0),
  };
}

export async function thresholdRoutes(app: FastifyInstance) {
  app.get('/taerskler', { config: { cacheable: true } }, async (request, reply) => {
    const lang = request.lang;
    const sets = await listThresholdSets(app.db);
    const today = copenhagenDate(new Date());
    const current = thresholdSetInForce(sets, today);
    const query = (request.query ?? {}) as Record<string, unknown>;
    const asked = query.amountDkk !== undefined || query.contractType !== undefined;
    const typed = {
      amountDkk: typeof query.amountDkk === 'string' ? query.amountDkk : '',
      contractType: typeof query.contractType === 'string' ? query.contractType : 'works',
    };
    let result: string | null = null;
    let errors: Record<string, string> = {};
    if (asked) {
      const parsed = calculatorSchema.safeParse(query);
      if (parsed.success) {
        result = explainProcedure(parsed.data.amountDkk, parsed.data.contractType, sets, today, lang).text;
      } else {
        errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), localize(lang, i.message)]));
        reply.code(400);
      }
    }
    return reply.view('pages/thresholds', {
      pageTitle: t(lang, 'pages.thresholds.pageTitle'),
      current: current ? presentSet(current, lang) : null,
      // Contractors plan ahead: a set officers have adopted for a later date is shown before it applies.
      upcoming: sets.filter((s) => s !== current && s.effectiveFrom > today).reverse().map((s) => presentSet(s, lang)),
      earlier: sets.filter((s) => s !== current && s.effectiveFrom <= today).map((s) => presentSet(s, lang)),
      calculator: {
        typed,
        contractTypes: contractTypes.map((value) => ({ value, label: contractTypeLabel(value, lang), selected: value === typed.contractType })),
        result,
        errors,
        errorList: Object.entries(errors).map(([field, message]) => ({ field, message })),
      },
    });
  });
}
