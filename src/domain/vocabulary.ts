// The portal's domain words and their Danish labels (DESIGN.md, "Domain words").

export const contractTypes = ['works', 'services', 'supplies'] as const;
export type ContractType = (typeof contractTypes)[number];

export const workTypes = [
  'renovation',
  'new_build',
  'maintenance',
  'climate_adaptation',
  'energy',
  'demolition',
  'service',
] as const;
export type WorkType = (typeof workTypes)[number];

export const procedures = [
  'direct_award',
  'quotes',
  'announced_quotes',
  'invited_bids',
  'national_tender',
  'eu_tender',
] as const;
export type Procedure = (typeof procedures)[number];

export const tenderStatuses = [
  'planned',
  'in_preparation',
  'published',
  'evaluation',
  'awarded',
  'contracted',
  'cancelled',
] as const;
export type TenderStatus = (typeof tenderStatuses)[number];

export const contractTypeLabels: Record<ContractType, string> = {
  works: 'bygge- og anlægsarbejde',
  services: 'tjenesteydelse',
  supplies: 'vareindkøb',
};

export const workTypeLabels: Record<WorkType, string> = {
  renovation: 'Renovering',
  new_build: 'Nybyggeri',
  maintenance: 'Vedligeholdelse',
  climate_adaptation: 'Klimatilpasning',
  energy: 'Energiforbedring',
  demolition: 'Nedrivning',
  service: 'Service',
};

export const statusLabels: Record<TenderStatus, string> = {
  planned: 'Planlagt',
  in_preparation: 'Under forberedelse',
  published: 'Åben for tilbud',
  evaluation: 'Under evaluering',
  awarded: 'Tildelt',
  contracted: 'Kontrakt indgået',
  cancelled: 'Aflyst',
};

export const procedureLabels: Record<Procedure, string> = {
  direct_award: 'direkte tildeling',
  quotes: 'indhentning af tilbud',
  announced_quotes: 'annonceret indhentning af tilbud',
  invited_bids: 'underhåndsbud',
  national_tender: 'licitation (offentlig eller begrænset)',
  eu_tender: 'EU-udbud',
};

export const requirementCategoryLabels: Record<string, string> = {
  social: 'Socialt ansvar',
  labour: 'Arbejdsforhold',
  climate: 'Klima',
  environment: 'Miljø',
  governance: 'God forretningsskik',
};
