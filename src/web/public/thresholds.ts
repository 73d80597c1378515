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
import { contractTypes } from '../../domain/vocabulary.js';
import { listThresholdSets } from '../../rules/repository.js';
import { formatDate, formatDkk } from '../format.js';
import { contractTypeLabel } from '../present.js';

const calculatorSchema = z.object({
  amountDkk: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(/^(\d{1,3}(\.\d{3})+)$/, (m) => m.replaceAll('.', '')).replace(',', '.') : v),
    z.coerce
      .number({ error: 'Skriv beløbet i kroner, fx 3000000' })
      .nonnegative('Beløbet må ikke være negativt')
      .max(1e12, 'Beløbet er urealistisk stort'),
  ),
  contractType: z.enum(contractTypes, { error: 'Vælg en kontrakttype' }),
});

function presentRule(rule: ThresholdRule, next: ThresholdRule | undefined) {
  const from = `${rule.minInclusive ? 'fra og med' : 'over'} ${formatDkk(rule.minDkk)}`;
  const upToIncluded = next ? !next.minInclusive : true;
  const to = rule.maxDkk === null ? 'og derover' : `${upToIncluded ? 'til og med' : 'under'} ${formatDkk(rule.maxDkk)}`;
  return {
    band: `${from} ${to}`,
    procedure: describeProcedure(rule),
    announce: rule.announce ? 'Ja' : 'Nej',
    standstill: rule.standstillDays > 0 ? `${rule.standstillDays} dage` : 'Ingen',
    legalBasis: rule.legalBasis,
    source: rule.source,
  };
}

/** A set as the public page shows it (the back office shows a set that can no longer change the same way). */
export function presentSet(set: ThresholdSet) {
  return {
    name: set.name,
    label: thresholdSetLabel(set),
    period: `${formatDate(set.effectiveFrom)} – ${set.effectiveTo ? formatDate(set.effectiveTo) : 'indtil videre'}`,
    groups: contractTypes
      .map((type) => {
        const rules = set.rules.filter((r) => r.contractType === type);
        return { contractType: contractTypeLabel(type), rules: rules.map((r, i) => presentRule(r, rules[i + 1])) };
      })
      .filter((g) => g.rules.length > 0),
  };
}

export async function thresholdRoutes(app: FastifyInstance) {
  app.get('/taerskler', async (request, reply) => {
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
        result = explainProcedure(parsed.data.amountDkk, parsed.data.contractType, sets, today).text;
      } else {
        errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
        reply.code(400);
      }
    }
    return reply.view('pages/thresholds', {
      pageTitle: 'Tærskelværdier og tilbudsgrænser',
      current: current ? presentSet(current) : null,
      // Contractors plan ahead: a set officers have adopted for a later date is shown before it applies.
      upcoming: sets.filter((s) => s !== current && s.effectiveFrom > today).reverse().map(presentSet),
      earlier: sets.filter((s) => s !== current && s.effectiveFrom <= today).map(presentSet),
      calculator: {
        typed,
        contractTypes: contractTypes.map((value) => ({ value, label: contractTypeLabel(value), selected: value === typed.contractType })),
        result,
        errors,
        errorList: Object.entries(errors).map(([field, message]) => ({ field, message })),
      },
    });
  });
}
