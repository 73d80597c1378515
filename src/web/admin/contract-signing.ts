import { kpiField, kpiFields, requirementField, targetField, type SigningRequirement } from '../../contracts/signing.js';
import { directions, MAX_KPIS, measures as measureRules } from '../../domain/contract.js';
import { t, type Lang } from '../../i18n/index.js';
import type { FieldErrors } from './forms.js';

// The targets part of the contract form on /admin/udbud/:id: a field per measure of each
// requirement the tender carries (grouped per requirement, whose own message, "at least one",
// sits on the group), the requirements without measures named, and the KPI rows. Field names carry
// the page's "contract-" scope like the form's other fields.

const SCOPE = 'contract-';

/** The view model of the targets part, with what was typed and the messages of a form shown again. */
export function signingFormOf(requirements: readonly SigningRequirement[], typed: Record<string, string>, errors: FieldErrors, lang: Lang) {
  const field = (name: string) => ({ name: SCOPE + name, value: typed[name] ?? '', error: errors[name] ?? null });
  const withMeasures = requirements.filter((r) => r.measures.length > 0);
  const withoutMeasures = requirements.filter((r) => r.measures.length === 0);
  return {
    requirements: withMeasures.map((requirement) => ({
      id: SCOPE + requirementField(requirement.code),
      legend: requirement.title ? t(lang, 'contractSigning.form.requirementLegend', { code: requirement.code, title: requirement.title }) : requirement.code,
      error: errors[requirementField(requirement.code)] ?? null,
      measures: requirement.measures.map((measure) => ({
        ...field(targetField(requirement.code, measure)),
        label: t(lang, 'contractSigning.form.measureLabel', {
          label: t(lang, `contracts.measures.${measure}.label`),
          direction: t(lang, `contracts.direction.${measureRules[measure].direction}`),
          unit: t(lang, `contracts.measures.${measure}.unit`),
        }),
      })),
    })),
    withoutMeasures: withoutMeasures.map((r) => ({ code: r.code, title: r.title })),
    noRequirements: requirements.length === 0,
    kpis: Array.from({ length: MAX_KPIS }, (_, i) => {
      const n = i + 1;
      const [title, unit, direction, targetValue] = kpiFields.map((part) => field(kpiField(n, part)));
      return {
        legend: t(lang, 'contractSigning.form.kpiLegend', { n }),
        title,
        unit,
        direction: { ...direction!, options: directions.map((value) => ({ value, label: t(lang, `contractSigning.form.direction.${value}`) })) },
        targetValue,
      };
    }),
  };
}
