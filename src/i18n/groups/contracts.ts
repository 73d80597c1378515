import type { Dictionary } from '../dictionary.js';

// The words of contract follow-up shared by every page, mail, feed and the API: measures with their
// units, the rating scale, check outcomes, sanctions, reasons for a change and legal bases.
export const contractsDa = {
  measures: {
    apprentice_years: { label: 'Lærlingeår', unit: 'lærlingeår' },
    apprentice_share: { label: 'Andel af arbejdstimer udført af lærlinge', unit: '%' },
    inclusion_persons: { label: 'Personer ansat på særlige vilkår', unit: 'personer' },
    labour_checks: { label: 'Kontroller af løn- og arbejdsvilkår', unit: 'kontroller' },
    co2_per_m2_year: { label: 'Klimapåvirkning (LCA)', unit: 'kg CO₂e/m²/år' },
    fossil_free_share: { label: 'Andel fossilfri maskiner og drift', unit: '%' },
    ecolabel_share: { label: 'Andel miljømærkede produkter', unit: '%' },
    reused_tonnes: { label: 'Genbrugte og genanvendte materialer', unit: 'tons' },
    dgnb_score: { label: 'DGNB-score', unit: '%' },
    documentation_checks: { label: 'Kontroller af dokumentation', unit: 'kontroller' },
  },
  direction: { at_least: 'mindst', at_most: 'højst' },
  rating: {
    good: 'God',
    approaching: 'Nærmer sig målet',
    requires_improvement: 'Kræver forbedring',
    inadequate: 'Utilstrækkelig',
  },
  occasion: { yearly: 'Årlig vurdering', handover: 'Vurdering ved aflevering' },
  targetStatus: { met: 'Opfyldt', in_progress: 'I gang', not_met: 'Ikke opfyldt' },
  outcome: { compliant: 'I orden', finding: 'Bemærkning', breach: 'Brud' },
  sanction: { none: 'Ingen sanktion', warning: 'Advarsel', fine: 'Bod' },
  changeReason: {
    extra_work: 'Ekstraarbejde',
    changed_quantities: 'Ændrede mængder',
    unforeseen_conditions: 'Uforudsete forhold',
    price_adjustment: 'Prisregulering',
    extension_of_time: 'Tidsfristforlængelse',
    other: 'Andet',
  },
  legalBasis: {
    review_clause_179: 'Udbudsloven §179: revisionsklausul i kontrakten',
    additional_181: 'Udbudsloven §181: supplerende arbejder, tjenesteydelser eller varer',
    unforeseen_182: 'Udbudsloven §182: uforudsete omstændigheder',
    succession_183: 'Udbudsloven §183: ny kontrahent (overdragelse)',
    not_substantial_178: 'Udbudsloven §178: ikke en væsentlig ændring',
  },
} as const;

export const contractsEn: Dictionary<typeof contractsDa> = {
  measures: {
    apprentice_years: { label: 'Apprentice-years', unit: 'apprentice-years' },
    apprentice_share: { label: 'Share of labour hours worked by apprentices', unit: '%' },
    inclusion_persons: { label: 'People employed on special terms', unit: 'people' },
    labour_checks: { label: 'Checks of pay and working conditions', unit: 'checks' },
    co2_per_m2_year: { label: 'Climate impact (LCA)', unit: 'kg CO₂e/m²/year' },
    fossil_free_share: { label: 'Share of fossil-free machinery and site operation', unit: '%' },
    ecolabel_share: { label: 'Share of eco-labelled products', unit: '%' },
    reused_tonnes: { label: 'Reused and recycled materials', unit: 'tonnes' },
    dgnb_score: { label: 'DGNB score', unit: '%' },
    documentation_checks: { label: 'Checks of documentation', unit: 'checks' },
  },
  direction: { at_least: 'at least', at_most: 'at most' },
  rating: {
    good: 'Good',
    approaching: 'Approaching target',
    requires_improvement: 'Requires improvement',
    inadequate: 'Inadequate',
  },
  occasion: { yearly: 'Yearly rating', handover: 'Rating at handover' },
  targetStatus: { met: 'Met', in_progress: 'In progress', not_met: 'Not met' },
  outcome: { compliant: 'Compliant', finding: 'Finding', breach: 'Breach' },
  sanction: { none: 'No sanction', warning: 'Warning', fine: 'Fine' },
  changeReason: {
    extra_work: 'Extra work',
    changed_quantities: 'Changed quantities',
    unforeseen_conditions: 'Unforeseen conditions',
    price_adjustment: 'Price adjustment',
    extension_of_time: 'Extension of time',
    other: 'Other',
  },
  legalBasis: {
    review_clause_179: 'Danish Public Procurement Act §179: review clause in the contract',
    additional_181: 'Danish Public Procurement Act §181: additional works, services or supplies',
    unforeseen_182: 'Danish Public Procurement Act §182: unforeseen circumstances',
    succession_183: 'Danish Public Procurement Act §183: new contractor (succession)',
    not_substantial_178: 'Danish Public Procurement Act §178: not a substantial change',
  },
};
